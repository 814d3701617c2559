"""Reviews: one per purchased order line, after delivery, 1 to 5 stars; the shop may reply once."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.auth.models import User
from marketplace.extensions import db, utcnow
from marketplace.orders.cart import check_not_selling
from marketplace.orders.exceptions import OrderError, OwnShop
from marketplace.orders.models import OrderLine, OrderStatus
from marketplace.products.models import Product, Review
from marketplace.shops.models import Shop

REVIEWABLE = {OrderStatus.DELIVERED, OrderStatus.COMPLETED}


class ReviewRefused(OrderError):
    message = _l("This purchase cannot be reviewed now: reviews open once the order is delivered.")


class OwnShopReview(OwnShop, ReviewRefused):
    """Stars from the selling side: refused even for a purchase made before sellers could not buy."""


class AlreadyReviewed(OrderError):
    message = _l("You have already reviewed this purchase.")


class AlreadyReplied(OrderError):
    message = _l("The shop has already replied to this review.")


def add_review(line: OrderLine, buyer: User, rating: int, text: str,
               acting_for: Shop | None = None) -> Review:
    """`acting_for` is the shop a curator or admin assists now: they may not review it."""
    if line.order.buyer_id != buyer.id or line.order.status not in REVIEWABLE:
        raise ReviewRefused()
    check_not_selling(buyer, db.session.get(Product, line.product_id), acting_for, OwnShopReview)
    if db.session.scalar(select(Review.id).where(Review.order_line_id == line.id)):
        raise AlreadyReviewed()
    review = Review(order_line_id=line.id, product_id=line.product_id, buyer_id=buyer.id, rating=rating,
                    text=text.strip())
    db.session.add(review)
    db.session.flush()  # two reviews of one line at once: the unique line id stops the second here
    return review


def reply(review: Review, text: str) -> None:
    if review.reply:
        raise AlreadyReplied()
    review.reply, review.replied_at = text.strip(), utcnow()
    db.session.flush()
