"""What the product pages read beyond the catalogue: plain frozen values, read with the columns they
need, so that a page part can be rendered once and reused while its values are equal
(web/fragments.py)."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property

from sqlalchemy import Row, bindparam, exists, func, select
from sqlalchemy.orm import aliased

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.products.models import (
    LOW_STOCK,
    DyeType,
    Fabric,
    Product,
    ProductImage,
    ProductStatus,
    Review,
    Technique,
    Variant,
    missing_details,
)
from marketplace.shops.models import Cohort, Shop, ShopState
from marketplace.web import reads


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
    items: tuple[ShownReview, ...]
    count: int
    average: float | None


@cache
def _reviews_query():
    """Built once: SQL expressions are immutable, and the statement is then cached by SQLAlchemy."""
    return (select(Review.id, Review.rating, Review.text, Review.reply, Review.created_at, User.name,
                   func.count().over(), func.avg(Review.rating).over())
            .join(User, User.id == Review.buyer_id)
            .order_by(Review.created_at.desc(), Review.id.desc()))


#: a listing nobody has reviewed yet, as most are
NO_REVIEWS = Reviews((), 0, None)


def reviews_of(product: "ProductPage", limit: int = 30) -> Reviews:
    """The newest reviews with their count and average, in one query; none for a listing whose page
    record counted none."""
    if not product.has_reviews:
        return NO_REVIEWS
    rows = db.session.execute(_reviews_query().where(Review.product_id == product.id).limit(limit)).all()
    if not rows:
        return NO_REVIEWS
    return Reviews(tuple(ShownReview(*row[:6]) for row in rows), rows[0][6], round(float(rows[0][7]), 1))


@dataclass(frozen=True)
class ShownVariant:
    id: int
    sku: str
    name: str
    price: int
    #: on hand less what unpaid orders hold
    available: int


@dataclass(frozen=True)
class ShownPhoto:
    large_key: str
    alt_text: str
    width: int
    height: int


@dataclass(frozen=True)
class ShownCohort:
    name: str
    year: int


@dataclass(frozen=True)
class ShownShop:
    id: int
    slug: str
    name: str
    village: str
    kecamatan: str
    whatsapp: str
    state: ShopState
    owner_id: int
    cohort: ShownCohort | None

    @property
    def is_verified(self) -> bool:
        return self.state == ShopState.VERIFIED


@dataclass(frozen=True)
class ProductPage:
    """What a product page shows of a listing, with the names the Product model gives them, so the
    page's templates and the sharing helpers read either."""

    id: int
    shop_id: int
    title: str
    description: str
    technique: Technique
    dye_type: DyeType
    dye_source: str
    fabric: Fabric
    motif_name: str
    motif_meaning: str
    length_cm: int | None
    width_cm: int | None
    weight_grams: int
    made_to_order: bool
    production_days: int | None
    status: ProductStatus
    hidden: bool
    hidden_reason: str | None
    #: the curator who prepared the listing for the shop, if one did
    prepared_by_name: str | None
    #: whether any buyer has reviewed it (most listings: none, and their reviews are not read)
    has_reviews: bool
    shop: ShownShop
    variants: tuple[ShownVariant, ...]
    images: tuple[ShownPhoto, ...]

    @property
    def is_public(self) -> bool:
        return self.shop.is_verified and self.status == ProductStatus.ACTIVE and not self.hidden

    @property
    def price_range(self) -> tuple[int, int] | None:
        prices = [variant.price for variant in self.variants]
        return (min(prices), max(prices)) if prices else None


_PRODUCT_COLUMNS = ("id", "shop_id", "title", "description", "technique", "dye_type", "dye_source", "fabric",
                    "motif_name", "motif_meaning", "length_cm", "width_cm", "weight_grams", "made_to_order",
                    "production_days", "status", "hidden", "hidden_reason")
_SHOP_COLUMNS = ("id", "slug", "name", "village", "kecamatan", "whatsapp", "state", "owner_id")
_VARIANT_COLUMNS = ("id", "sku", "name", "price")
_PHOTO_COLUMNS = ("id", "large_key", "alt_text", "width", "height")


