"""What customers browse: the public listing query with its filters, sorting and pages. One query
for a page of cards and one to count them, whatever the page size."""

import math
from dataclasses import dataclass, field, fields

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.auth.models import Role
from marketplace.extensions import db
from marketplace.products.models import (
    MAX_PRICE,
    DyeType,
    Fabric,
    Product,
    ProductImage,
    ProductStatus,
    Technique,
    Variant,
)
from marketplace.products.search import matching, search_terms
from marketplace.shops.models import Shop, ShopState

PER_PAGE = 24
SORTS = ("relevance", "newest", "price_asc", "price_desc")


@dataclass
class CatalogFilters:
    q: str = ""
    technique: Technique | None = None
    dye_type: DyeType | None = None
    fabric: Fabric | None = None
    shop: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool = False
    sort: str = "newest"
    page: int = 1
    #: the owner previewing their own shop sees its active listings before it is verified
    preview_shop_id: int | None = None
    #: parameters that were given but could not be used, to tell the visitor
    ignored: list[str] = field(default_factory=list)

    def query_args(self, **changes) -> dict:
        """The filters as URL parameters, so pagination and sorting links keep them."""
        values = {"q": self.q, "technique": self.technique, "dye_type": self.dye_type,
                  "fabric": self.fabric, "shop": self.shop, "min_price": self.min_price,
                  "max_price": self.max_price, "in_stock": "1" if self.in_stock else None,
                  "sort": self.sort, "page": self.page}
        values.update(changes)
        return {key: value for key, value in values.items()
                if value not in (None, "") and not (key == "page" and value == 1)}


def _enum_arg(args, name, enum_class, filters):
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return enum_class(raw)
    except ValueError:
        filters.ignored.append(name)
        return None


def _price_arg(args, name, filters):
    raw = args.get(name, "").strip().removeprefix("Rp").replace(".", "").replace(" ", "")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_PRICE:
        filters.ignored.append(name)
        return None
    return int(raw)


def parse_filters(args) -> CatalogFilters:
    """Read filters from query parameters; a malformed one is ignored and named, never an error."""
    filters = CatalogFilters(q=args.get("q", "").strip()[:100])
    filters.technique = _enum_arg(args, "technique", Technique, filters)
    filters.dye_type = _enum_arg(args, "dye_type", DyeType, filters)
    filters.fabric = _enum_arg(args, "fabric", Fabric, filters)
    filters.shop = args.get("shop", "").strip()[:90] or None
    filters.min_price = _price_arg(args, "min_price", filters)
    filters.max_price = _price_arg(args, "max_price", filters)
    filters.in_stock = args.get("in_stock") in ("1", "on", "true")
    sort = args.get("sort", "")
    filters.sort = sort if sort in SORTS else ("relevance" if search_terms(filters.q) else "newest")
    if sort and sort not in SORTS:
        filters.ignored.append("sort")
    page = args.get("page", "1")
    filters.page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    return filters


@dataclass(frozen=True)
class ProductCard:
    id: int
    title: str
    technique: Technique
    dye_type: DyeType
    dye_source: str
    made_to_order: bool
    production_days: int | None
    shop_name: str
    shop_slug: str
    min_price: int
    max_price: int
    available: int
    thumb_key: str | None
    alt_text: str | None


@dataclass(frozen=True)
class Page:
    items: list[ProductCard]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def public_condition(preview_shop_id: int | None = None):
    """Invariant: nothing is public unless its shop is verified, it is active and not hidden."""
    shop_visible = Shop.state == ShopState.VERIFIED
    if preview_shop_id is not None:
        shop_visible = or_(shop_visible, Shop.id == preview_shop_id)
    return and_(shop_visible, Product.status == ProductStatus.ACTIVE, Product.hidden.is_(False))


def _variant_stats():
    available = Variant.stock_on_hand - Variant.stock_reserved
    return (select(Variant.product_id, func.min(Variant.price).label("min_price"),
                   func.max(Variant.price).label("max_price"), func.sum(available).label("available"))
            .group_by(Variant.product_id).subquery("stats"))


def _first_image(column):
    return (select(column).where(ProductImage.product_id == Product.id)
            .order_by(ProductImage.position, ProductImage.id).limit(1).scalar_subquery())


def _card_columns(stats) -> tuple:
    return (Product.id, Product.title, Product.technique, Product.dye_type, Product.dye_source,
            Product.made_to_order, Product.production_days, Shop.name, Shop.slug,
            stats.c.min_price, stats.c.max_price, stats.c.available,
            _first_image(ProductImage.thumb_key), _first_image(ProductImage.alt_text))


def _card_query(stats, preview_shop_id):
    return (select(*_card_columns(stats))
            .join(Shop, Shop.id == Product.shop_id)
            .join(stats, stats.c.product_id == Product.id)
            .where(public_condition(preview_shop_id)))


