"""Everything that talks to Midtrans, and nothing else does: Snap transactions, the status of a
transaction, refunds and the signature of its notifications. Midtrans counts IDR in whole rupiah,
written as decimals ("150000.00").

midtransclient calls `requests` itself, with no timeout and with Midtrans's addresses as class
attributes of its ApiConfig: each client here gets a session with a timeout, and MIDTRANS_API_BASE
(the tests' fake Midtrans) is set on that client's own config, never on the class."""

import contextlib
import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import midtransclient
import requests
from flask import current_app

from marketplace.payments.exceptions import ProviderUnavailable
from marketplace.payments.models import Payment, PaymentMethod
from marketplace.payments.processors import ChargeRefunds

#: Snap's name (`enabled_payments`) of each channel we offer
SNAP_CHANNELS = {
    PaymentMethod.QRIS: "other_qris", PaymentMethod.GOPAY: "gopay", PaymentMethod.SHOPEEPAY: "shopeepay",
    PaymentMethod.BCA_VA: "bca_va", PaymentMethod.BNI_VA: "bni_va", PaymentMethod.BRI_VA: "bri_va",
    PaymentMethod.MANDIRI_VA: "echannel", PaymentMethod.PERMATA_VA: "permata_va",
    PaymentMethod.INDOMARET: "indomaret", PaymentMethod.ALFAMART: "alfamart",
}
#: seconds to wait for Midtrans before the request counts as failed
TIMEOUT = 15
_PAID = {"settlement"}
_FAILED = {"deny", "cancel", "expire", "failure"}
_REFUNDED = {"refund", "partial_refund"}


class UnknownTransaction(Exception):
    """Midtrans has no transaction with this order id (yet: the buyer has not chosen a channel)."""


class InvalidSignature(Exception):
    """The notification was not signed with our server key."""


@dataclass(frozen=True)
class TransactionState:
    """What Midtrans says about a transaction, in our units."""

    reference: str
    status: str
    fraud_status: str | None
    #: rupiah as Midtrans wrote them: a fraction of a rupiah never matches a payment
    amount: Decimal
    currency: str
    refunds: ChargeRefunds

    @property
    def result(self) -> str | None:
        """`succeeded`, `failed`, `refunded`, or None while the customer may still pay (a card
        capture that the fraud check challenged waits for its decision)."""
        if self.status in _PAID or (self.status == "capture" and self.fraud_status == "accept"):
            return "succeeded"
        if self.status in _FAILED or (self.status == "capture" and self.fraud_status == "deny"):
            return "failed"
        if self.status in _REFUNDED:
            return "refunded"
        return None

    @property
    def event_id(self) -> str:
        """Midtrans's notifications carry no id of their own: one state of a transaction is one event,
        so every notification that confirms the same state is a repeat."""
        return f"midtrans:{self.reference}:{self.status}:{self.fraud_status or '-'}:{self.refunds.total}"


def is_configured() -> bool:
    config = current_app.config
    return bool(config.get("MIDTRANS_SERVER_KEY") and config.get("MIDTRANS_CLIENT_KEY"))


def snap_js_url() -> str:
    """Snap.js beside the Snap API the payments are made on (sandbox, production or the fake one)."""
    config = current_app.config
    if config.get("MIDTRANS_SNAP_JS_URL"):
        return config["MIDTRANS_SNAP_JS_URL"]
    return _snap_base(midtransclient.Snap(is_production=config["MIDTRANS_IS_PRODUCTION"]).api_config) \
        .removesuffix("/v1") + "/snap.js"


class _Session(requests.Session):
    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(method, url, *args, **kwargs)


def _snap_base(api_config) -> str:
    base = current_app.config.get("MIDTRANS_API_BASE")
    return f"{base.rstrip('/')}/snap/v1" if base else api_config.get_snap_base_url()


