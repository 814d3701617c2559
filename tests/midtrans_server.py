"""A fake Midtrans on 127.0.0.1, written from Midtrans's published API, for the real `midtransclient`
to talk to (MIDTRANS_API_BASE = `base_url`; Snap is under /snap/v1 as the app expects).

What it answers, with HTTP Basic auth by the server key (the key as user, no password):
    POST /snap/v1/transactions       Snap: `transaction_details` {order_id, gross_amount}, optional
                                     `item_details` that must add up to it; an order id only once.
                                     201 {token, redirect_url}. Midtrans has no transaction until
                                     the buyer picks a channel: until then status is 404.
    GET  /v2/<order_id>/status       the transaction: status_code, transaction_status, fraud_status,
                                     gross_amount ("350000.00"), currency, payment_type, refunds...
    POST /v2/<order_id>/refund       {refund_key, amount, reason}: from settlement or capture (or a
                                     partial refund); the same refund_key again is the same refund.
    GET  /snap/snap.js               a stand-in for Snap.js (defines `window.snap.pay`)
    GET  /snap/v2/vtweb/<token>      the Snap page (Snap.js and the no-JavaScript link open it): the
                                     buyer pays by QRIS there, or gets a virtual account's number
    POST /snap/v2/vtweb/<token>/pay  the buyer scans the QRIS code and pays: settlement, the signed
                                     notification to `notification_url`, back to `callbacks.finish`
    POST /snap/v2/vtweb/<token>/choose   the buyer asks for the virtual account's number: pending

The tests move a transaction along as a buyer and Midtrans would (`choose`, `set_status`,
`refund_at_dashboard`, `pay_at_the_bank`) and send notifications signed as Midtrans signs them:
`signature_key` = SHA-512(order_id + status_code + gross_amount + server key). With
`notification_url` set, a payment made on the Snap page or at the bank is notified there, as
Midtrans does (or held until `release_notifications` while `hold_notifications` is true).

Fixture (listed in the root conftest's `pytest_plugins`): `midtrans`, a fresh server per test.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import http.server
import json
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import pytest

SERVER_KEY = "SB-Mid-server-marketplace-tests"
CLIENT_KEY = "SB-Mid-client-marketplace-tests"
#: the status code Midtrans gives with each transaction status
STATUS_CODES = {"pending": "201", "settlement": "200", "capture": "200", "deny": "202", "cancel": "200",
                "expire": "407", "failure": "202", "refund": "200", "partial_refund": "200"}
PAYMENT_TYPES = {"other_qris": "qris", "gopay": "gopay", "shopeepay": "shopeepay", "bca_va": "bank_transfer",
                 "bni_va": "bank_transfer", "bri_va": "bank_transfer", "permata_va": "bank_transfer",
                 "echannel": "echannel", "indomaret": "cstore", "alfamart": "cstore"}
#: Snap.js opens Snap's page in a window over the shop; this stand-in opens the same page in the tab
SNAP_JS = ("(function () { var origin = new URL(document.currentScript.src).origin;"
           " window.snap = { pay: function (token, options) {"
           " window.location.assign(origin + '/snap/v2/vtweb/' + token); } }; })();\n")


def app_settings(fake: FakeMidtrans) -> dict:
    """The settings that point the app's `midtransclient` at `fake` (for `make_app(**...)`)."""
    return {"MIDTRANS_SERVER_KEY": SERVER_KEY, "MIDTRANS_CLIENT_KEY": CLIENT_KEY,
            "MIDTRANS_API_BASE": fake.base_url}


def rupiah(amount: int) -> str:
    return f"{amount}.00"


def sign(order_id: str, status_code: str, gross_amount: str, server_key: str = SERVER_KEY) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


