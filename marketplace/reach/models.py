from datetime import date

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db

# No cached page shows these tables: counting.py writes them on a connection of its own, outside the
# session whose changes the page cache follows, or every counted view would render the site afresh.


class ProductReachDay(db.Model):
    """How often a listing's page was seen and shared on one day (Banyuasin time)."""

    __tablename__ = "product_reach_days"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    views: Mapped[int] = mapped_column(default=0, server_default="0")
    #: taps on the page's WhatsApp and Facebook share links
    shares: Mapped[int] = mapped_column(default=0, server_default="0")


class ShopReachDay(db.Model):
    """How often a shop's page was seen and shared on one day (Banyuasin time)."""

    __tablename__ = "shop_reach_days"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    views: Mapped[int] = mapped_column(default=0, server_default="0")
    shares: Mapped[int] = mapped_column(default=0, server_default="0")
