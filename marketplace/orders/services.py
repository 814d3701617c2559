"""Order rules: the state machine and what each move does to stock. Functions add and flush; the
caller commits once."""

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.auth.models import User
from marketplace.extensions import db, utcnow
from marketplace.orders.exceptions import PaidOrderNeedsRefund
from marketplace.orders.models import Order, OrderEvent, OrderStatus
from marketplace.payments import ledger
from marketplace.payments.models import PaymentStatus
from marketplace.products import stock
from marketplace.transitions import InvalidTransition, check_transition

S = OrderStatus
#: the one table of allowed order moves
ORDER_TRANSITIONS = {
    S.AWAITING_PAYMENT: {S.PAID, S.PROCESSING, S.CANCELLED},  # processing straight away: cash on delivery
    S.PAID: {S.PROCESSING, S.CANCELLED, S.REFUNDED},
    S.PROCESSING: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.DELIVERED, S.COMPLETED, S.REFUNDED},  # completed: the buyer confirms receipt
    S.DELIVERED: {S.COMPLETED, S.REFUNDED},
    S.COMPLETED: {S.REFUNDED},
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}
#: states in which the order's units are still promised to it (reserved, not yet shipped)
HOLDS_STOCK = {S.AWAITING_PAYMENT, S.PAID, S.PROCESSING}


def quantities(order: Order) -> tuple[dict[int, int], set[int]]:
    counts: dict[int, int] = {}
    for line in order.lines:
        counts[line.variant_id] = counts.get(line.variant_id, 0) + line.quantity
    return counts, {line.variant_id for line in order.lines if line.made_to_order}


def record_event(order: Order, from_status, to_status, actor: User | None, note: str | None = None) -> None:
    order.events.append(OrderEvent(from_status=from_status, to_status=to_status,
                                   actor_id=actor.id if actor else None, note=note))


def change_status(order: Order, wanted: OrderStatus, actor: User | None, note: str | None = None) -> None:
    """The only way an order's status changes. A guarded UPDATE, so when two people (or a person
    and the expiry job) move the same order at once, exactly one of them does."""
    current = order.status
    check_transition(ORDER_TRANSITIONS, current, wanted)
    moved = db.session.execute(update(Order).where(Order.id == order.id, Order.status == current)
                               .values(status=wanted).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise InvalidTransition(current, wanted)
    set_committed_value(order, "status", wanted)
    _move_stock(order, current, wanted)
    record_event(order, current, wanted, actor, note)
    db.session.flush()
    if wanted == S.COMPLETED:
        ledger.credit_sale(order)


def _move_stock(order: Order, current: OrderStatus, wanted: OrderStatus) -> None:
    counts, made_to_order = quantities(order)
    if wanted == S.CANCELLED and current in HOLDS_STOCK:
        stock.release(counts, made_to_order)
    elif wanted == S.SHIPPED:
        stock.consume(counts, made_to_order)


def customer_can_cancel(order: Order) -> bool:
    """Before it ships (a paid order is then refunded)."""
    return order.status in HOLDS_STOCK


def cancel(order: Order, actor: User, reason: str | None = None) -> None:
    """Customers cancel before shipping; a paid order goes back through a refund instead."""
    if order.checkout.payment.status == PaymentStatus.PAID:
        raise PaidOrderNeedsRefund()
    order.cancel_reason = (reason or "").strip() or None
    change_status(order, S.CANCELLED, actor, order.cancel_reason)


def overdue_for_completion(days: int, now: datetime | None = None) -> list[Order]:
    """Shipped (or delivered) orders whose shipment is at least `days` old and whose buyer reported
    no problem: a parcel that arrived and was never confirmed must not hold the artisan's sale
    forever. Counted from shipping, since a courier's delivery is often never marked."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    shipped_at = (select(OrderEvent.order_id, func.max(OrderEvent.created_at).label("at"))
                  .where(OrderEvent.to_status == S.SHIPPED).group_by(OrderEvent.order_id).subquery())
    return list(db.session.scalars(
        select(Order).join(shipped_at, shipped_at.c.order_id == Order.id)
        .where(Order.status.in_((S.SHIPPED, S.DELIVERED)), Order.problem_reported_at.is_(None),
               shipped_at.c.at <= cutoff).order_by(Order.id)))


def orders_page(condition, page: int, per_page: int) -> tuple[list[Order], int]:
    """One page of the orders `condition` selects, newest first, with their lines and timelines,
    and how many there are in all."""
    query = select(Order).where(condition)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.options(selectinload(Order.lines), selectinload(Order.events))
                               .order_by(Order.id.desc()).limit(per_page).offset((page - 1) * per_page)).all()
    return items, total