@cache
def _product_page_query():
    """One statement for the listing, its shop, cohort and preparer, variants and photos, and whether
    it has reviews (so a listing without any reads none). Variants and photos multiply (a handful of
    each, a few dozen rows at most), which costs less than a round trip per part. Built once, so
    SQLAlchemy's compiled form is reused."""
    preparer = aliased(User)
    return (select(*(getattr(Product, name) for name in _PRODUCT_COLUMNS),
                   *(getattr(Shop, name) for name in _SHOP_COLUMNS),
                   Cohort.name, Cohort.starts_on, preparer.name,
                   *(getattr(Variant, name) for name in _VARIANT_COLUMNS),
                   Variant.stock_on_hand - Variant.stock_reserved,
                   *(getattr(ProductImage, name) for name in _PHOTO_COLUMNS),
                   exists().where(Review.product_id == Product.id))
            .join(Shop, Shop.id == Product.shop_id)
            .outerjoin(Cohort, Cohort.id == Shop.cohort_id)
            .outerjoin(preparer, preparer.id == Product.prepared_by_id)
            .outerjoin(Variant, Variant.product_id == Product.id)
            .outerjoin(ProductImage, ProductImage.product_id == Product.id)
            .where(Product.id == bindparam("product_id"))
            .order_by(Variant.position, Variant.id, ProductImage.position, ProductImage.id))


def product_page(product_id: int) -> ProductPage | None:
    rows = db.session.execute(_product_page_query(), {"product_id": product_id}).all()
    if not rows:
        return None
    first = rows[0]
    product_end = len(_PRODUCT_COLUMNS)
    shop_end = product_end + len(_SHOP_COLUMNS)
    cohort_name, cohort_start, preparer_name = first[shop_end:shop_end + 3]
    variant_start = shop_end + 3
    photo_start = variant_start + len(_VARIANT_COLUMNS) + 1
    photo_end = photo_start + len(_PHOTO_COLUMNS)
    variants, photos = {}, {}
    for row in rows:
        if row[variant_start] is not None:
            variants.setdefault(row[variant_start], ShownVariant(*row[variant_start:photo_start]))
        if row[photo_start] is not None:
            photos.setdefault(row[photo_start], ShownPhoto(*row[photo_start + 1:photo_end]))
    cohort = ShownCohort(cohort_name, cohort_start.year) if cohort_name is not None else None
    shop = ShownShop(*first[product_end:shop_end], cohort=cohort)
    # Photos come in their order within the first variant's rows, which hold every photo.
    return ProductPage(*first[:product_end], prepared_by_name=preparer_name,
                       has_reviews=bool(first[photo_end]), shop=shop,
                       variants=tuple(variants.values()), images=tuple(photos.values()))


@dataclass(frozen=True)
class ShopPage:
    """What a shop's page shows of the shop, with the names the Shop model gives them."""

    id: int
    slug: str
    name: str
    story: str
    village: str
    kecamatan: str
    whatsapp: str
    state: ShopState
    state_reason: str | None
    owner_id: int
    logo_key: str | None
    banner_key: str | None
    cohort: ShownCohort | None

    @property
    def is_verified(self) -> bool:
        return self.state == ShopState.VERIFIED


_SHOP_PAGE_COLUMNS = ("id", "slug", "name", "story", "village", "kecamatan", "whatsapp", "state",
                      "state_reason", "owner_id", "logo_key", "banner_key")


@cache
def _shop_page_query():
    return (select(*(getattr(Shop, name) for name in _SHOP_PAGE_COLUMNS), Cohort.name, Cohort.starts_on)
            .outerjoin(Cohort, Cohort.id == Shop.cohort_id).where(Shop.slug == bindparam("slug")))


def shop_page(slug: str) -> ShopPage | None:
    row = db.session.execute(_shop_page_query(), {"slug": slug}).first()
    if row is None:
        return None
    *shop, cohort_name, cohort_start = row
    cohort = ShownCohort(cohort_name, cohort_start.year) if cohort_name is not None else None
    return ShopPage(*shop, cohort=cohort)


@dataclass(frozen=True)
class DashboardVariant:
    id: int
    name: str
    sku: str
    price: int
    stock_on_hand: int


