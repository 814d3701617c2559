"""The featured products of the home page: an ordered list the curators keep, each place with an
optional window. Nothing expires by a job: the home page's query compares each window to now."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import bindparam, delete, or_, select, text
from sqlalchemy.orm import joinedload, selectinload

from marketplace.audit.models import AuditEntry
from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import User
from marketplace.curation import clock
from marketplace.curation.exceptions import (
    DuplicateProduct,
    ProductHidden,
    ProductNotActive,
    ProductNotFound,
    ShopNotVerified,
    TooManyFeatured,
    WindowReversed,
)
from marketplace.curation.models import FeaturedProduct, window_condition
from marketplace.extensions import db
from marketplace.products.catalog import (
    ProductCard,
    card_of,
    card_query,
    in_stock_condition,
    public_condition,
)
from marketplace.products.models import Product, ProductStatus
from marketplace.shops.models import Shop, ShopState

#: more than a home page can show; a bound on what one request may replace
MAX_FEATURED = 48
_FIELDS = ("product_id", "position", "starts_at", "ends_at")


@dataclass(frozen=True)
class FeatureEntry:
    product_id: int
    starts_at: datetime | None = None
    ends_at: datetime | None = None


def current_featured(now: datetime | None = None, limit: int | None = None) -> list[ProductCard]:
    """The cards the home page shows, in the curators' order, in one query: inside their window,
    public (verified shop, active, not hidden) and not sold out."""
    moment = clock.utc(now) or clock.now()
    return [card_of(row) for row in db.session.execute(_featured_statement(limit), {"moment": moment})]


@lru_cache(maxsize=8)
def _featured_statement(limit: int | None):
    """Built once for each limit, the moment a parameter: building it cost as much as running it."""
    return (card_query().join(FeaturedProduct, FeaturedProduct.product_id == Product.id)
            .where(window_condition(FeaturedProduct.starts_at, FeaturedProduct.ends_at, bindparam("moment")),
                   in_stock_condition())
            .order_by(FeaturedProduct.position, FeaturedProduct.id).limit(limit))


def _hold_the_list() -> None:
    """Serialise edits of the featured list until the commit: two curators editing at once would
    otherwise read the same positions, and one would hit the unique product constraint."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('featured_products'))"))


def featured_list() -> list[FeaturedProduct]:
    """Every place in the list, shown or not, with its product and shop, for the curators' page."""
    return list(db.session.scalars(
        select(FeaturedProduct).order_by(FeaturedProduct.position, FeaturedProduct.id)
        .options(joinedload(FeaturedProduct.product).options(joinedload(Product.shop),
                                                             selectinload(Product.variants)))))


def listing_state(product: Product) -> str:
    """`available`, `sold_out`, or `not_public` (hidden, not active, or its shop not verified)."""
    if not product.is_public:
        return "not_public"
    if not product.made_to_order and sum(variant.available for variant in product.variants) <= 0:
        return "sold_out"
    return "available"


def feature_state(feature: FeaturedProduct, now: datetime | None = None) -> str:
    """Why a place is or is not on the home page now, for the curators' page."""
    moment, state = clock.utc(now) or clock.now(), listing_state(feature.product)
    if state != "available":
        return state
    if feature.starts_at is not None and clock.utc(feature.starts_at) > moment:
        return "scheduled"
    if not feature.shows_at(moment):
        return "ended"
    return "showing"


def check_showable(product: Product | None, product_id: int) -> Product:
    """Only active, unhidden listings of verified shops are featured or collected."""
    if product is None:
        raise ProductNotFound(product_id)
    if product.shop.state != ShopState.VERIFIED:
        raise ShopNotVerified(product.id, product.title)
    if product.status != ProductStatus.ACTIVE:
        raise ProductNotActive(product.id, product.title)
    if product.hidden:
        raise ProductHidden(product.id, product.title)
    return product


def load_products(product_ids) -> dict[int, Product]:
    """The products with these ids and their shops; ids no row can have are simply not found."""
    wanted = {number for number in product_ids if isinstance(number, int) and 0 < number < 2**31}
    found = db.session.scalars(select(Product).where(Product.id.in_(wanted))
                               .options(joinedload(Product.shop)))
    return {product.id: product for product in found}


def _window(product: Product, starts_at: datetime | None, ends_at: datetime | None) -> tuple:
    """The window in UTC (a time without a zone is taken as UTC), refused when it ends first."""
    starts_at, ends_at = clock.utc(starts_at), clock.utc(ends_at)
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise WindowReversed(product.id, product.title)
    return starts_at, ends_at


