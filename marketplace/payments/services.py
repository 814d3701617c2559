"""Payment rules: settling, expiring, bank transfer receipts and cash on delivery. A checkout is
paid at most once: every settlement is a guarded UPDATE from `pending`."""

import enum
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.auth.models import User
from marketplace.exceptions import Refusal
from marketplace.extensions import db, utcnow
from marketplace.media.images import delete_stored, store_product_image
from marketplace.orders import services as orders
from marketplace.orders.exceptions import (
    CashAlreadyRecorded,
    CashNotAsDue,
    NotCashOnDelivery,
    ReasonRequired,
    ReceiptNotExpected,
)
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentEvent, PaymentMethod, PaymentStatus
from marketplace.payments.stripe_gateway import IntentState
from marketplace.transitions import InvalidTransition


class AlreadySettled(Refusal):
    """The payment is no longer pending: paid, failed, expired or cancelled before this."""

    message = _l("This payment is no longer waiting: it was settled before.")


def _settle(payment: Payment, status: PaymentStatus, **values) -> None:
    moved = db.session.execute(
        update(Payment).where(Payment.id == payment.id, Payment.status == PaymentStatus.PENDING)
        .values(status=status, **values).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise AlreadySettled(payment.id)
    set_committed_value(payment, "status", status)
    for name, value in values.items():
        set_committed_value(payment, name, value)


def mark_paid(payment: Payment, actor: User | None, note: str | None = None) -> None:
    """The money is in: the checkout's orders waiting for it move on to paid."""
    _settle(payment, PaymentStatus.PAID, paid_at=utcnow(), confirmed_by_id=actor.id if actor else None)
    for order in payment_orders(payment):
        if order.status == OrderStatus.AWAITING_PAYMENT:
            orders.change_status(order, OrderStatus.PAID, actor, note)


def fail_or_expire(payment: Payment, status: PaymentStatus, actor: User | None = None) -> None:
    """No money came: the orders are cancelled and their stock is free again."""
    _settle(payment, status)
    for order in payment_orders(payment):
        if order.status == OrderStatus.AWAITING_PAYMENT:
            orders.change_status(order, OrderStatus.CANCELLED, actor, f"payment {status}")


def overdue_payments(now: datetime | None = None) -> list[Payment]:
    """Pending payments past their deadline, except transfers whose receipt the agency has not
    looked at yet: the customer did their part, so the wait is the agency's, not theirs."""
    return list(db.session.scalars(select(Payment).where(
        Payment.status == PaymentStatus.PENDING, Payment.deadline.is_not(None),
        Payment.deadline < (now or utcnow()), Payment.receipt_key.is_(None)).order_by(Payment.id)))


def attach_receipt(payment: Payment, upload) -> None:
    """The customer's photo of their transfer; a new one replaces the old."""
    if payment.method != PaymentMethod.BANK_TRANSFER or payment.status != PaymentStatus.PENDING:
        raise ReceiptNotExpected()
    stored = store_product_image(upload)
    delete_stored(stored.thumb_key, payment.receipt_key)
    payment.receipt_key = stored.large_key
    payment.note = None
    db.session.flush()


def reject_receipt(payment: Payment, reason: str, window: timedelta) -> None:
    """The receipt is let go and the customer has `window` from now to transfer or send the right
    one (the receipt had paused the deadline, which may have passed meanwhile)."""
    if payment.method != PaymentMethod.BANK_TRANSFER or payment.status != PaymentStatus.PENDING \
            or not payment.receipt_key:
        raise AlreadySettled(payment.id)
    if not reason:
        raise ReasonRequired()
    delete_stored(payment.receipt_key)
    payment.receipt_key, payment.note = None, reason
    payment.deadline = utcnow() + window
    db.session.flush()


def live_orders(payment: Payment) -> list[Order]:
    return [order for order in payment_orders(payment) if order.status != OrderStatus.CANCELLED]


def follow_cancellations(payment: Payment) -> None:
    """An unpaid checkout asks for what its orders still standing cost: after one shop's order is
    cancelled the customer transfers (or pays the courier) the rest; with none left, nothing."""
    remaining = sum(order.total for order in live_orders(payment))
    if remaining:
        payment.amount = remaining
        db.session.flush()
    else:
        _settle(payment, PaymentStatus.CANCELLED)


def cod_cash_due(order: Order) -> int:
    return order.total


def record_cod_cash(order: Order, actor: User, amount: int) -> None:
    """The artisan got the cash; once every shop of the checkout still standing has, the payment is
    settled. Only the amount due is accepted: anything else is a mistake or a shortfall for the
    agency to record."""
    payment = order.checkout.payment
    if payment.method != PaymentMethod.COD:
        raise NotCashOnDelivery()
    if order.status not in (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED):
        raise InvalidTransition(order.status, "cash received")
    if order.cod_cash_received is not None:
        raise CashAlreadyRecorded(order.cod_cash_received)
    if amount != cod_cash_due(order):
        raise CashNotAsDue(cod_cash_due(order))
    order.cod_cash_received = amount
    orders.record_event(order, order.status, order.status, actor, f"COD cash {amount}")
    db.session.flush()
    if all(other.cod_cash_received is not None for other in live_orders(payment)):
        mark_paid(payment, actor, note="cash on delivery received")


def payment_orders(payment: Payment) -> list[Order]:
    return list(db.session.scalars(select(Order).where(Order.checkout_id == payment.checkout_id)
                                   .order_by(Order.id)))


def record_provider_event(event_id: str, event_type: str) -> PaymentEvent | None:
    """Store the event id once; None when it was seen before (a repeated delivery)."""
    if db.session.scalar(select(PaymentEvent.id).where(PaymentEvent.event_id == event_id)):
        return None
    event = PaymentEvent(event_id=event_id, type=event_type)
    db.session.add(event)
    db.session.flush()  # a concurrent delivery of the same event fails here, on the unique event id
    return event


class CardOutcome(enum.StrEnum):
    """What a word from the card processor did (stored on the event, answered to the webhook)."""

    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"
    ALREADY_SETTLED = "already settled"
    AMOUNT_MISMATCH = "amount mismatch"
    UNKNOWN_PAYMENT = "unknown payment"
    RECORDED = "recorded"


def card_outcome(payment: Payment, state: IntentState) -> CardOutcome:
    """Apply the processor's state of a payment's intent; late, repeated or out-of-order news never
    moves an order backwards, and a paid mark needs the exact amount and currency."""
    try:
        if state.result == "succeeded":
            if (state.amount, state.currency) != (payment.amount, payment.currency):
                return CardOutcome.AMOUNT_MISMATCH
            mark_paid(payment, None, note="card payment")
            return CardOutcome.PAID
        if state.result == "failed":
            fail_or_expire(payment, PaymentStatus.FAILED)
            return CardOutcome.FAILED
    except AlreadySettled:
        return CardOutcome.ALREADY_SETTLED
    return CardOutcome.RECORDED


def pending_card_payments() -> list[Payment]:
    return list(db.session.scalars(select(Payment).where(
        Payment.method == PaymentMethod.CARD, Payment.status == PaymentStatus.PENDING,
        Payment.reference.is_not(None)).order_by(Payment.id)))


def payment_by_reference(reference: str | None) -> Payment | None:
    if not reference:
        return None
    return db.session.scalar(select(Payment).where(Payment.reference == reference))


def ensure_card_intent(payment: Payment, create_intent) -> None:
    """Give a card payment its PaymentIntent. Done after the checkout is committed, so the stock rows
    are not held while the processor answers; a failed attempt is simply made again next time."""
    if payment.method != PaymentMethod.CARD or payment.reference or payment.status != PaymentStatus.PENDING:
        return
    payment.reference, _ = create_intent(payment, f"payment-{payment.id}")
    db.session.flush()
