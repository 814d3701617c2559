import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DDL, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, event, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.auth.models import User
from marketplace.extensions import db, enum_column, utcnow
from marketplace.shops.models import Shop

if TYPE_CHECKING:  # an annotation only: order lines build on products, not the reverse
    from marketplace.orders.models import OrderLine

MIN_PRICE = 1_000
MAX_PRICE = 100_000_000
#: at or below this many available units a listing says "only N left"
LOW_STOCK = 3


#: the listing's texts that a quick listing leaves for later
_LATER_DETAILS = ("description", "dye_source", "motif_name")


def missing_details(listing: "Product") -> list[str]:
    """The names of what the listing does not say yet, in the order of the listing form: "photos",
    "description", "dye_source", "motif_name" and "size". A customer can buy without them, but each
    tells the cloth's story (and the size is asked before buying). `listing`: a Product, or a read of
    one under the same names (products/queries.py)."""
    missing = [] if listing.images else ["photos"]
    missing += [name for name in _LATER_DETAILS if not (getattr(listing, name) or "").strip()]
    if not (listing.length_cm and listing.width_cm):
        missing.append("size")
    return missing


class Technique(enum.StrEnum):
    BATIK_TULIS = "batik_tulis"
    BATIK_CAP = "batik_cap"
    BATIK_KOMBINASI = "batik_kombinasi"
    JUMPUTAN = "jumputan"
    #: printed cloth with a batik pattern: not batik, and always labelled as printed
    PRINTED = "tekstil_motif_batik"


class DyeType(enum.StrEnum):
    NATURAL = "natural"
    SYNTHETIC = "synthetic"


class Fabric(enum.StrEnum):
    KATUN_PRIMISSIMA = "katun_primissima"
    KATUN_PRIMA = "katun_prima"
    KATUN_DOBBY = "katun_dobby"
    SUTRA = "sutra"
    SEMI_SUTRA = "semi_sutra"
    RAYON = "rayon"
    LINEN = "linen"


class ProductStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


#: the catalogue's filters that split it into a few large parts
FACETS = ("technique", "dye_type", "fabric")


def _facet_indexes() -> list[Index]:
    """Per facet, one index for each order of the catalogue, so a filtered page is read in order
    and stops after one page. Without them the sort index is walked and the filter tested on each
    row, and a facet's listings are not spread evenly over the order: cheap cloths are mostly
    jumputan, so "jumputan, dearest first" passed 30,000 batik tulis first (130 ms at 100,000)."""
    return [index for facet in FACETS for index in (
        Index(f"ix_products_{facet}_created_at_id", facet, "created_at", "id"),
        Index(f"ix_products_{facet}_min_price_id", facet, "min_price", "id"))]


