"""Which processor serves a payment, for what every processor does alike: giving money back."""

from flask import current_app

from marketplace.payments import midtrans_gateway, stripe_gateway
from marketplace.payments.models import Payment, Provider


def payment_scripts() -> list[str]:
    """The processors' scripts the pay page may load (the card form, and Snap when Midtrans is
    configured): the security headers let these hosts, and no other, run script on our pages."""
    scripts = [current_app.config["STRIPE_JS_URL"]]
    if midtrans_gateway.is_configured():
        scripts.append(midtrans_gateway.snap_js_url())
    return scripts


def send_refund(payment: Payment, amount: int, idempotency_key: str) -> str:
    """Give back `amount` rupiah of a payment at its processor (a card, QRIS or an e-wallet: see
    `PaymentMethod.refunds_automatically`); returns the processor's refund id."""
    if payment.method.provider == Provider.MIDTRANS:
        return midtrans_gateway.refund(payment.reference, amount, idempotency_key)
    return stripe_gateway.refund(payment.reference, amount, idempotency_key)