@dataclass
class Transaction:
    order_id: str
    snap: dict
    token: str
    gross_amount: int
    currency: str = "IDR"
    #: None until the buyer picks a channel on the Snap page
    status: str | None = None
    fraud_status: str | None = None
    payment_type: str | None = None
    refunds: list[dict] = field(default_factory=list)

    def body(self) -> dict:
        status_code = STATUS_CODES[self.status]
        body = {"status_code": status_code, "status_message": "Success, transaction is found",
                "transaction_id": str(uuid.uuid5(uuid.NAMESPACE_URL, self.order_id)),
                "order_id": self.order_id, "gross_amount": rupiah(self.gross_amount),
                "currency": self.currency,
                "payment_type": self.payment_type, "transaction_time": "2026-12-07 10:00:00",
                "transaction_status": self.status, "merchant_id": "G000000000",
                "signature_key": sign(self.order_id, status_code, rupiah(self.gross_amount))}
        if self.fraud_status:
            body["fraud_status"] = self.fraud_status
        if self.payment_type == "bank_transfer":
            body["va_numbers"] = [{"bank": self.snap["enabled_payments"][0].removesuffix("_va"),
                                   "va_number": "12345678901"}]
        if self.refunds:
            body["refunds"] = [dict(item) for item in self.refunds]
            body["refund_amount"] = rupiah(self.refunded)
        return body

    @property
    def refunded(self) -> int:
        return sum(int(float(item["refund_amount"])) for item in self.refunds)