@dataclass(frozen=True)
class DashboardListing:
    """A listing as its shop's dashboard shows it: the key of its part of the page, which a shop with
    dozens of listings would otherwise render whole on every visit."""

    id: int
    title: str
    status: ProductStatus
    hidden: bool
    hidden_reason: str | None
    prepared_by_name: str | None
    photos: int
    #: what it does not say yet (models.missing_details)
    missing: tuple[str, ...]
    variants: tuple[DashboardVariant, ...]


@dataclass(frozen=True)
class RunningLow:
    """A variant with LOW_STOCK units or fewer left, of a listing that is sold from stock."""
    id: int
    title: str
    name: str
    available: int


@cache
def _shop_listings_query():
    """Every listing of a shop with its preparer, photo count and variants, in one statement: a
    row per variant (every listing has one; a draft may have none yet). The columns missing_details
    reads carry the Product's names, so a row answers it as a listing does."""
    preparer = aliased(User)
    photos = (select(func.count(ProductImage.id)).where(ProductImage.product_id == Product.id)
              .scalar_subquery())
    return (select(Product.id.label("product_id"), Product.title, Product.status, Product.hidden,
                   Product.hidden_reason, preparer.name.label("prepared_by_name"), photos.label("images"),
                   Product.description, Product.dye_source, Product.motif_name, Product.length_cm,
                   Product.width_cm, Product.made_to_order, Variant.id.label("variant_id"),
                   Variant.name.label("variant_name"), Variant.sku, Variant.price, Variant.stock_on_hand,
                   (Variant.stock_on_hand - Variant.stock_reserved).label("available"))
            .outerjoin(preparer, preparer.id == Product.prepared_by_id)
            .outerjoin(Variant, Variant.product_id == Product.id)
            .where(Product.shop_id == bindparam("shop_id"))
            .order_by(Product.status, Product.created_at.desc(), Product.id, Variant.position, Variant.id))


@dataclass(frozen=True)
class ShopListings:
    """A shop's listings as its dashboard shows them, from the rows of one statement
    (_shop_listings_query: a row per variant). The rows are the key of the listings' kept part
    (web/fragments.py), and the listings are worked out from them only when it is drawn: reading
    forty listings' columns into records on every visit cost twice the statement."""

    rows: tuple[Row, ...]

    @cached_property
    def products(self) -> tuple[tuple[int, ProductStatus], ...]:
        """(id, status) of each listing, in the dashboard's order."""
        return tuple({row.product_id: row.status for row in self.rows}.items())

    @cached_property
    def listings(self) -> tuple[DashboardListing, ...]:
        listings: dict[int, tuple] = {}
        variants: dict[int, list[DashboardVariant]] = {}
        for row in self.rows:
            if row.product_id not in listings:
                listings[row.product_id] = (row.product_id, row.title, row.status, row.hidden,
                                            row.hidden_reason, row.prepared_by_name, row.images,
                                            tuple(missing_details(row)))
                variants[row.product_id] = []
            if row.variant_id is not None:
                variants[row.product_id].append(DashboardVariant(row.variant_id, row.variant_name, row.sku,
                                                                 row.price, row.stock_on_hand))
        return tuple(DashboardListing(*listing, tuple(variants[product_id]))
                     for product_id, listing in listings.items())

    @cached_property
    def running_low(self) -> tuple[RunningLow, ...]:
        """The variants with LOW_STOCK units or fewer left, of listings sold from stock and not
        archived, fewest first."""
        low = [(row.available, row.sku,
                RunningLow(row.variant_id, row.title, row.variant_name, row.available))
               for row in self.rows
               if row.variant_id is not None and row.available <= LOW_STOCK
               and row.status != ProductStatus.ARCHIVED and not row.made_to_order]
        return tuple(variant for *_, variant in sorted(low, key=lambda item: item[:2]))


def shop_listings(shop_id: int) -> ShopListings:
    """The shop's listings as its dashboard shows them (drafts, then active, then archived, the
    newest first) and the variants running low, from one statement."""
    return ShopListings(tuple(reads.rows(_shop_listings_query(), {"shop_id": shop_id})))
