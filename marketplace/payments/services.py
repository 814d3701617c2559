"""Payment rules: settling, expiring, bank transfer receipts and cash on delivery. A checkout is
paid at most once: every settlement is a guarded UPDATE from `pending`."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.auth.models import User, utcnow
from marketplace.extensions import db
from marketplace.media.images import delete_stored, store_product_image
from marketplace.orders import services as orders
from marketplace.orders.exceptions import NotCashOnDelivery
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentEvent, PaymentMethod, PaymentStatus
from marketplace.payments.stripe_gateway import IntentState
from marketplace.transitions import InvalidTransition


class AlreadySettled(Exception):
    """The payment is no longer pending: paid, failed, expired or cancelled before this."""


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


def confirm_bank_transfer(payment: Payment, admin: User) -> None:
    if payment.method != PaymentMethod.BANK_TRANSFER:
        raise AlreadySettled(payment.id)
    mark_paid(payment, admin, note="bank transfer confirmed")


def fail_or_expire(payment: Payment, status: PaymentStatus, actor: User | None = None) -> None:
    """No money came: the orders are cancelled and their stock is free again."""
    _settle(payment, status)
    for order in payment_orders(payment):
        if order.status == OrderStatus.AWAITING_PAYMENT:
            orders.change_status(order, OrderStatus.CANCELLED, actor, f"payment {status}")


def expire_unpaid(now: datetime | None = None) -> int:
    """Cancel checkouts whose payment deadline has passed; safe to run from cron at any time."""
    now = now or utcnow()
    overdue = db.session.scalars(select(Payment).where(
        Payment.status == PaymentStatus.PENDING, Payment.deadline.is_not(None), Payment.deadline < now)
        .order_by(Payment.id)).all()
    expired = 0
    for payment in overdue:
        try:
            fail_or_expire(payment, PaymentStatus.EXPIRED)
        except (AlreadySettled, InvalidTransition):
            continue  # settled meanwhile by someone else
        expired += 1
    return expired


def attach_receipt(payment: Payment, upload) -> None:
    """The customer's photo of their transfer; a new one replaces the old."""
    stored = store_product_image(upload)
    delete_stored(stored.thumb_key, payment.receipt_key)
    payment.receipt_key = stored.large_key
    db.session.flush()


def record_cod_cash(order: Order, actor: User, amount: int) -> None:
    """The artisan got the cash; once every shop of the checkout has, the payment is settled."""
    payment = order.checkout.payment
    if payment.method != PaymentMethod.COD:
        raise NotCashOnDelivery()
    if order.status not in (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED):
        raise InvalidTransition(order.status, "cash received")
    order.cod_cash_received = amount
    orders.record_event(order, order.status, order.status, actor, f"COD cash {amount}")
    db.session.flush()
    if all(other.cod_cash_received is not None for other in order.checkout.orders):
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


def apply_card_result(event: PaymentEvent, reference: str, result: str | None,
                      state: IntentState | None = None) -> str:
    """Apply what the card processor says about a payment; returns (and records) what it did."""
    payment = db.session.scalar(select(Payment).where(Payment.reference == reference))
    event.payment_id = payment.id if payment else None
    event.outcome = _card_outcome(payment, result, state)
    db.session.flush()
    return event.outcome


def _card_outcome(payment: Payment | None, result: str | None, state: IntentState | None) -> str:
    if payment is None:
        return "unknown payment"
    try:
        if result == "succeeded":
            if (state.amount, state.currency) != (payment.amount, payment.currency):
                return "amount mismatch"
            mark_paid(payment, None, note="card payment")
            return "paid"
        if result == "failed":
            fail_or_expire(payment, PaymentStatus.FAILED)
            return "failed"
    except AlreadySettled:
        return "already settled"  # late, repeated or out of order: never moves an order backwards
    return "recorded"


def reconcile_card_payments(state_of) -> dict[str, int]:
    """Ask the processor about every pending card payment and apply what it says."""
    outcomes: dict[str, int] = {}
    pending = db.session.scalars(select(Payment).where(
        Payment.method == PaymentMethod.CARD, Payment.status == PaymentStatus.PENDING,
        Payment.reference.is_not(None)).order_by(Payment.id)).all()
    for payment in pending:
        outcome = reconcile_card_payment(payment, state_of(payment.reference))
        if outcome is not None:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def reconcile_card_payment(payment: Payment, state: IntentState) -> str | None:
    """Apply what the processor says about one card payment; None while the customer may still pay."""
    if state.result is None:
        return None
    return _card_outcome(payment, state.result, state)


def ensure_card_intent(payment: Payment, create_intent) -> None:
    """Give a card payment its PaymentIntent. Done after the checkout is committed, so the stock rows
    are not held while the processor answers; a failed attempt is simply made again next time."""
    if payment.method != PaymentMethod.CARD or payment.reference or payment.status != PaymentStatus.PENDING:
        return
    payment.reference, _ = create_intent(payment, f"payment-{payment.id}")
    db.session.flush()
