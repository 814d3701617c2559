"""What settling a checkout's payment does to its orders: paid moves them on, failed or expired
cancels them, cancellations change what is still due, and cash on delivery is counted per order.
The payment record itself is settled once, by `payments.services.settle`."""

import enum

from sqlalchemy import select

from marketplace.auth.models import User
from marketplace.extensions import db, utcnow
from marketplace.orders import services as orders
from marketplace.orders.exceptions import CashAlreadyRecorded, CashNotAsDue, NotCashOnDelivery
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments import services as payments
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.processors import ProcessorState
from marketplace.payments.services import AlreadySettled
from marketplace.transitions import InvalidTransition


def mark_paid(payment: Payment, actor: User | None, note: str | None = None) -> None:
    """The money is in: the checkout's orders waiting for it move on to paid."""
    payments.settle(payment, PaymentStatus.PAID, paid_at=utcnow(),
                    confirmed_by_id=actor.id if actor else None)
    for order in payment_orders(payment):
        if order.status == OrderStatus.AWAITING_PAYMENT:
            orders.change_status(order, OrderStatus.PAID, actor, note)


def fail_or_expire(payment: Payment, status: PaymentStatus, actor: User | None = None) -> None:
    """No money came: the orders are cancelled and their stock is free again."""
    payments.settle(payment, status)
    for order in payment_orders(payment):
        if order.status == OrderStatus.AWAITING_PAYMENT:
            orders.change_status(order, OrderStatus.CANCELLED, actor, f"payment {status}")


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
        payments.settle(payment, PaymentStatus.CANCELLED)


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


class ProcessorOutcome(enum.StrEnum):
    """What a word from a payment processor did (stored on the event, answered to the webhook)."""

    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"
    ALREADY_SETTLED = "already settled"
    AMOUNT_MISMATCH = "amount mismatch"
    UNKNOWN_PAYMENT = "unknown payment"
    RECORDED = "recorded"


#: what the timeline says of a payment each processor took
PAID_NOTES = {PaymentMethod.CARD: "card payment"}
PAID_THROUGH_MIDTRANS = "paid through Midtrans"


def processor_outcome(payment: Payment, state: ProcessorState) -> ProcessorOutcome:
    """Apply the processor's state of a payment; late, repeated or out-of-order news never moves an
    order backwards, and a paid mark needs the exact amount and currency."""
    try:
        if state.result == "succeeded":
            if (state.amount, state.currency) != (payment.amount, payment.currency):
                return ProcessorOutcome.AMOUNT_MISMATCH
            mark_paid(payment, None, note=PAID_NOTES.get(payment.method, PAID_THROUGH_MIDTRANS))
            return ProcessorOutcome.PAID
        if state.result == "failed":
            fail_or_expire(payment, PaymentStatus.FAILED)
            return ProcessorOutcome.FAILED
    except AlreadySettled:
        return ProcessorOutcome.ALREADY_SETTLED
    return ProcessorOutcome.RECORDED
