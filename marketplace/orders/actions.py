"""What the artisan and the customer do to an order once it is placed: prepare, ship, mark
delivered, confirm receipt, report a problem, and the completion that follows when nobody confirms.
Each action is the whole story (rule, state move and timeline through `change_status`, the emails
after the commit), so the pages, the API, the commands and the jobs only parse, call and commit.
Actions on the checkout's payment (cancelling, cash on delivery, refunds) are in `payment_actions`."""


from marketplace.auth.models import User
from marketplace.extensions import db, utcnow
from marketplace.jobs.queue import enqueue_after_commit
from marketplace.orders import couriers, notifications
from marketplace.orders import services as orders
from marketplace.orders.exceptions import (
    OrderError,
    ProblemNoteRequired,
    TrackingNumberInvalid,
    TrackingRequired,
    UnknownCourier,
    UnknownService,
)
from marketplace.orders.models import Order, OrderStatus
from marketplace.transitions import InvalidTransition, Outcome

S = OrderStatus




def _already(order: Order, *states: OrderStatus) -> bool:
    return order.status in states


def process_order(order: Order, artisan: User) -> Outcome:
    """The artisan starts preparing a paid order."""
    if _already(order, S.PROCESSING):
        return Outcome.UNCHANGED
    orders.change_status(order, S.PROCESSING, artisan)
    return Outcome.DONE


def ship_order(order: Order, artisan: User, courier: str, tracking_number: str, service: str = "") -> Outcome:
    """Handed to the courier (`courier` is its code in `couriers.COURIERS`, `service` one of its
    service levels, the regular one when empty): the units leave stock and the buyer gets the
    tracking number and the link to the courier's tracking page. The shop's own delivery and pickup
    need no number."""
    chosen = couriers.find_courier(courier)
    if chosen is None:
        raise UnknownCourier()
    service = _service_of(chosen, service)
    tracking_number = couriers.clean_tracking_number(tracking_number) or None
    if _already(order, S.SHIPPED) and (order.courier_code, order.courier_service, order.tracking_number) == (
            chosen.code, service, tracking_number):
        return Outcome.UNCHANGED
    if tracking_number is None and chosen.needs_tracking_number:
        raise TrackingRequired()
    if tracking_number is not None and not chosen.tracking_number_fits(tracking_number):
        raise TrackingNumberInvalid(chosen.name, chosen.tracking_example)
    order.courier, order.courier_code, order.courier_service = chosen.name, chosen.code, service
    order.tracking_number = tracking_number
    note = " ".join(part for part in (chosen.name, service, tracking_number) if part)
    orders.change_status(order, S.SHIPPED, artisan, note)
    enqueue_after_commit(notifications.tell_order_shipped, order.id)
    return Outcome.DONE


def _service_of(courier: couriers.Courier, service: str | None) -> str | None:
    service = (service or "").strip()
    if not courier.services:
        return None
    if not service:
        return courier.services[0]
    for offered in courier.services:
        if offered.lower() == service.lower():
            return offered
    raise UnknownService(courier.name, courier.services)


def mark_delivered(order: Order, artisan: User) -> Outcome:
    if _already(order, S.DELIVERED, S.COMPLETED):
        return Outcome.UNCHANGED
    orders.change_status(order, S.DELIVERED, artisan)
    return Outcome.DONE


def _complete(order: Order, actor: User | None, note: str) -> None:
    orders.change_status(order, S.COMPLETED, actor, note)  # credits the artisan's sale
    enqueue_after_commit(notifications.tell_order_completed, order.id)


def confirm_received(order: Order, buyer: User) -> Outcome:
    """The buyer has the cloth, from shipped or delivered: the order completes and the sale is the
    artisan's. A problem the buyer reported is settled by saying it arrived after all."""
    if _already(order, S.COMPLETED):
        return Outcome.UNCHANGED
    _complete(order, buyer, "received by the customer")
    return Outcome.DONE


def report_problem(order: Order, buyer: User, note: str) -> Outcome:
    """Something is wrong with a shipped parcel: the order stops completing by itself until the
    agency has looked, and the artisan is told."""
    note = (note or "").strip()
    if not note:
        raise ProblemNoteRequired()
    if order.status not in (S.SHIPPED, S.DELIVERED):
        raise OrderError()
    if order.problem_reported_at is not None and order.problem_note == note:
        return Outcome.UNCHANGED
    order.problem_reported_at, order.problem_note = utcnow(), note
    orders.record_event(order, order.status, order.status, buyer, f"problem reported: {note}")
    db.session.flush()
    enqueue_after_commit(notifications.tell_problem_reported, order.id)
    return Outcome.DONE


def complete_overdue(days: int) -> int:
    """Complete every order shipped `days` ago that nobody confirmed and that has no problem
    reported; safe to run from cron or the scheduler at any time. Returns how many completed."""
    completed = 0
    for order in orders.overdue_for_completion(days):
        try:
            _complete(order, None, f"completed {days} days after shipping")
        except InvalidTransition:
            continue  # confirmed or refunded meanwhile
        completed += 1
    return completed
