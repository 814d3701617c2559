"""What the sitemaps read. Each kind of page (products, shops, collections) is split into sitemaps by
ranges of ids: sitemap n of a kind holds the public rows with ids from (n - 1) * PAGE_SIZE + 1 to
n * PAGE_SIZE. A sitemap is then one indexed range read, however large the catalogue, with no count
and no OFFSET to walk, and the index needs only each kind's highest id. A range whose rows are all
drafts, hidden or gone is an empty sitemap, which search engines accept."""

from datetime import datetime

from sqlalchemy import exists, func, select

from marketplace.curation import clock
from marketplace.curation.models import Collection
from marketplace.extensions import db
from marketplace.products.catalog import public_condition
from marketplace.products.models import Product, ProductImage, Variant
from marketplace.shops.models import Shop, ShopState

#: ids per sitemap. Search engines take up to 50,000 addresses in one; at 10,000 a sitemap took
#: 120 to 250 ms on a busy machine (PostgreSQL, 100,000 products), over the 200 ms it has
PAGE_SIZE = 5_000
KINDS = ("products", "shops", "collections")


def _products(condition):
    return (select(Product.id, Product.updated_at).join(Shop, Shop.id == Product.shop_id)
            .where(public_condition(), condition))


def _shops(condition):
    """A shop has no time of its own last change: its lastmod is when it was last verified (or
    applied). Its newest listing's would say more, but finding it read every listing (0.5 s at
    100,000 on PostgreSQL: there is no index on shop and time of change)."""
    lastmod = func.coalesce(Shop.state_changed_at, Shop.created_at)
    return select(Shop.slug, lastmod).where(Shop.state == ShopState.VERIFIED, condition)


def _collections(condition):
    published = Collection.published_at(clock.now())
    return select(Collection.slug, Collection.updated_at).where(published, condition)


#: each kind's query of public pages (given a condition on the id), and the id it is ranged by
_SOURCES = {"products": (_products, Product.id), "shops": (_shops, Shop.id),
            "collections": (_collections, Collection.id)}


def sitemap_count(kind: str) -> int:
    """How many sitemaps `kind` is split into: its highest id, read from the primary key's index."""
    _, id_column = _SOURCES[kind]
    highest = db.session.scalar(select(func.max(id_column))) or 0
    return -(-highest // PAGE_SIZE)


def sitemap_entries(kind: str, number: int) -> list[tuple[int | str, datetime | None]]:
    """(key, lastmod) of the public pages of sitemap `number` of `kind`, by id: a product's id, a
    shop's or a collection's slug, and when it last changed. Read as plain rows, without the ORM:
    building an object per row was a third of a sitemap's time."""
    source, id_column = _SOURCES[kind]
    first = (number - 1) * PAGE_SIZE + 1
    query = source(id_column.between(first, number * PAGE_SIZE)).order_by(id_column)
    return db.session.connection().execute(query).all()


#: listings per query of a product feed: each page is read from where the last one ended (by id)
FEED_PAGE = 500


def _feed_columns() -> tuple:
    """What a feed item needs of a listing: its details, shop, lowest price, units available and
    main photo (the large one: shopping ads want at least 250 px, and no text drawn over it, which
    rules out the share image)."""
    of_product = Variant.product_id == Product.id
    available = (select(func.coalesce(func.sum(Variant.stock_on_hand - Variant.stock_reserved), 0))
                 .where(of_product).scalar_subquery())
    photo = (select(ProductImage.large_key).where(ProductImage.product_id == Product.id)
             .order_by(ProductImage.position, ProductImage.id).limit(1).scalar_subquery())
    return (Product.id, Product.title, Product.description, Product.min_price, available.label("available"),
            Product.made_to_order, Product.production_days, Shop.name.label("shop_name"),
            photo.label("photo_key"))


def feed_listings():
    """The public listings a product feed offers, by id, read a page at a time with keyset paging
    (WHERE id > the last one), so the millionth row costs what the first did. Listings without a
    photo are left out: both Google and Meta refuse an item without `image_link`."""
    page_size = FEED_PAGE
    with_photo = exists().where(ProductImage.product_id == Product.id)
    query = (select(*_feed_columns()).join(Shop, Shop.id == Product.shop_id)
             .where(public_condition(), Product.min_price.is_not(None), with_photo)
             .order_by(Product.id).limit(page_size))
    last = 0
    while True:
        rows = db.session.connection().execute(query.where(Product.id > last)).all()
        yield from rows
        if len(rows) < page_size:
            return
        last = rows[-1].id


def public_product_ids() -> list[int]:
    """The ids of every public listing, in order."""
    return list(db.session.scalars(select(Product.id).join(Shop, Shop.id == Product.shop_id)
                                   .where(public_condition()).order_by(Product.id)))
