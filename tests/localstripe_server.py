"""Run localstripe (a stateful fake Stripe API) for tests, and point the official `stripe` package at it.

localstripe is GPL: it is installed in the virtualenv as a test-only tool and is never copied into this
repository. This module only starts it.

How the server runs
    `running_localstripe()` starts localstripe in a *subprocess* (`sys.executable -c ...`) listening on
    127.0.0.1 only (its own CLI listens on every interface), on a port the child picks itself (bind to port
    0, then print the port), so two test runs never race for a port. The parent polls until the server
    answers HTTP, and on exit sends SIGTERM (aiohttp shuts down gracefully), then SIGKILL after a few
    seconds if needed. The subprocess keeps aiohttp/localstripe imports, their warnings and their global
    state (the object store and the registered webhooks are module globals) out of the pytest process,
    which runs with `filterwarnings = error`: importing `localstripe.server` makes aiohttp 3.14 warn
    "DeprecationWarning: Bare functions are deprecated, use async ones" (localstripe registers sync
    handlers), which would be an error in-process. The child also disables localstripe's
    `Store.dump_to_disk`, which otherwise pickles the whole store to the fixed path
    /tmp/localstripe.pickle on every write (shared by every run on the machine).

Pointing `stripe` (16.x) at it
    Preferred, no global state::

        with stripe_client_for(localstripe.base_url) as client:      # a stripe.StripeClient
            intent = client.v1.payment_intents.create(
                params={"amount": 15000000, "currency": "idr"}, options={"idempotency_key": "checkout-42"}
            )

    which is `stripe.StripeClient(api_key, base_addresses={"api": base_url}, max_network_retries=0,
    http_client=...)`. Use `client.v1.<service>`: the older `client.payment_intents` etc. emit a
    DeprecationWarning in stripe 16 (an error under our pytest settings).

    Module-level style (`stripe.PaymentIntent.create(...)`)::

        with stripe_module_for(localstripe.base_url):
            stripe.PaymentIntent.create(amount=15000000, currency="idr", idempotency_key="checkout-42")

    which sets `stripe.api_key`, `stripe.api_base = base_url`, `stripe.max_network_retries = 0` and
    `stripe.default_http_client`, and restores all four afterwards.

    Both use `max_network_retries=0`: stripe 16 retries 409 and 5xx twice by default (with back-off
    sleeps), and localstripe answers "not implemented" with a 500. Both use a requests session with
    `trust_env=False` (no HTTP(S)_PROXY detour for 127.0.0.1) that is closed on exit (no unclosed-socket
    ResourceWarning).

Webhooks
    `LocalStripe.register_webhook(url, secret, events=None, webhook_id="tests")` calls localstripe's
    `POST /_config/webhooks/<webhook_id>` with `url` (must start with "http"), `secret` and optional
    `events` (a list of event types; None means all), sent as JSON (localstripe reads JSON or form data).
    localstripe POSTs each event about 1 s after the API call that caused it (an asyncio task that sleeps
    1 s), with headers `Content-Type: application/json; charset=utf-8` and
    `Stripe-Signature: t=<event.created>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>`.
    localstripe has no way to delete a webhook; `disable_webhooks()` re-registers every webhook id this
    object registered with `events=[]`, which matches nothing. `webhook_receiver()` is a tiny HTTP server
    on 127.0.0.1 that records what it is sent. `sign_payload()` signs a payload the way Stripe and
    localstripe do, for events localstripe never sends (it sends none for refunds).

The rest of /_config
    `DELETE /_config/data` empties the object store (`LocalStripe.reset()`); registered webhooks survive
    it. There is nothing else under /_config.

Fixtures: list "tests.localstripe_server" in the root conftest's `pytest_plugins`, or bind them in the
test module (`localstripe = localstripe_server.localstripe` after `from tests import localstripe_server`;
a plain `from ... import localstripe` trips ruff F811, and `pytest_plugins` in a test module that also
imports this module fails with PytestAssertRewriteWarning).
    `localstripe_server`: one server per test session.
    `localstripe`: the same server, reset before the test (`reset()`) and with its webhooks disabled
    after it. A delivery still pending from the previous test (sent ~1 s after its call, to whatever is
    registered *then*) can still reach the next test's receiver: filter with `concerning(object_id)`.
    `stripe_at_localstripe`: the `stripe` module pointed at `localstripe` (see `stripe_module_for`).
    `stripe_client_at_localstripe`: a `stripe.StripeClient` pointed at `localstripe`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import http.server
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

API_KEY = "sk_test_localstripe"
#: the signing secret our app is given for the webhook events the tests sign
WEBHOOK_SECRET = "whsec_marketplace_tests"

# Run in the child process. Binds 127.0.0.1 only, on a port chosen by the OS, and prints that port.
_SERVER_CODE = """
import socket
import sys

import localstripe.resources
from aiohttp import web
from localstripe.server import app

