"""Who may see and act on an order: the one rule the pages and the API share. An order belongs to
its buyer and to the owner of its shop; anyone else (another customer, another artisan) is told it
does not exist, so its id is not even confirmed. A checkout's transfer receipt is its buyer's and
the agency's, who confirm the transfer."""

from sqlalchemy import select

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order
from marketplace.products.models import Review
from marketplace.shops.access import is_agency

#: ids beyond this are not looked up: no row has one, and some databases refuse the number
MAX_ID = 2**31 - 1


def _order(order_id: int) -> Order | None:
    return db.session.get(Order, order_id) if 0 < order_id <= MAX_ID else None


def order_for_buyer(order_id: int, user: User) -> Order | None:
    order = _order(order_id)
    return order if order is not None and order.buyer_id == user.id else None


def order_for_shop(order_id: int, user: User) -> Order | None:
    """An order placed with the shop `user` owns, for fulfilment."""
    order = _order(order_id)
    return order if order is not None and order.shop.owner_id == user.id else None


def receipt_for(checkout_id: int, user: User) -> str | None:
    """The stored key of a checkout's receipt, for its buyer and the agency's staff; None for anyone
    else, as for a checkout without a receipt or no checkout at all."""
    checkout = db.session.get(Checkout, checkout_id) if 0 < checkout_id <= MAX_ID else None
    if checkout is None or checkout.payment is None or not user.is_authenticated:
        return None
    if checkout.buyer_id != user.id and not is_agency(user):
        return None
    return checkout.payment.receipt_key


def reviews_by_line(order: Order) -> dict[int, Review]:
    """The reviews the buyer has written for this order's lines, by line id."""
    line_ids = [line.id for line in order.lines]
    return {review.order_line_id: review for review in db.session.scalars(
        select(Review).where(Review.order_line_id.in_(line_ids)))}