def _validated(entries: list[FeatureEntry]) -> list[tuple[Product, tuple]]:
    if len(entries) > MAX_FEATURED:
        raise TooManyFeatured(MAX_FEATURED)
    products = load_products(entry.product_id for entry in entries)
    checked, seen = [], set()
    for entry in entries:
        product = check_showable(products.get(entry.product_id), entry.product_id)
        if product.id in seen:
            raise DuplicateProduct(product.id, product.title)
        seen.add(product.id)
        checked.append((product, _window(product, entry.starts_at, entry.ends_at)))
    return checked


def _listed(features) -> list[dict]:
    return [snapshot(feature, *_FIELDS) for feature in features]


def replace_featured(actor: User, entries: list[FeatureEntry]) -> list[FeaturedProduct]:
    """Make `entries`, in their order, the whole featured list. Every entry is checked before
    anything changes; the first bad one raises a CurationRefusal naming its product."""
    _hold_the_list()
    checked = _validated(entries)
    before = _listed(featured_list())
    db.session.execute(delete(FeaturedProduct))
    features = [FeaturedProduct(product=product, position=position, starts_at=starts_at,
                                ends_at=ends_at, created_by=actor)
                for position, (product, (starts_at, ends_at)) in enumerate(checked)]
    db.session.add_all(features)
    db.session.flush()
    _record_list_change(actor, before, _listed(features))
    return features


def _record_list_change(actor: User, before: list[dict], after: list[dict]) -> None:
    # The whole list has no row of its own to name, so this entry is written here rather than
    # through record_action, which names one record.
    db.session.add(AuditEntry(actor_id=actor.id, actor_name=actor.name, action="featured.replace",
                              target_type=FeaturedProduct.__tablename__, target_id="all",
                              target_label="featured products", before={"featured": before},
                              after={"featured": after}))


def add_featured(actor: User, product_id: int, starts_at: datetime | None = None,
                 ends_at: datetime | None = None) -> FeaturedProduct:
    """Put a product at the end of the list."""
    _hold_the_list()
    product = check_showable(load_products([product_id]).get(product_id), product_id)
    current = featured_list()
    if any(feature.product_id == product.id for feature in current):
        raise DuplicateProduct(product.id, product.title)
    if len(current) >= MAX_FEATURED:
        raise TooManyFeatured(MAX_FEATURED)
    starts_at, ends_at = _window(product, starts_at, ends_at)
    feature = FeaturedProduct(product=product, position=len(current), starts_at=starts_at,
                              ends_at=ends_at, created_by=actor)
    db.session.add(feature)
    record_action(actor, "featured.add", feature, after=snapshot(feature, *_FIELDS))
    return feature


def move_featured(actor: User, feature: FeaturedProduct, offset: int) -> None:
    """Move a place up (offset -1) or down (+1); at either end of the list nothing changes."""
    _hold_the_list()
    order = featured_list()
    index = order.index(feature)
    target = min(max(index + offset, 0), len(order) - 1)
    if target == index:
        return
    before = snapshot(feature, "position")
    order.insert(target, order.pop(index))
    renumber(order)
    record_action(actor, "featured.move", feature, before=before, after=snapshot(feature, "position"))


def set_feature_window(actor: User, feature: FeaturedProduct, starts_at: datetime | None,
                       ends_at: datetime | None) -> None:
    starts_at, ends_at = _window(feature.product, starts_at, ends_at)
    before = snapshot(feature, "starts_at", "ends_at")
    feature.starts_at, feature.ends_at = starts_at, ends_at
    record_action(actor, "featured.window", feature, before=before,
                  after=snapshot(feature, "starts_at", "ends_at"))


def remove_featured(actor: User, feature: FeaturedProduct) -> None:
    _hold_the_list()
    record_action(actor, "featured.remove", feature, before=snapshot(feature, *_FIELDS))
    db.session.delete(feature)
    db.session.flush()
    renumber(featured_list())


def renumber(places) -> None:
    """Positions 0, 1, 2... in the given order, so moving up and down always swaps neighbours."""
    for position, place in enumerate(places):
        place.position = position
    db.session.flush()


def find_showable(text: str, limit: int = 20) -> list[Product]:
    """Public listings whose title contains `text`, or whose number it is, for the add forms."""
    text = text.strip()[:100]
    if not text:
        return []
    match = Product.title.ilike(f"%{_escape_like(text)}%", escape="\\")
    number = text.lstrip("#")
    if number.isdigit() and len(number) < 10:
        match = or_(match, Product.id == int(number))
    return list(db.session.scalars(
        select(Product).join(Shop, Shop.id == Product.shop_id).where(match, public_condition())
        .options(joinedload(Product.shop)).order_by(Product.title, Product.id).limit(limit)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
