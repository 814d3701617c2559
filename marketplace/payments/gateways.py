"""Which processor serves a payment, for what every processor does alike: giving money back."""

from marketplace.payments import midtrans_gateway, stripe_gateway
from marketplace.payments.models import Payment, Provider


def send_refund(payment: Payment, amount: int, idempotency_key: str) -> str:
    """Give back `amount` rupiah of a payment at its processor (a card, QRIS or an e-wallet: see
    `PaymentMethod.refunds_automatically`); returns the processor's refund id."""
    if payment.method.provider == Provider.MIDTRANS:
        return midtrans_gateway.refund(payment.reference, amount, idempotency_key)
    return stripe_gateway.refund(payment.reference, amount, idempotency_key)
