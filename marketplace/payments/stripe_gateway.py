"""Everything that talks to Stripe, and nothing else does. Amounts cross this boundary only here:
Stripe counts IDR in hundredths, so Rp 150.000 is amount=15000000."""

import contextlib
from dataclasses import dataclass

import stripe
from flask import current_app

from marketplace.payments.exceptions import ProviderUnavailable
from marketplace.payments.models import Payment
from marketplace.payments.processors import ChargeRefunds

CURRENCY = "idr"


class InvalidSignature(Exception):
    """The webhook was not signed with our secret, or the signature is too old."""


@dataclass(frozen=True)
class IntentState:
    """What Stripe says about a PaymentIntent, in our units."""

    reference: str
    status: str
    amount: int
    currency: str
    declined: bool

    @property
    def result(self) -> str | None:
        """`succeeded`, `failed`, or None while the customer may still pay."""
        if self.status == "succeeded":
            return "succeeded"
        if self.status == "canceled" or self.declined:
            return "failed"
        return None


def is_configured() -> bool:
    return bool(current_app.config.get("STRIPE_SECRET_KEY"))


def to_stripe_amount(rupiah: int) -> int:
    return rupiah * 100


def from_stripe_amount(amount: int) -> int:
    return amount // 100


@contextlib.contextmanager
def _client():
    config = current_app.config
    http_client = stripe.RequestsClient()
    options = {"base_addresses": {"api": config["STRIPE_API_BASE"]}} if config.get("STRIPE_API_BASE") else {}
    try:
        yield stripe.StripeClient(config["STRIPE_SECRET_KEY"], http_client=http_client,
                                  max_network_retries=config.get("STRIPE_NETWORK_RETRIES", 2), **options)
    except stripe.StripeError as error:
        raise ProviderUnavailable(str(error)) from error
    finally:
        http_client.close()


def create_intent(payment: Payment, idempotency_key: str) -> tuple[str, str]:
    """A PaymentIntent for the whole checkout; returns its id and the client secret for Stripe.js."""
    params = {"amount": to_stripe_amount(payment.amount), "currency": CURRENCY,
              "payment_method_types": ["card"],
              "metadata": {"checkout_id": str(payment.checkout_id), "payment_id": str(payment.id)}}
    with _client() as client:
        intent = client.v1.payment_intents.create(params=params, options={"idempotency_key": idempotency_key})
    return intent.id, intent.client_secret


def client_secret(reference: str) -> str:
    with _client() as client:
        return client.v1.payment_intents.retrieve(reference).client_secret


def intent_state(reference: str) -> IntentState:
    with _client() as client:
        intent = client.v1.payment_intents.retrieve(reference)
    return _state(intent)


def _state(intent) -> IntentState:
    return IntentState(reference=intent.id, status=intent.status, amount=from_stripe_amount(intent.amount),
                       currency=intent.currency.upper(), declined=bool(intent.last_payment_error))


def verify_event(payload: bytes, signature: str | None):
    """The event, if Stripe signed it with our secret within the last five minutes."""
    try:
        secret = current_app.config["STRIPE_WEBHOOK_SECRET"]
        return stripe.Webhook.construct_event(payload, signature or "", secret)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise InvalidSignature() from error


#: the events we act on, and what each says about the payment
EVENT_RESULTS = {"payment_intent.succeeded": "succeeded", "payment_intent.payment_failed": "failed",
                 "charge.refunded": "refunded"}


def intent_of(event) -> IntentState:
    return _state(event.data.object)


def refunds_of(charge) -> ChargeRefunds:
    """What a `charge.refunded` event says."""
    charge = charge.to_dict() if hasattr(charge, "to_dict") else charge
    listed = (charge.get("refunds") or {}).get("data") or []
    ordered = sorted(listed, key=lambda item: (item.get("created") or 0, item["id"]))
    return ChargeRefunds(charge=charge["id"], payment_intent=charge.get("payment_intent"),
                         listed=[(item["id"], from_stripe_amount(item["amount"])) for item in ordered],
                         total=from_stripe_amount(charge.get("amount_refunded") or 0))


def refund(reference: str, amount: int, idempotency_key: str) -> str:
    """Give back `amount` rupiah of a PaymentIntent; returns the refund's id. Our own records cap
    the amount: the processor is not relied on to refuse more than was paid."""
    params = {"payment_intent": reference, "amount": to_stripe_amount(amount)}
    with _client() as client:
        return client.v1.refunds.create(params=params, options={"idempotency_key": idempotency_key}).id