class FakeMidtrans:
    """The server's state and the tests' handles on it."""

    def __init__(self, server: http.server.ThreadingHTTPServer, server_key: str = SERVER_KEY):
        self._server = server
        self.server_key = server_key
        self.lock = threading.Lock()
        self.transactions: dict[str, Transaction] = {}
        self.requests: list[tuple[str, str]] = []
        self._refund_ids = iter(range(1001, 1_000_000))
        #: the app's notification URL, as registered in Midtrans's dashboard
        self.notification_url: str | None = None
        #: hold notifications until `release_notifications` (to look at the app before one arrives)
        self.hold_notifications = False
        self.held: list[str] = []

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def only(self) -> Transaction:
        (transaction,) = self.transactions.values()
        return transaction

    # -- what the buyer and Midtrans do -----------------------------------------------------------------

    def choose(self, order_id: str) -> Transaction:
        """The buyer picks the transaction's channel on the Snap page: now Midtrans knows it, pending."""
        with self.lock:
            transaction = self.transactions[order_id]
            channel = transaction.snap["enabled_payments"][0]
            transaction.status, transaction.payment_type = "pending", PAYMENT_TYPES[channel]
            return transaction

    def set_status(self, order_id: str, status: str, fraud_status: str | None = None,
                   gross_amount: int | None = None, currency: str | None = None) -> Transaction:
        if self.transactions[order_id].status is None:
            self.choose(order_id)
        with self.lock:
            transaction = self.transactions[order_id]
            transaction.status, transaction.fraud_status = status, fraud_status
            if gross_amount is not None:
                transaction.gross_amount = gross_amount
            if currency is not None:
                transaction.currency = currency
            return transaction

    def pay_at_the_bank(self, order_id: str) -> tuple[int, dict]:
        """The buyer pays the virtual account from their bank: settled, and Midtrans notifies."""
        self.set_status(order_id, "settlement")
        return self._paid(order_id)

    def _paid(self, order_id: str) -> tuple[int, dict] | None:
        if self.notification_url is None:
            return None
        if self.hold_notifications:
            self.held.append(order_id)
            return None
        return self.notify(self.notification_url, order_id)

    def release_notifications(self) -> list[tuple[int, dict]]:
        """Send the held notifications now; the app's answers."""
        held, self.held = self.held, []
        return [self.notify(self.notification_url, order_id) for order_id in held]

    def refund_at_dashboard(self, order_id: str, amount: int) -> dict:
        """A refund the agency makes in Midtrans's dashboard, not through the marketplace."""
        return self._refund(order_id, {"amount": amount, "reason": "dashboard"})[1]

    # -- notifications ---------------------------------------------------------------------------------

    def notification(self, order_id: str, server_key: str | None = None, **changes) -> bytes:
        """The body Midtrans POSTs to the notification URL for the transaction as it is now, signed
        with `server_key` (ours unless given); `changes` alter the body after signing (a forgery)."""
        with self.lock:
            body = self.transactions[order_id].body()
        body["signature_key"] = sign(order_id, body["status_code"], body["gross_amount"],
                                     server_key or self.server_key)
        body.update(changes)
        return json.dumps(body).encode()

    def notify(self, url: str, order_id: str) -> tuple[int, dict]:
        """Send the signed notification over HTTP, as Midtrans does; the app's status and answer."""
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.request("POST", parts.path, body=self.notification(order_id),
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            connection.close()

    # -- the API ---------------------------------------------------------------------------------------

    def _create(self, params: dict) -> tuple[int, dict]:
        details = params.get("transaction_details") or {}
        order_id, gross = details.get("order_id"), details.get("gross_amount")
        if not isinstance(order_id, str) or not re.fullmatch(r"[A-Za-z0-9\-_~.]{1,50}", order_id) \
                or not isinstance(gross, int) or gross < 1:
            return 400, {"error_messages": ["transaction_details is invalid"]}
        items = params.get("item_details")
        if items is not None and sum(item["price"] * item["quantity"] for item in items) != gross:
            return 400, {"error_messages": ["transaction_details.gross_amount is not equal to the sum of "
                                            "item_details"]}
        with self.lock:
            if order_id in self.transactions:
                return 400, {"error_messages": ["transaction_details.order_id sudah digunakan"]}
            token = str(uuid.uuid4())
            self.transactions[order_id] = Transaction(order_id, params, token, gross)
        return 201, {"token": token, "redirect_url": f"{self.base_url}/snap/v2/vtweb/{token}"}

    def _status(self, order_id: str) -> tuple[int, dict]:
        with self.lock:
            transaction = self.transactions.get(order_id)
            if transaction is None or transaction.status is None:
                return 404, {"status_code": "404", "status_message": "Transaction doesn't exist."}
            return 200, transaction.body()

    def _refund(self, order_id: str, params: dict) -> tuple[int, dict]:
        with self.lock:
            transaction = self.transactions.get(order_id)
            if transaction is None or transaction.status is None:
                return 404, {"status_code": "404", "status_message": "Transaction doesn't exist."}
            key = params.get("refund_key") or f"auto-{uuid.uuid4()}"
            for existing in transaction.refunds:
                if existing["refund_key"] == key:
                    return 200, self._refund_answer(transaction, existing)
            amount = params.get("amount", transaction.gross_amount - transaction.refunded)
            refundable = transaction.gross_amount - transaction.refunded
            if transaction.status not in ("settlement", "capture", "partial_refund") \
                    or not isinstance(amount, int) or not 0 < amount <= refundable:
                return 412, {"status_code": "412", "status_message": "Merchant cannot modify the status"}
            made = {"refund_chargeback_id": next(self._refund_ids), "refund_amount": rupiah(amount),
                    "created_at": datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f"),
                    "reason": params.get("reason", ""), "refund_key": key}
            transaction.refunds.append(made)
            whole = transaction.refunded == transaction.gross_amount
            transaction.status = "refund" if whole else "partial_refund"
            return 200, self._refund_answer(transaction, made)

    def _refund_answer(self, transaction: Transaction, made: dict) -> dict:
        return {**transaction.body(), "status_message": "Success, refund request is approved",
                "refund_chargeback_id": made["refund_chargeback_id"], "refund_amount": made["refund_amount"],
                "refund_key": made["refund_key"]}

    def by_token(self, token: str) -> Transaction | None:
        with self.lock:
            return next((t for t in self.transactions.values() if t.token == token), None)

    def finish_url(self, transaction: Transaction) -> str:
        """Where Snap sends the buyer back (`callbacks.finish`), with what Snap appends to it."""
        finish = transaction.snap.get("callbacks", {}).get("finish") or "about:blank"
        joiner = "&" if "?" in finish else "?"
        return (f"{finish}{joiner}order_id={transaction.order_id}"
                f"&status_code={STATUS_CODES[transaction.status or 'pending']}"
                f"&transaction_status={transaction.status or 'pending'}")

    def _page(self, token: str) -> str:
        found = self.by_token(token)
        if found is None:
            return _snap_page("Snap", "<p>Unknown transaction</p>")
        channel = found.snap["enabled_payments"][0]
        heading = f"<h1>Pay {found.order_id}</h1><p>Rp {found.gross_amount}</p>"
        if found.status is not None and PAYMENT_TYPES[channel] == "bank_transfer":
            bank = channel.removesuffix("_va").upper()
            return _snap_page("Snap", f"{heading}<p>{bank} virtual account number: "
                                      f"<strong>12345678901</strong></p>"
                                      f"<p><a href='{self.finish_url(found)}'>Back to the shop</a></p>")
        if PAYMENT_TYPES[channel] == "bank_transfer":
            return _snap_page("Snap", f"{heading}<form method='post' action='/snap/v2/vtweb/{token}/choose'>"
                                      f"<button>Get the virtual account number</button></form>")
        return _snap_page("Snap", f"{heading}<p>Scan the QRIS code with any banking or e-wallet app.</p>"
                                  f"<form method='post' action='/snap/v2/vtweb/{token}/pay'>"
                                  f"<button>I have scanned and paid</button></form>")


def _snap_page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
            f"<body><main>{body}</main></body></html>")


