"""What the product pages read beyond the catalogue."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import func, select

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.products.models import Review


@dataclass(frozen=True)
class ShownReview:
    """What a product page shows of a review: plain values, not a Review loaded with its buyer."""
    id: int
    rating: int
    text: str
    reply: str | None
    created_at: datetime
    buyer_name: str


@dataclass(frozen=True)
class Reviews:
    items: list[ShownReview]
    count: int
    average: float | None


@cache
def _reviews_query():
    """Built once: SQL expressions are immutable, and the statement is then cached by SQLAlchemy."""
    return (select(Review.id, Review.rating, Review.text, Review.reply, Review.created_at, User.name,
                   func.count().over(), func.avg(Review.rating).over())
            .join(User, User.id == Review.buyer_id)
            .order_by(Review.created_at.desc(), Review.id.desc()))


def reviews_of(product_id: int, limit: int = 30) -> Reviews:
    """The newest reviews with their count and average, in one query."""
    rows = db.session.execute(_reviews_query().where(Review.product_id == product_id).limit(limit)).all()
    if not rows:
        return Reviews([], 0, None)
    return Reviews([ShownReview(*row[:6]) for row in rows], rows[0][6], round(float(rows[0][7]), 1))
