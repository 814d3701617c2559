"""Try a card payment on your machine: localstripe (a fake Stripe, installed in .venv as a test-only
tool) on 127.0.0.1, and the development server configured for it, in one command:

    make card-locally        # or: .venv/bin/python scripts/card_locally.py [--port 5000]

Then log in as a demo customer, put cloth in the cart, choose "Debit or credit card" at checkout,
type any card number and press "Complete authentication" on the fake 3-D Secure step (localstripe's
stand-in for Stripe.js does not read the number: see PAY_WITH_A_TEST_CARD in
tests/localstripe_server.py). localstripe sends the signed `payment_intent.succeeded` webhook a
second later and the order shows as paid. Ctrl-C stops both servers. tests/test_journey_card.py
walks the same payment in Chromium."""

import argparse
import contextlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.localstripe_server import (  # noqa: E402
    API_KEY,
    PAY_WITH_A_TEST_CARD,
    WEBHOOK_SECRET,
    running_localstripe,
)

FLASK = [sys.executable, "-m", "flask"]

def card_environment(stripe_url: str, public_url: str) -> dict:
    """The development settings with card payments pointed at localstripe (API and Stripe.js)."""
    return dict(os.environ, FLASK_APP="wsgi.py", MARKETPLACE_ENV="development", PUBLIC_URL=public_url,
                STRIPE_SECRET_KEY=API_KEY, STRIPE_PUBLISHABLE_KEY="pk_test_localstripe",
                STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=stripe_url,
                STRIPE_JS_URL=f"{stripe_url}/js.stripe.com/v3/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=5000, help="the marketplace's port on 127.0.0.1")
    port = parser.parse_args().port
    public_url = f"http://127.0.0.1:{port}"
    with running_localstripe(before=PAY_WITH_A_TEST_CARD) as stripe:
        stripe.register_webhook(f"{public_url}/payments/stripe/webhook", WEBHOOK_SECRET)
        env = card_environment(stripe.base_url, public_url)
        for command in (["db", "upgrade"], ["seed-demo"]):
            subprocess.run(FLASK + command, cwd=ROOT, env=env, check=True)
        print(f"localstripe at {stripe.base_url}; the marketplace at {public_url} (Ctrl-C stops both)")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches both: flask stops, then localstripe
            subprocess.run(FLASK + ["run", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env)


if __name__ == "__main__":
    main()
