from flask import current_app

from marketplace.extensions import db
from marketplace.payments import services as payments
from marketplace.payments import stripe_gateway
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus


def card_client_secret(payment: Payment) -> str | None:
    """The client secret the card field needs, for the checkout page and the API alike. The
    PaymentIntent is made after the checkout is committed, so the stock rows are not held while Stripe
    answers: its reference is committed here. None when there is nothing to pay by card, or when Stripe
    cannot be reached (the customer asks again later)."""
    if payment.method != PaymentMethod.CARD or payment.status != PaymentStatus.PENDING:
        return None
    try:
        payments.ensure_card_intent(payment, stripe_gateway.create_intent)
        db.session.commit()
        return stripe_gateway.client_secret(payment.reference)
    except stripe_gateway.GatewayError:
        db.session.rollback()
        current_app.logger.exception("Card processor unavailable for payment %s", payment.id)
        return None