def _handler(fake: FakeMidtrans):
    class Handler(http.server.BaseHTTPRequestHandler):
        def _authorised(self) -> bool:
            expected = "Basic " + base64.b64encode(f"{fake.server_key}:".encode()).decode()
            return self.headers.get("Authorization") == expected

        def _answer(self, status: int, body, content_type="application/json") -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _json(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                return json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return {}

        def do_GET(self):
            fake.requests.append(("GET", self.path))
            if self.path == "/snap/snap.js":
                return self._answer(200, SNAP_JS, "application/javascript")
            if match := re.fullmatch(r"/snap/v2/vtweb/([\w-]+)", self.path):
                return self._answer(200, fake._page(match.group(1)), "text/html; charset=utf-8")
            if not self._authorised():
                return self._answer(401, {"status_code": "401", "status_message": "Access denied"})
            if match := re.fullmatch(r"/v2/([^/]+)/status", self.path):
                return self._answer(*fake._status(match.group(1)))
            return self._answer(404, {"status_code": "404", "status_message": "Not found"})

        def _redirect(self, location: str) -> None:
            self.send_response(303)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _on_snap_page(self, token: str, step: str) -> None:
            """What the buyer does on the Snap page (a form post, with no server key)."""
            transaction = fake.by_token(token)
            if transaction is None:
                return self._answer(404, _snap_page("Snap", "<p>Unknown transaction</p>"), "text/html")
            if step == "choose":
                fake.choose(transaction.order_id)
                return self._redirect(f"/snap/v2/vtweb/{token}")
            fake.set_status(transaction.order_id, "settlement")
            fake._paid(transaction.order_id)
            return self._redirect(fake.finish_url(transaction))

        def do_POST(self):
            fake.requests.append(("POST", self.path))
            if match := re.fullmatch(r"/snap/v2/vtweb/([\w-]+)/(pay|choose)", self.path):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                return self._on_snap_page(match.group(1), match.group(2))
            body = self._json()
            if not self._authorised():
                return self._answer(401, {"status_code": "401", "status_message": "Access denied"})
            if self.path == "/snap/v1/transactions":
                return self._answer(*fake._create(body))
            if match := re.fullmatch(r"/v2/([^/]+)/refund", self.path):
                return self._answer(*fake._refund(match.group(1), body))
            return self._answer(404, {"status_code": "404", "status_message": "Not found"})

        def log_message(self, format, *args):  # keep test output quiet
            pass

    return Handler


@contextlib.contextmanager
def running_midtrans() -> Iterator[FakeMidtrans]:
    """The fake on 127.0.0.1 and a free port, in a thread; stopped on exit."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    fake = FakeMidtrans(server)
    server.RequestHandlerClass = _handler(fake)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def midtrans() -> Iterator[FakeMidtrans]:
    with running_midtrans() as fake:
        yield fake
