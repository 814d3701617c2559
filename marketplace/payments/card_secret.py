"""The card payment's PaymentIntent: made right after the checkout commits, in this process, so the
stock rows are not held while the processor answers and the buyer's next page can show the card
field; looking at a checkout (page or API) only reads it."""

from flask import current_app

from marketplace.payments import services as payments
from marketplace.payments import stripe_gateway
from marketplace.payments.exceptions import ProviderUnavailable
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus


def prepare_card_payment(payment: Payment) -> bool:
    """Give the payment its intent if it has none; False when the processor cannot be reached (the
    buyer is offered to try again). The caller commits."""
    try:
        payments.ensure_card_intent(payment, stripe_gateway.create_intent)
    except ProviderUnavailable:
        current_app.logger.exception("Card processor unavailable for payment %s", payment.id)
        return False
    return True


def card_client_secret(payment: Payment) -> str | None:
    """The client secret the card field needs, for the checkout page and the API alike; None when
    there is nothing to pay by card, no intent yet, or the processor cannot be reached."""
    waiting = payment.method == PaymentMethod.CARD and payment.status == PaymentStatus.PENDING
    if not waiting or not payment.reference:
        return None
    try:
        return stripe_gateway.client_secret(payment.reference)
    except ProviderUnavailable:
        current_app.logger.exception("Card processor unavailable for payment %s", payment.id)
        return None
