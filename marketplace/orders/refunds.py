"""Refunds: never more than what was paid for an order, less what was already given back. The
payment row is locked while a refund is decided, so two refunds at once cannot both pass the check."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.money import format_rupiah
from marketplace.orders import services as orders
from marketplace.orders.exceptions import OrderError
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments import ledger
from marketplace.payments.models import Payment, PaymentStatus, Refund
from marketplace.transitions import check_transition


class RefundRefused(OrderError):
    message = _l("This order has no payment that can be refunded now.")


class RefundTooLarge(RefundRefused):
    field = "amount"
    status = 422

    def __init__(self, refundable: int):
        super().__init__(refundable)
        self.refundable = refundable

    def __str__(self) -> str:
        return str(_l("A refund can be at most %(amount)s: what was paid less what was already refunded.",
                      amount=format_rupiah(self.refundable)))


def refunded_so_far(order: Order) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(Refund.amount), 0))
                             .where(Refund.order_id == order.id))


@dataclass(frozen=True)
class RefundHistory:
    """An order's refunds, the first first, as its page lists them."""
    refunds: tuple[Refund, ...]

    @property
    def total(self) -> int:
        """Refunded so far (refunded_so_far, without asking the database again)."""
        return sum(refund.amount for refund in self.refunds)


def refund_history(order: Order) -> RefundHistory:
    return RefundHistory(tuple(db.session.scalars(
        select(Refund).where(Refund.order_id == order.id).order_by(Refund.id))))


def refund(order: Order, amount: int, reason: str, actor: User | None, send_refund) -> Refund:
    """Give back part or all of what was paid for `order`; a full refund marks it refunded. Where the
    processor gives money back by API, `send_refund(payment, amount, key)` does, and its refund id
    is kept; a transfer, a virtual account or a counter payment is recorded for the agency to send
    back by hand."""
    payment = _locked_paid_payment(order)
    refundable = order.total - refunded_so_far(order)
    if amount <= 0 or amount > refundable:
        raise RefundTooLarge(refundable)
    closing = _closing_status(order) if amount == refundable else None
    record = Refund(payment_id=payment.id, order_id=order.id, amount=amount, reason=reason.strip(),
                    actor_id=actor.id if actor else None)
    db.session.add(record)
    db.session.flush()
    ledger.debit_refund(order, record)
    if payment.method.refunds_automatically:
        record.reference = send_refund(payment, amount, f"refund-{record.id}")
    if closing is not None:
        orders.change_status(order, closing, actor, reason)
    db.session.flush()
    return record


def _locked_paid_payment(order: Order) -> Payment:
    payment = db.session.scalar(select(Payment).where(Payment.checkout_id == order.checkout_id)
                                .with_for_update().execution_options(populate_existing=True))
    if payment.status != PaymentStatus.PAID:
        raise RefundRefused()
    return payment


def _closing_status(order: Order) -> OrderStatus:
    """Where a full refund takes the order, checked before any money moves: one that had not shipped
    is cancelled, so its units go back on sale; one that had is refunded."""
    wanted = OrderStatus.CANCELLED if order.status in orders.HOLDS_STOCK else OrderStatus.REFUNDED
    check_transition(orders.ORDER_TRANSITIONS, order.status, wanted)
    return wanted


def cancel_order(order: Order, actor: User, reason: str | None, send_refund) -> None:
    """Cancel before shipping; what was paid for the order is refunded and its stock freed."""
    if order.checkout.payment.status != PaymentStatus.PAID:
        orders.cancel(order, actor, reason)
        return
    if not orders.customer_can_cancel(order):
        raise RefundRefused()
    order.cancel_reason = (reason or "").strip() or None
    refund(order, order.total - refunded_so_far(order), order.cancel_reason or "cancelled", actor,
           send_refund)
