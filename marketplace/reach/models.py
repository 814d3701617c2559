from datetime import date

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db

# counting.py writes these tables on a connection of its own, so that counting a view never touches
# the session of the page it counts; no stored page shows them (web/page_versions.UNSHOWN_TABLES).


class DailyReach:
    """One day's figures (Banyuasin time) of what a table's key names."""

    day: Mapped[date] = mapped_column(primary_key=True)
    views: Mapped[int] = mapped_column(default=0, server_default="0")
    #: taps on the page's WhatsApp and Facebook share links
    shares: Mapped[int] = mapped_column(default=0, server_default="0")


class ProductReachDay(DailyReach, db.Model):
    """How often a listing's page was seen and shared on one day."""

    __tablename__ = "product_reach_days"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)


class ShopReachDay(DailyReach, db.Model):
    """How often a shop's page was seen and shared on one day."""

    __tablename__ = "shop_reach_days"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True)