CARD_COLUMNS = len(fields(ProductCard))


def card_query(*extra_columns, public_only: bool = True):
    """The columns of a ProductCard, then `extra_columns`, for pages that choose and order listings
    their own way (featured products, collections); build each card with `card_of(row)`.
    `public_only=False` keeps listings that are no longer public, so a page can say so."""
    stats = _variant_stats()
    query = (select(*_card_columns(stats), *extra_columns)
             .join(Shop, Shop.id == Product.shop_id)
             .join(stats, stats.c.product_id == Product.id))
    return (query.where(public_condition()) if public_only else query), stats


def card_of(row) -> ProductCard:
    return ProductCard(*row[:CARD_COLUMNS])


def in_stock_condition(stats):
    return or_(stats.c.available > 0, Product.made_to_order.is_(True))


def _apply_filters(query, filters: CatalogFilters, stats):
    equal = {Product.technique: filters.technique, Product.dye_type: filters.dye_type,
             Product.fabric: filters.fabric, Shop.slug: filters.shop}
    for column, value in equal.items():
        if value is not None:
            query = query.where(column == value)
    if filters.min_price is not None or filters.max_price is not None:
        priced = and_(Variant.product_id == Product.id,
                      Variant.price >= (filters.min_price or 0),
                      Variant.price <= (filters.max_price if filters.max_price is not None else MAX_PRICE))
        query = query.where(exists().where(priced))
    if filters.in_stock:
        query = query.where(in_stock_condition(stats))
    return query


_ORDER = {
    "newest": lambda stats: (Product.created_at.desc(), Product.id.desc()),
    "price_asc": lambda stats: (stats.c.min_price.asc(), Product.id.desc()),
    "price_desc": lambda stats: (stats.c.min_price.desc(), Product.id.desc()),
}


def search_catalog(filters: CatalogFilters, per_page: int = PER_PAGE) -> Page:
    stats = _variant_stats()
    query = _apply_filters(_card_query(stats, filters.preview_shop_id), filters, stats)
    terms = search_terms(filters.q)
    order = _ORDER.get(filters.sort, _ORDER["newest"])(stats)
    if terms:
        matches = matching(terms)
        query = query.join(matches, matches.c.product_id == Product.id)
        if filters.sort == "relevance":
            order = (matches.c.rank.asc(), Product.id.desc())
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.order_by(*order).limit(per_page)
                              .offset((filters.page - 1) * per_page)).all()
    return Page([ProductCard(*row) for row in rows], total, filters.page, per_page)


def verified_shops() -> list[tuple[Shop, int]]:
    """Verified shops with how many public listings each has, in one query."""
    listed = and_(Product.shop_id == Shop.id, Product.status == ProductStatus.ACTIVE,
                  Product.hidden.is_(False))
    return db.session.execute(
        select(Shop, func.count(Product.id)).outerjoin(Product, listed)
        .where(Shop.state == ShopState.VERIFIED).group_by(Shop.id).order_by(Shop.name)).all()


def product_for_page(product_id: int) -> Product | None:
    """A product with everything its page shows, in a fixed number of queries."""
    return db.session.scalar(
        select(Product).where(Product.id == product_id)
        .options(joinedload(Product.shop).joinedload(Shop.cohort), joinedload(Product.prepared_by),
                 selectinload(Product.variants), selectinload(Product.images)))


def can_view(product: Product, user) -> bool:
    """Public listings for everyone; the shop's owner and the agency also see the rest."""
    if product.is_public:
        return True
    return bool(user.is_authenticated and (product.shop.owner_id == user.id
                                           or user.has_role(Role.CURATOR, Role.ADMIN)))


def more_from_shop(product: Product, count: int = 4) -> list[ProductCard]:
    filters = CatalogFilters(shop=product.shop.slug, preview_shop_id=product.shop_id)
    cards = search_catalog(filters, per_page=count + 1).items
    return [card for card in cards if card.id != product.id][:count]


def home_sections(count: int = 8) -> dict:
    """The curators' featured products, or while none of them is showing the newest listing of each
    shop, so a fresh install still looks alive; the newest listings; the published collections; the
    shops."""
    from marketplace.curation import collections, services  # curation builds on this module

    newest = search_catalog(CatalogFilters(), per_page=count * 3).items
    featured = services.current_featured(limit=count) or _newest_of_each_shop(newest)[:count]
    return {"featured": featured, "new_arrivals": newest[:count],
            "collections": collections.published_collections(limit=6), "shops": verified_shops()}


def _newest_of_each_shop(newest: list[ProductCard]) -> list[ProductCard]:
    featured, seen_shops = [], set()
    for card in newest:
        if card.shop_slug not in seen_shops and card.thumb_key:
            featured.append(card)
            seen_shops.add(card.shop_slug)
    return featured
