"""Journey (1) timed in Chromium at 360x740: a new artisan registers from "Sell your cloth here",
applies for a shop, a curator verifies it, and the artisan publishes a first listing with a photo
(the steps of tests/test_journey_artisan.py, from tests/journeys.py). The app runs in this process
on a loopback port, on a fresh SQLite database, with emails kept in memory, as in the tests.

Prints, for the artisan and for the curator, the fields filled, the taps, the pages opened and the
seconds of browser time (the walk without the axe-core and width checks made on every page).

    .venv/bin/python bench/journey.py
    .venv/bin/python bench/journey.py --runs 3
"""

import argparse
import logging
import statistics
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT  # noqa: F401  (puts the repository on sys.path)
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from config import TestConfig
from marketplace import create_app
from marketplace.auth.models import Role
from marketplace.extensions import db
from marketplace.web.mail import outbox
from tests.browser import CHROMIUM, CHROMIUM_FLAGS, PHONE
from tests.factories import PASSWORD, UserFactory
from tests.journeys import Phone, artisan_opens_a_shop, photo


def walk(folder: Path) -> tuple[Phone, Phone, float]:
    """One walk on a fresh app: the artisan's phone, the curator's, and the seconds it took."""
    app = create_app(TestConfig(f"sqlite:///{folder / 'journey.db'}", str(folder / "uploads")))
    # the figures on the terminal, not a line per request
    for name in ("werkzeug", "marketplace", "marketplace.requests"):
        logging.getLogger(name).setLevel(logging.WARNING)
    with app.app_context():
        db.create_all()
        curator = UserFactory(email="kurator@dekranasda.id", name="Rahmawati", roles=[Role.CURATOR])
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base_url = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=CHROMIUM_FLAGS)
                artisan = Phone(browser.new_context(viewport=PHONE, base_url=base_url).new_page(), base_url)
                curator_phone = artisan.another()
                started = time.perf_counter()
                artisan_opens_a_shop(artisan, curator_phone, curator, PASSWORD, outbox(), photo(folder))
                seconds = time.perf_counter() - started
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return artisan, curator_phone, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="walks on fresh apps; the median is printed")
    runs = parser.parse_args().runs
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            results.append(walk(Path(folder)))
    artisan, curator, _ = results[0]  # the same steps every run: the counts do not vary
    checking = statistics.median(a.checking + c.checking for a, c, _ in results)
    browser = statistics.median(seconds - a.checking - c.checking for a, c, seconds in results)
    print("| person | fields filled | taps | pages |")
    print("| --- | ---: | ---: | ---: |")
    for name, phone in (("artisan", artisan), ("curator", curator)):
        print(f"| {name} | {phone.fields} | {phone.taps} | {len(phone.pages)} |")
    print(f"\nbrowser time: {browser:.1f} s for both people (median of {runs}); "
          f"axe-core and width checks on every page: {checking:.1f} s more")


if __name__ == "__main__":
    main()