localstripe.resources.Store.dump_to_disk = lambda self: None

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.bind(("127.0.0.1", 0))
print(sock.getsockname()[1], flush=True)
web.run_app(app, sock=sock, print=None, access_log=None, shutdown_timeout=1.0)
"""

#: localstripe's stand-in for Stripe.js sends no card when the buyer pays: it only completes the
#: 3-D Secure step of a payment the server already confirmed with a card. Our server confirms
#: nothing (the browser does, as with real Stripe), so the child gives the payment a test card that
#: asks for 3-D Secure first, as Stripe would with the card typed; then the step completes it.
PAY_WITH_A_TEST_CARD = """
import localstripe.resources as resources

_authenticate = resources.PaymentIntent._api_authenticate

def _authenticate_with_a_test_card(id, client_secret=None, success=False, **kwargs):
    intent = resources.PaymentIntent._api_retrieve(id)
    if intent.status == "requires_payment_method" and client_secret == intent.client_secret:
        card = {"number": "4000000000003220", "exp_month": 12, "exp_year": 2040, "cvc": "123"}
        intent.payment_method = resources.PaymentMethod(type="card", card=card).id
        intent._confirm(on_failure_now=intent._report_failure)
    return _authenticate(id, client_secret=client_secret, success=success, **kwargs)

resources.extra_apis[:] = [(method, url, _authenticate_with_a_test_card if url.endswith("/_authenticate")
                            else func) for method, url, func in resources.extra_apis]
"""

_START_TIMEOUT = 15.0
_STOP_TIMEOUT = 5.0


@dataclass
class LocalStripe:
    """A running localstripe server."""

    host: str
    port: int
    api_key: str = API_KEY
    _webhook_ids: set[str] = field(default_factory=set, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        """A raw HTTP call (JSON body) to the server, without the stripe package and without proxies."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            headers = {"Authorization": f"Bearer {self.api_key}"}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def _config(self, method: str, path: str, body: dict | None = None) -> None:
        status, content = self.request(method, path, body)
        if status != 200:
            raise RuntimeError(f"localstripe {method} {path} -> {status}: {content!r}")

    def register_webhook(
        self, url: str, secret: str, events: list[str] | None = None, webhook_id: str = "tests"
    ) -> None:
        """Have localstripe POST events to `url`, signed with `secret`; `events` filters by type.

        Registering the same `webhook_id` again replaces that webhook."""
        body: dict = {"url": url, "secret": secret}
        if events is not None:
            body["events"] = list(events)
        self._config("POST", f"/_config/webhooks/{webhook_id}", body)
        self._webhook_ids.add(webhook_id)

    def disable_webhooks(self) -> None:
        """Stop deliveries to every webhook registered through this object (localstripe cannot delete)."""
        for webhook_id in sorted(self._webhook_ids):
            self._config(
                "POST",
                f"/_config/webhooks/{webhook_id}",
                {"url": "http://127.0.0.1:9/", "secret": "-", "events": []},
            )

    def reset(self) -> None:
        """Forget every object (DELETE /_config/data). Registered webhooks are kept."""
        self._config("DELETE", "/_config/data")

    def is_up(self) -> bool:
        try:
            status, _ = self.request("GET", "/v1/events?limit=1")
        except OSError:
            return False
        return status == 200


def _read_port(process: subprocess.Popen, deadline: float) -> int:
    assert process.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.1)
        if ready:
            line = process.stdout.readline()
            if line.strip().isdigit():
                return int(line)
            raise RuntimeError(f"localstripe did not report its port (got {line!r})")
        if process.poll() is not None:
            break
    raise RuntimeError("localstripe did not start")


