"""What customers browse: the public listing query with its filters, sorting and pages. One query
for a page of cards with their count (two for a search), whatever the page size."""

import math
from dataclasses import dataclass, field, fields, replace
from functools import cache, lru_cache

from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.expression import FunctionElement

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
#: results are counted up to this many (or to the current page): counting every match of a large
#: catalogue would cost more than the page itself, and nobody pages through a thousand cloths
COUNT_LIMIT = 1_000
#: past this many verified shops the catalogue leaves its shop filter out (see shop_filter_choices)
SHOP_FILTER_LIMIT = 100
#: shops per page of /shops
SHOPS_PER_PAGE = 48
SORTS = ("relevance", "newest", "price_asc", "price_desc")


@dataclass(frozen=True)
class ChosenFilters:
    q: str
    technique: Technique | None
    dye_type: DyeType | None
    fabric: Fabric | None
    shop: str | None
    min_price: int | None
    max_price: int | None
    in_stock: bool
    #: how many filters narrow the list (the words and the order aside)
    active: int


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

    def chosen(self) -> "ChosenFilters":
        """What the filter form shows, as a frozen value (a key of the form's fragment)."""
        return ChosenFilters(self.q, self.technique, self.dye_type, self.fabric, self.shop, self.min_price,
                             self.max_price, self.in_stock,
                             active=len(self.query_args(page=1, sort=None, q=None)))

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


#: the query parameters parse_filters reads (the catalogue's stored pages are keyed on these only)
FILTER_PARAMS = ("q", "technique", "dye_type", "fabric", "shop", "min_price", "max_price", "in_stock",
                 "sort", "page")


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
    filters.page = page_number(args)
    return filters


def page_number(args) -> int:
    """The `page` parameter; anything but a sensible page number is the first page."""
    page = args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1


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
    #: exact up to COUNT_LIMIT (or the current page); past it, a lower bound and `more` is true
    total: int
    page: int
    per_page: int
    more: bool = False
    #: the order the items are in: a search asked for by relevance can come newest first (COUNT_LIMIT)
    sort: str = "newest"

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


class unindexed(FunctionElement):  # noqa: N801 (reads as an SQL function)
    """A column SQLite must not pick an index for. Driven by the index on shops.state, SQLite reads
    every listing of every verified shop and sorts them all for one page; without it, it walks the
    products in the page's order and stops after one page. Other databases choose well alone."""

    inherit_cache = True


