"""The agency's money actions, each written to the audit log: confirming a bank transfer, asking the
card processor about a payment, refunding an order. They call the payment rules and flush; the
caller commits, then sends the emails."""

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.payments import refunds
from marketplace.payments import services as payments
from marketplace.payments.models import Payment, PaymentMethod, Refund
from marketplace.payments.stripe_gateway import IntentState

_PAYMENT = ("status", "paid_at")


def confirm_transfer(payment: Payment, admin: User) -> None:
    """The agency saw the transfer arrive; raises AlreadySettled when it is no longer waiting."""
    before = snapshot(payment, *_PAYMENT)
    payments.confirm_bank_transfer(payment, admin)
    record_action(admin, "payment.confirm", payment, before=before,
                  after={**snapshot(payment, *_PAYMENT), "amount": payment.amount})
    db.session.flush()


def check_card_payment(payment: Payment, admin: User, state: IntentState) -> str | None:
    """Apply what the card processor says about a payment whose webhook may have been missed.
    Returns the outcome (paid, failed, already settled...), or None while the customer may still pay;
    only a change of the payment is written to the audit log."""
    if payment.method != PaymentMethod.CARD:
        raise payments.AlreadySettled(payment.id)
    before = snapshot(payment, *_PAYMENT)
    outcome = payments.reconcile_card_payment(payment, state)
    if outcome in ("paid", "failed"):
        record_action(admin, "payment.reconcile", payment, before=before,
                      after={**snapshot(payment, *_PAYMENT), "stripe_status": state.status})
    db.session.flush()
    return outcome


def refund_order(order: Order, amount: int, reason: str, admin: User, send_card_refund) -> Refund:
    """Refund part or all of an order; raises RefundTooLarge (more than is left to refund, or not a
    positive amount), RefundRefused (nothing paid) or the card processor's GatewayError."""
    before = {**snapshot(order, "status"), "refunded": refunds.refunded_so_far(order)}
    record = refunds.refund(order, amount, reason, admin, send_card_refund)
    after = {**snapshot(order, "status"), "refunded": refunds.refunded_so_far(order), "amount": amount,
             "reference": record.reference}
    record_action(admin, "order.refund", order, before=before, after=after, reason=record.reason)
    db.session.flush()
    return record