@contextlib.contextmanager
def running_localstripe(start_timeout: float = _START_TIMEOUT, before: str = "") -> Iterator[LocalStripe]:
    """Start localstripe on 127.0.0.1 and a free port, wait until it answers, stop it on exit.
    `before` is code the child runs before it imports the server (such as PAY_WITH_A_TEST_CARD)."""
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", before + _SERVER_CODE],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            deadline = time.monotonic() + start_timeout
            try:
                server = LocalStripe("127.0.0.1", _read_port(process, deadline))
                while not server.is_up():
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("localstripe did not start")
                    time.sleep(0.02)
            except RuntimeError as error:
                stderr.seek(0)
                output = stderr.read().decode(errors="replace")
                raise RuntimeError(f"{error}; its stderr:\n{output}") from None
            yield server
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(_STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            assert process.stdout is not None
            process.stdout.close()


# --- pointing the stripe package at it --------------------------------------------------------------------


def _http_client():
    import requests
    import stripe

    session = requests.Session()
    session.trust_env = False
    return stripe.RequestsClient(session=session)


@contextlib.contextmanager
def stripe_client_for(base_url: str, api_key: str = API_KEY):
    """A `stripe.StripeClient` talking to `base_url`; its HTTP session is closed on exit."""
    import stripe

    http_client = _http_client()
    try:
        yield stripe.StripeClient(
            api_key, base_addresses={"api": base_url}, max_network_retries=0, http_client=http_client
        )
    finally:
        http_client.close()


@contextlib.contextmanager
def stripe_module_for(base_url: str, api_key: str = API_KEY) -> Iterator[None]:
    """Point the module-level API (`stripe.PaymentIntent.create`, ...) at `base_url`; restore it on exit."""
    import stripe

    saved = (stripe.api_key, stripe.api_base, stripe.max_network_retries, stripe.default_http_client)
    http_client = _http_client()
    stripe.api_key, stripe.api_base, stripe.max_network_retries = api_key, base_url, 0
    stripe.default_http_client = http_client
    try:
        yield
    finally:
        stripe.api_key, stripe.api_base, stripe.max_network_retries, stripe.default_http_client = saved
        http_client.close()


# --- webhook signatures ----------------------------------------------------------------------------------


def sign_payload(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header value for `payload`: `t=<unix time>,v1=<hex HMAC-SHA256>` of
    f"{t}.{payload}" keyed with the endpoint secret, which `stripe.Webhook.construct_event` verifies."""
    if timestamp is None:
        timestamp = int(time.time())
    signed = f"{timestamp}.".encode() + payload
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


# --- a webhook receiver ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedWebhook:
    path: str
    headers: dict[str, str]
    body: bytes
    received_at: float  # time.monotonic()

    @property
    def event(self) -> dict:
        return json.loads(self.body)


class WebhookReceiver:
    """Records the POSTs made to `url`; answers 200 (or `status`)."""

    def __init__(self, server: http.server.ThreadingHTTPServer):
        self._server = server
        self._condition = threading.Condition()
        self.received: list[ReceivedWebhook] = []
        self.status = 200

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/webhooks/stripe"

    def _record(self, webhook: ReceivedWebhook) -> None:
        with self._condition:
            self.received.append(webhook)
            self._condition.notify_all()

    def wait_for(
        self,
        predicate: Callable[[ReceivedWebhook], bool] = lambda _: True,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[ReceivedWebhook]:
        """Wait until `count` recorded webhooks satisfy `predicate`; return them (all of them, in order)."""
        with self._condition:
            self._condition.wait_for(
                lambda: len([w for w in self.received if predicate(w)]) >= count, timeout
            )
            matching = [w for w in self.received if predicate(w)]
        if len(matching) < count:
            raise AssertionError(f"expected {count} webhook(s), got {len(matching)}: {self.received!r}")
        return matching

    def event_types(self, predicate: Callable[[ReceivedWebhook], bool] = lambda _: True) -> list[str]:
        with self._condition:
            return [w.event["type"] for w in self.received if predicate(w)]


def concerning(object_id: str) -> Callable[[ReceivedWebhook], bool]:
    """A `wait_for` predicate: the event is about `object_id`. Filter on it: a delivery from an earlier test
    (localstripe sends ~1 s after the call, to whatever webhooks are registered by then) can arrive late."""
    return lambda webhook: webhook.event.get("data", {}).get("object", {}).get("id") == object_id


@contextlib.contextmanager
def webhook_receiver() -> Iterator[WebhookReceiver]:
    """An HTTP server on 127.0.0.1 (free port) in a thread, recording every POST; stopped on exit."""
    receiver: WebhookReceiver

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            receiver._record(ReceivedWebhook(self.path, dict(self.headers.items()), body, time.monotonic()))
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):  # keep test output quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver = WebhookReceiver(server)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- fixtures --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def localstripe_server() -> Iterator[LocalStripe]:
    with running_localstripe() as server:
        yield server


@pytest.fixture
def localstripe(localstripe_server: LocalStripe) -> Iterator[LocalStripe]:
    localstripe_server.reset()
    yield localstripe_server
    localstripe_server.disable_webhooks()


@pytest.fixture
def card_app(make_app, localstripe: LocalStripe):
    """The app with card payments on, talking to a freshly reset localstripe; a module whose tests
    pay by card makes it its `app` (`def app(card_app): return card_app`)."""
    return make_app(STRIPE_SECRET_KEY=API_KEY, STRIPE_PUBLISHABLE_KEY="pk_test_marketplace",
                    STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=localstripe.base_url,
                    STRIPE_NETWORK_RETRIES=0)


@pytest.fixture
def stripe_at_localstripe(localstripe: LocalStripe):
    """The `stripe` module, its module-level API pointed at a freshly reset localstripe."""
    import stripe

    with stripe_module_for(localstripe.base_url):
        yield stripe


@pytest.fixture
def stripe_client_at_localstripe(localstripe: LocalStripe):
    """A `stripe.StripeClient` talking to a freshly reset localstripe (use its `.v1` services)."""
    with stripe_client_for(localstripe.base_url) as client:
        yield client