@compiles(unindexed)
def _column_itself(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _unary_plus(element, compiler, **kw):
    return "+" + compiler.process(element.clauses, **kw)


def public_condition(preview_shop_id: int | None = None):
    """Invariant: nothing is public unless its shop is verified, it is active and not hidden."""
    shop_visible = unindexed(Shop.state) == ShopState.VERIFIED.value
    if preview_shop_id is not None:
        shop_visible = or_(shop_visible, Shop.id == preview_shop_id)
    return and_(shop_visible, Product.status == ProductStatus.ACTIVE, Product.hidden.is_(False))


def _variant_figures() -> tuple:
    """Price range and available units of the row's product (the highest price and the units as
    correlated subqueries; the lowest price is kept on the product)."""
    of_product = Variant.product_id == Product.id
    available = Variant.stock_on_hand - Variant.stock_reserved
    return (Product.min_price,
            select(func.max(Variant.price)).where(of_product).scalar_subquery(),
            select(func.coalesce(func.sum(available), 0)).where(of_product).scalar_subquery())


def _first_image(column):
    return (select(column).where(ProductImage.product_id == Product.id)
            .order_by(ProductImage.position, ProductImage.id).limit(1).scalar_subquery())


@cache
def _card_columns() -> tuple:
    """The columns of a ProductCard, in its order, for the row's product and shop. Built once:
    SQL expressions are immutable, and building these for every page cost about half as much
    as running the query."""
    return (Product.id, Product.title, Product.technique, Product.dye_type, Product.dye_source,
            Product.made_to_order, Product.production_days, Shop.name, Shop.slug,
            *_variant_figures(), _first_image(ProductImage.thumb_key), _first_image(ProductImage.alt_text))


CARD_COLUMNS = len(fields(ProductCard))


def card_query(*extra_columns, public_only: bool = True):
    """The columns of a ProductCard, then `extra_columns`, for pages that choose and order listings
    their own way (featured products, collections); build each card with `card_of(row)`.
    `public_only=False` keeps listings that are no longer public, so a page can say so."""
    query = select(*_card_columns(), *extra_columns).join(Shop, Shop.id == Product.shop_id)
    return query.where(public_condition()) if public_only else query


def card_of(row) -> ProductCard:
    return ProductCard(*row[:CARD_COLUMNS])


def in_stock_condition():
    """Some variant has a unit left (each variant's available count is at least 0), or the cloth is
    made to order (every listing has a variant). One EXISTS, not an OR beside one: PostgreSQL turned
    the OR into a hash of every variant in stock, built for each page (33 ms at 100,000 listings,
    0.3 ms as a semi-join that stops after one page)."""
    unit_left = Variant.stock_on_hand > Variant.stock_reserved
    return exists().where(Variant.product_id == Product.id, or_(unit_left, Product.made_to_order.is_(True)))


def _apply_filters(query, filters: CatalogFilters):
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
        query = query.where(in_stock_condition())
    return query


def _sort_keys(filters: CatalogFilters, matches) -> list[tuple]:
    """(expression, descending) pairs; the product id last, so equal keys keep a stable order."""
    if matches is not None and filters.sort == "relevance":
        return [(matches.rank, False), (Product.id, True)]
    if filters.sort in ("price_asc", "price_desc"):
        # both keys in one direction, so one index (ix_products_min_price_id) serves either order
        descending = filters.sort == "price_desc"
        return [(Product.min_price, descending), (Product.id, descending)]
    return [(Product.created_at, True), (Product.id, True)]


def _ordered(keys) -> list:
    return [key.desc() if descending else key.asc() for key, descending in keys]


def _selection(filters: CatalogFilters, broad: bool = False):
    """The ids of the products the filters select, with their sort keys k0, k1, in order. `broad`:
    the search was counted past COUNT_LIMIT matches and its page comes newest first."""
    return _selection_for(filters.q, filters.technique, filters.dye_type, filters.fabric, filters.shop,
                          filters.min_price, filters.max_price, filters.in_stock, filters.sort,
                          filters.preview_shop_id, broad, db.session.get_bind().dialect.name)


#: statements kept per worker: those of the common lists (the catalogue, each shop, each filter)
#: are built once; building one cost as much as running it
STATEMENTS_KEPT = 512


@lru_cache(maxsize=STATEMENTS_KEPT)
def _selection_for(q, technique, dye_type, fabric, shop, min_price, max_price, in_stock, sort,
                   preview_shop_id, broad, dialect: str) -> tuple:
    """_selection's statement, built once for each combination of filters (statements are immutable).
    `dialect` is not read here: a search is written for the database's own text search, so the
    statement differs between SQLite and PostgreSQL."""
    filters = CatalogFilters(q=q, technique=technique, dye_type=dye_type, fabric=fabric, shop=shop,
                             min_price=min_price, max_price=max_price, in_stock=in_stock, sort=sort,
                             preview_shop_id=preview_shop_id)
    query = (select(Product.id.label("product_id")).join(Shop, Shop.id == Product.shop_id)
             .where(public_condition(filters.preview_shop_id)))
    query = _apply_filters(query, filters)
    matches = None
    if terms := search_terms(filters.q):
        matches = matching(terms, broad=broad)
        query = matches.applied_to(query, ranked=filters.sort == "relevance")
    keys = _sort_keys(filters, matches)
    query = query.add_columns(*(key.label(f"k{number}") for number, (key, _) in enumerate(keys)))
    return query.order_by(*_ordered(keys)), tuple(descending for _, descending in keys)


def _cards(selection, directions, limit: int, offset: int = 0) -> list[ProductCard]:
    statement = _cards_statement(selection, directions, limit, offset)
    return [ProductCard(*row) for row in db.session.execute(statement)]


def _counted_cards(selection, directions, limit: int, offset: int, count_limit: int) -> tuple[list, int]:
    """A page of cards and the number of matches (counted up to `count_limit`) in one round trip:
    on PostgreSQL each statement is one, and a page's few cost more waiting than working."""
    statement = _counted_cards_statement(selection, directions, limit, offset, count_limit)
    rows = db.session.execute(statement).all()
    cards = [ProductCard(*row[:CARD_COLUMNS]) for row in rows if row[0] is not None]
    return cards, rows[0][CARD_COLUMNS]


def _page_cards(selection, directions: tuple[bool, ...], limit: int, offset: int) -> tuple:
    """The cards of one page of the selection, unordered, and the page's sort keys as (column,
    descending) pairs. The page's ids are picked first and the cards built for those alone: built in
    the same query, the figures and photos of every match would be worked out before sorting."""
    chosen = selection.limit(limit).offset(offset).subquery("chosen")
    keys = [(chosen.c[f"k{number}"], descending) for number, descending in enumerate(directions)]
    cards = (select(*_card_columns()).select_from(chosen).join(Product, Product.id == chosen.c.product_id)
             .join(Shop, Shop.id == Product.shop_id))
    return cards, keys


@lru_cache(maxsize=STATEMENTS_KEPT)
def _cards_statement(selection, directions: tuple[bool, ...], limit: int, offset: int):
    cards, keys = _page_cards(selection, directions, limit, offset)
    return cards.order_by(*_ordered(keys))


@lru_cache(maxsize=STATEMENTS_KEPT)
def _count_statement(selection, limit: int):
    return select(func.count()).select_from(
        selection.with_only_columns(Product.id).order_by(None).limit(limit).subquery())


@lru_cache(maxsize=STATEMENTS_KEPT)
def _counted_cards_statement(selection, directions: tuple[bool, ...], limit: int, offset: int,
                             count_limit: int):
    """The count's one row joined to the page's cards, so a page past the last still has a row to
    carry the count (its card columns NULL)."""
    counted = _count_statement(selection, count_limit).subquery("counted")
    cards, keys = _page_cards(selection, directions, limit, offset)
    labelled = (key.label(f"k{number}") for number, (key, _) in enumerate(keys))
    page = cards.add_columns(*labelled).subquery("page")
    page_keys = [(page.c[f"k{number}"], descending) for number, (_, descending) in enumerate(keys)]
    return (select(*list(page.c)[:CARD_COLUMNS], *counted.c).select_from(counted).outerjoin(page, true())
            .order_by(*_ordered(page_keys)))


def catalog_cards(filters: CatalogFilters, limit: int) -> list[ProductCard]:
    """The first cards the filters select, without counting them."""
    return _cards(*_selection(filters), limit)


def search_catalog(filters: CatalogFilters, per_page: int = PER_PAGE) -> Page:
    selection, directions = _selection(filters)
    offset = (filters.page - 1) * per_page
    limit = max(COUNT_LIMIT, offset + per_page) + 1
    if not search_terms(filters.q):
        items, counted = _counted_cards(selection, directions, per_page, offset, limit)
        more = counted == limit
        return Page(items, counted - 1 if more else counted, filters.page, per_page, more, filters.sort)
    # A search is counted first: how many it matches decides how its page is found (below).
    counted = db.session.scalar(_count_statement(selection, limit))
    more = counted == limit
    if more:
        # Ranking means scoring every match: past COUNT_LIMIT of them that costs more than the whole
        # page (40 ms for a two-word search matching 9,000 of 100,000 listings). A search that broad
        # lists the newest first, and the page suggests a narrower one; newest or by price, its page
        # is found by walking the index of that order.
        if filters.sort == "relevance":
            filters = replace(filters, sort="newest")
        selection, directions = _selection(filters, broad=True)
    items = _cards(selection, directions, per_page, offset)
    return Page(items, counted - 1 if more else counted, filters.page, per_page, more, filters.sort)


def verified_shops(limit: int | None = None, offset: int = 0) -> list[tuple[Shop, int]]:
    """Verified shops by name with how many public listings each has, in one query; `limit` and
    `offset` give one page of them."""
    listed = and_(Product.shop_id == Shop.id, Product.status == ProductStatus.ACTIVE,
                  Product.hidden.is_(False))
    return db.session.execute(
        select(Shop, func.count(Product.id)).outerjoin(Product, listed)
        .where(Shop.state == ShopState.VERIFIED).group_by(Shop.id).order_by(Shop.name, Shop.id)
        .options(selectinload(Shop.cohort))  # each shop's badge names its cohort
        .limit(limit).offset(offset)).all()


def verified_shops_page(number: int, per_page: int) -> Page:
    """Page `number` of the verified shops with their listing counts, for /shops and the API."""
    shops = verified_shops(limit=per_page, offset=(number - 1) * per_page)
    return Page(shops, verified_shop_count(), number, per_page)


def verified_shop_count() -> int:
    return db.session.scalar(select(func.count(Shop.id)).where(Shop.state == ShopState.VERIFIED))


def verified_shop_names(limit: int | None = None) -> list:
    """Slug, name and kecamatan of the verified shops, by name: what a list of links or a filter
    needs, without loading the shops or counting their listings."""
    return db.session.execute(select(Shop.slug, Shop.name, Shop.kecamatan)
                              .where(Shop.state == ShopState.VERIFIED).order_by(Shop.name).limit(limit)).all()


def showcased_shops(count: int) -> list:
    """`count` verified shops picked at random, by name: the home page's strip. At random, so that
    every artisan's shop has its turn rather than those early in the alphabet; the page cache keeps
    one pick for a minute."""
    return db.session.execute(_showcase_statement(count)).all()


@lru_cache(maxsize=8)
def _showcase_statement(count: int):
    picked = (select(Shop.slug, Shop.name, Shop.kecamatan).where(Shop.state == ShopState.VERIFIED)
              .order_by(func.random()).limit(count).subquery())
    return select(picked).order_by(picked.c.name)


def shop_filter_choices() -> tuple[tuple[str, str], ...] | None:
    """(slug, name) for the catalogue's shop filter; None past SHOP_FILTER_LIMIT shops, where a
    list that long helps nobody (the search matches shop names, and /shops lists them all)."""
    shops = verified_shop_names(limit=SHOP_FILTER_LIMIT + 1)
    return None if len(shops) > SHOP_FILTER_LIMIT else tuple((shop.slug, shop.name) for shop in shops)


def product_for_page(product_id: int) -> Product | None:
    """A product with everything its page shows, in one query: the product with its shop, cohort,
    curator, photos and variants. Photos and variants multiply (a listing has a handful of each, so
    a few dozen rows at most), which costs less than the round trip of a second query."""
    return db.session.scalars(
        select(Product).where(Product.id == product_id)
        .options(joinedload(Product.shop).joinedload(Shop.cohort), joinedload(Product.prepared_by),
                 joinedload(Product.images), joinedload(Product.variants))).unique().first()


def can_view(product: Product, user) -> bool:
    """Public listings for everyone; the shop's owner and the agency also see the rest."""
    if product.is_public:
        return True
    return bool(user.is_authenticated and (product.shop.owner_id == user.id
                                           or user.has_role(Role.CURATOR, Role.ADMIN)))


def more_from_shop(product: Product, count: int = 4) -> list[ProductCard]:
    filters = CatalogFilters(shop=product.shop.slug, preview_shop_id=product.shop_id)
    cards = catalog_cards(filters, count + 1)
    return [card for card in cards if card.id != product.id][:count]
