"""What the product pages read beyond the catalogue."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from marketplace.extensions import db
from marketplace.products.models import Review


@dataclass(frozen=True)
class Reviews:
    items: list[Review]
    count: int
    average: float | None


def reviews_of(product_id: int, limit: int = 30) -> Reviews:
    """The newest reviews with their count and average, in one query."""
    rows = db.session.execute(
        select(Review, func.count().over(), func.avg(Review.rating).over())
        .where(Review.product_id == product_id).options(joinedload(Review.buyer))
        .order_by(Review.created_at.desc(), Review.id.desc()).limit(limit)).all()
    if not rows:
        return Reviews([], 0, None)
    return Reviews([row[0] for row in rows], rows[0][1], round(float(rows[0][2]), 1))
