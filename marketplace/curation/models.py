from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, and_, func, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.auth.models import User
from marketplace.curation.clock import utc
from marketplace.extensions import db, utcnow
from marketplace.products.models import Product

_WINDOW_CHECK = "{end} IS NULL OR {start} IS NULL OR {end} > {start}"


class FeaturedProduct(db.Model):
    """One place in the home page's ordered list of featured products, shown inside its window."""

    __tablename__ = "featured_products"
    __table_args__ = (
        CheckConstraint(_WINDOW_CHECK.format(start="starts_at", end="ends_at"), name="window_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: a product is featured once; its place in the list is `position`
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(default=0, index=True)
    #: shown from this moment (None: already) until that one (None: until removed)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    product: Mapped[Product] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def title(self) -> str:  # the audit log's label for the entry
        return self.product.title

    def shows_at(self, moment: datetime) -> bool:
        return within(moment, utc(self.starts_at), utc(self.ends_at))


class Collection(db.Model):
    """A curated, ordered set of products with its own page, public inside its publish window."""

    __tablename__ = "collections"
    __table_args__ = (
        CheckConstraint(_WINDOW_CHECK.format(start="publish_from", end="publish_until"),
                        name="publish_window_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(90), unique=True)
    title_id: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(120), default="")
    description_id: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text, default="")
    cover_key: Mapped[str | None] = mapped_column(String(120))
    #: a draft while unset; public from then until `publish_until` (None: no end)
    publish_from: Mapped[datetime | None] = mapped_column(index=True)
    publish_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, server_default=func.now())

    items: Mapped[list["CollectionItem"]] = relationship(
        back_populates="collection", cascade="all, delete-orphan",
        order_by="(CollectionItem.position, CollectionItem.id)")

    @property
    def name(self) -> str:  # the audit log's label
        return self.title_id

    def title_in(self, locale: str) -> str:
        """The visitor's language when it was written, else Indonesian."""
        return (self.title_en if str(locale) == "en" else "") or self.title_id

    def description_in(self, locale: str) -> str:
        return (self.description_en if str(locale) == "en" else "") or self.description_id

    def is_published(self, moment: datetime) -> bool:
        return self.publish_from is not None and within(
            moment, utc(self.publish_from), utc(self.publish_until))

    @classmethod
    def published_at(cls, moment: datetime):
        """The SQL form of is_published."""
        return and_(cls.publish_from.is_not(None),
                    window_condition(cls.publish_from, cls.publish_until, moment))


class CollectionItem(db.Model):
    __tablename__ = "collection_items"
    __table_args__ = (UniqueConstraint("collection_id", "product_id",
                                       name="uq_collection_items_collection_id_product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    collection: Mapped[Collection] = relationship(back_populates="items")
    product: Mapped[Product] = relationship()


def within(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    """Inside a window that starts at `start` (included) and ends at `end` (excluded)."""
    return (start is None or start <= moment) and (end is None or moment < end)


def window_condition(start_column, end_column, moment: datetime):
    """The SQL form of `within`."""
    return and_(or_(start_column.is_(None), start_column <= moment),
                or_(end_column.is_(None), end_column > moment))