class Product(db.Model):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("weight_grams > 0", name="weight_positive"),
        CheckConstraint("production_days IS NULL OR production_days BETWEEN 1 AND 180",
                        name="production_days_range"),
        Index("ix_products_shop_id_status", "shop_id", "status"),
        # the catalogue sorted by price walks this and stops after one page
        Index("ix_products_min_price_id", "min_price", "id"),
        *_facet_indexes(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    technique: Mapped[Technique] = mapped_column(enum_column(Technique))
    dye_type: Mapped[DyeType] = mapped_column(enum_column(DyeType))
    #: what gives the colour: pedada mangrove, indigo, soga...; naptol, remazol, indigosol
    dye_source: Mapped[str] = mapped_column(String(60))
    fabric: Mapped[Fabric] = mapped_column(enum_column(Fabric))
    motif_name: Mapped[str] = mapped_column(String(80))
    motif_meaning: Mapped[str] = mapped_column(Text, default="")
    length_cm: Mapped[int | None]
    width_cm: Mapped[int | None]
    weight_grams: Mapped[int]
    made_to_order: Mapped[bool] = mapped_column(default=False)
    production_days: Mapped[int | None]
    status: Mapped[ProductStatus] = mapped_column(enum_column(ProductStatus), default=ProductStatus.DRAFT)
    #: set by a curator; the reason is shown to the artisan
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    #: a curator who prepared the listing on the shop's behalf
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: title, motif, description and shop name in one text, kept by the service for search
    search_document: Mapped[str] = mapped_column(Text, default="")
    #: the lowest price of its variants, for sorting by price. The database keeps it (see
    #: MIN_PRICE_TRIGGERS), whoever writes the variants; read it in SQL, since an object loaded
    #: before its variants changed still holds the old value.
    min_price: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now(), index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, server_default=func.now())

    shop: Mapped[Shop] = relationship()
    prepared_by: Mapped[User | None] = relationship()
    variants: Mapped[list["Variant"]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="Variant.position")
    images: Mapped[list["ProductImage"]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductImage.position")

    @property
    def is_public(self) -> bool:
        return (self.shop.state == "verified" and self.status == ProductStatus.ACTIVE
                and not self.hidden)

    @property
    def price_range(self) -> tuple[int, int] | None:
        prices = [variant.price for variant in self.variants]
        return (min(prices), max(prices)) if prices else None


class Variant(db.Model):
    __tablename__ = "variants"
    __table_args__ = (
        UniqueConstraint("shop_id", "sku", name="uq_variants_shop_id_sku"),
        CheckConstraint(f"price BETWEEN {MIN_PRICE} AND {MAX_PRICE}", name="price_range"),
        CheckConstraint("stock_on_hand >= 0", name="stock_on_hand_not_negative"),
        CheckConstraint("stock_reserved >= 0 AND stock_reserved <= stock_on_hand",
                        name="stock_reserved_within_on_hand"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    #: copied from the product, so SKUs can be unique per shop by a constraint
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(60))
    #: whole rupiah
    price: Mapped[int]
    stock_on_hand: Mapped[int] = mapped_column(default=0)
    #: units promised to unpaid orders
    stock_reserved: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="variants")

    @property
    def available(self) -> int:
        return self.stock_on_hand - self.stock_reserved


class ProductImage(db.Model):
    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    alt_text: Mapped[str] = mapped_column(String(200))
    thumb_key: Mapped[str] = mapped_column(String(120))
    large_key: Mapped[str] = mapped_column(String(120))
    width: Mapped[int]
    height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    product: Mapped[Product] = relationship(back_populates="images")


class Review(db.Model):
    """A buyer's stars for a product, proven by one delivered order line; the shop may reply once."""
    __tablename__ = "reviews"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: one review per purchased line
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rating: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    buyer: Mapped[User] = relationship()
    order_line: Mapped["OrderLine"] = relationship("OrderLine")


def _refresh_min_price(row: str) -> str:
    return (f"UPDATE products SET min_price = (SELECT min(price) FROM variants "
            f"WHERE product_id = {row}.product_id) WHERE id = {row}.product_id;")


#: Product.min_price follows every change of a variant's price, its product or its existence. A
#: migration that rebuilds the variants table on SQLite (batch mode) drops these and must make them
#: again, as the migration that added them does.
MIN_PRICE_TRIGGERS = {
    "sqlite": [
        f"CREATE TRIGGER variants_min_price_after_insert AFTER INSERT ON variants "
        f"BEGIN {_refresh_min_price('NEW')} END",
        f"CREATE TRIGGER variants_min_price_after_update AFTER UPDATE OF price, product_id ON variants "
        f"BEGIN {_refresh_min_price('OLD')} {_refresh_min_price('NEW')} END",
        f"CREATE TRIGGER variants_min_price_after_delete AFTER DELETE ON variants "
        f"BEGIN {_refresh_min_price('OLD')} END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION variants_keep_min_price() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        f"IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.product_id <> NEW.product_id) THEN "
        f"{_refresh_min_price('OLD')} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_refresh_min_price('NEW')} END IF; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER variants_keep_min_price AFTER INSERT OR DELETE OR UPDATE OF price, product_id "
        "ON variants FOR EACH ROW EXECUTE FUNCTION variants_keep_min_price()",
    ],
}
for _dialect, _statements in MIN_PRICE_TRIGGERS.items():
    for _statement in _statements:
        event.listen(Variant.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