@contextlib.contextmanager
def _client(kind):
    """A `midtransclient.Snap` or `CoreApi` with our keys, its own session and, for the tests, the
    fake Midtrans as its address; Midtrans's refusals and silences become ProviderUnavailable."""
    config = current_app.config
    client = kind(is_production=config["MIDTRANS_IS_PRODUCTION"], server_key=config["MIDTRANS_SERVER_KEY"],
                  client_key=config["MIDTRANS_CLIENT_KEY"], custom_headers={}, proxies={})
    if config.get("MIDTRANS_API_BASE"):
        core, snap = config["MIDTRANS_API_BASE"].rstrip("/"), _snap_base(client.api_config)
        client.api_config.CORE_SANDBOX_BASE_URL = client.api_config.CORE_PRODUCTION_BASE_URL = core
        client.api_config.SNAP_SANDBOX_BASE_URL = client.api_config.SNAP_PRODUCTION_BASE_URL = snap
    session = _Session()
    client.http_client.http_client = session
    try:
        yield client
    except midtransclient.MidtransAPIError as error:
        if _status_code(error) == 404:
            raise UnknownTransaction(str(error)) from error
        raise ProviderUnavailable(str(error)) from error
    except (requests.RequestException, midtransclient.JSONDecodeError) as error:
        raise ProviderUnavailable(str(error)) from error
    finally:
        session.close()


def _status_code(error) -> int:
    answered = (error.api_response_dict or {}).get("status_code")
    return int(answered) if str(answered).isdigit() else error.http_status_code


def create_transaction(payment: Payment, order_id: str, details: dict,
                       expiry_minutes: int) -> tuple[str, str]:
    """A Snap transaction for the whole checkout, open on its one channel for `expiry_minutes`;
    returns its token (for Snap.js) and the address of its payment page. `details` holds the
    `item_details` (adding up to the amount) and `customer_details` Snap shows the buyer."""
    params = {"transaction_details": {"order_id": order_id, "gross_amount": payment.amount},
              "enabled_payments": [SNAP_CHANNELS[payment.method]],
              "expiry": {"unit": "minute", "duration": expiry_minutes}, **details}
    with _client(midtransclient.Snap) as snap:
        created = snap.create_transaction(params)
    return created["token"], created["redirect_url"]


def transaction_state(reference: str) -> TransactionState:
    """What Midtrans says now; raises UnknownTransaction when it knows no such order id."""
    with _client(midtransclient.CoreApi) as core:
        answer = core.transactions.status(reference)
    return _state(answer)


def _state(answer: dict) -> TransactionState:
    refunds = sorted(answer.get("refunds") or [],
                     key=lambda item: (item.get("created_at") or "", str(item["refund_chargeback_id"])))
    listed = [(str(item["refund_chargeback_id"]), int(_rupiah(item["refund_amount"]))) for item in refunds]
    total = int(_rupiah(answer.get("refund_amount") or "0"))
    return TransactionState(
        reference=answer["order_id"], status=answer["transaction_status"],
        fraud_status=answer.get("fraud_status"),
        amount=_rupiah(answer.get("gross_amount")), currency=(answer.get("currency") or "IDR").upper(),
        refunds=ChargeRefunds(charge=answer["order_id"], payment_intent=answer["order_id"], listed=listed,
                              total=max(total, sum(amount for _id, amount in listed))))


def _rupiah(text) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return Decimal(-1)  # matches no payment


def refund(reference: str, amount: int, idempotency_key: str) -> str:
    """Give back `amount` rupiah of a transaction (QRIS, GoPay, ShopeePay); returns the refund's id.
    The refund key makes a retry the same refund; our own records cap the amount."""
    params = {"refund_key": f"{reference}-{idempotency_key}", "amount": amount,
              "reason": "refund by the marketplace"}
    with _client(midtransclient.CoreApi) as core:
        answer = core.transactions.refund(reference, params)
    return str(answer["refund_chargeback_id"])


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """Midtrans's `signature_key`: SHA-512 of the order id, status code, gross amount and server key."""
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def verify_notification(payload: bytes) -> str:
    """The order id the notification is about, if it is signed with our server key. Its body says
    nothing more that we believe: the state is asked from Midtrans."""
    try:
        body = json.loads(payload)
        fields = [body[name] for name in ("order_id", "status_code", "gross_amount", "signature_key")]
    except (ValueError, TypeError, KeyError) as error:
        raise InvalidSignature() from error
    if not all(isinstance(value, str) for value in fields):
        raise InvalidSignature()
    order_id, status_code, gross_amount, given = fields
    expected = signature(order_id, status_code, gross_amount, current_app.config["MIDTRANS_SERVER_KEY"])
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise InvalidSignature()
    return order_id
