"""What the sitemaps read. Each kind of page (products, shops, collections) is split into sitemaps by
ranges of ids: sitemap n of a kind holds the public rows with ids from (n - 1) * PAGE_SIZE + 1 to
n * PAGE_SIZE. A page is then one indexed range read, however large the catalogue, with no count
and no OFFSET to walk; the index reads which ranges hold anything, and their newest change, in one
grouped query per kind. A range whose listings have all gone stays listed until the next time the
index is read, and answers an empty sitemap meanwhile."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, true

from marketplace.curation import clock
from marketplace.curation.models import Collection
from marketplace.extensions import db
from marketplace.products.catalog import public_condition
from marketplace.products.models import Product
from marketplace.shops.models import Shop, ShopState

#: ids per sitemap; search engines take up to 50,000 addresses in one
PAGE_SIZE = 10_000
#: rows fetched from the database at a time while a sitemap is written out
FETCH_SIZE = 1_000
KINDS = ("products", "shops", "collections")


@dataclass(frozen=True)
class Entry:
    #: what the page's address is built from: a product's id, a shop's or a collection's slug
    key: int | str
    lastmod: datetime | None


def _products(condition):
    return (select(Product.id.label("key"), Product.updated_at.label("lastmod"))
            .join(Shop, Shop.id == Product.shop_id).where(public_condition(), condition))


def _shops(condition):
    """A verified shop's page changes with its listings: its lastmod is its newest public listing's,
    else when it was verified."""
    listed = and_(Product.shop_id == Shop.id, public_condition())
    newest = func.coalesce(func.max(Product.updated_at), Shop.state_changed_at, Shop.created_at)
    return (select(Shop.slug.label("key"), newest.label("lastmod")).outerjoin(Product, listed)
            .where(Shop.state == ShopState.VERIFIED, condition)
            .group_by(Shop.id, Shop.slug, Shop.state_changed_at, Shop.created_at))


def _collections(condition):
    return (select(Collection.slug.label("key"), Collection.updated_at.label("lastmod"))
            .where(Collection.published_at(clock.now()), condition))


#: each kind's query of public pages (given a condition on the id), and the id it is ranged by
_SOURCES = {"products": (_products, Product.id), "shops": (_shops, Shop.id),
            "collections": (_collections, Collection.id)}


def sitemap_pages(kind: str) -> list[tuple[int, datetime | None]]:
    """(number, newest change) of each sitemap of `kind` that holds a public page, in order."""
    source, id_column = _SOURCES[kind]
    pages = source(true()).add_columns(((id_column - 1) // PAGE_SIZE + 1).label("number")).subquery()
    rows = db.session.execute(select(pages.c.number, func.max(pages.c.lastmod))
                              .group_by(pages.c.number).order_by(pages.c.number))
    return [(int(number), newest) for number, newest in rows]


def sitemap_entries(kind: str, number: int) -> Iterator[Entry]:
    """The public pages of sitemap `number` of `kind`, by id, read FETCH_SIZE rows at a time."""
    source, id_column = _SOURCES[kind]
    first = (number - 1) * PAGE_SIZE + 1
    query = source(id_column.between(first, number * PAGE_SIZE)).order_by(id_column)
    rows = db.session.execute(query.execution_options(yield_per=FETCH_SIZE))
    for key, lastmod in rows:
        yield Entry(key, lastmod)
