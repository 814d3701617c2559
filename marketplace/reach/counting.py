"""Counting a page view or a share tap, cheaply enough for the busiest page.

What is counted is a number per listing or shop, per day and measure: no cookie is set, no address,
user agent or account is stored. Search engines' and link previews' fetchers, prefetches, the shop's
own artisan and the agency's staff are not counted: they are not the reach the figures tell about.

With Redis (production), a count is one HINCRBY in the day's hash, whether the page came from the
page cache or was rendered; `flush_counts` (a scheduled job) moves the hashes into the daily tables.
Without Redis (`make run`, most tests), a count is written to the database at once."""

import logging
import re
from datetime import date, timedelta
from enum import StrEnum

from flask import request
from flask_login import current_user
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from marketplace.auth.models import Role
from marketplace.extensions import db, redis_connection
from marketplace.products.models import Product
from marketplace.reach.models import ProductReachDay, ShopReachDay
from marketplace.shops.access import is_agency
from marketplace.shops.models import Shop
from marketplace.web.localtime import today

logger = logging.getLogger(__name__)

#: user agents of fetchers, not people: crawlers, and the previews WhatsApp, Facebook and others draw
BOTS = re.compile(r"bot|crawl|spider|slurp|facebookexternalhit|facebookcatalog|whatsapp|preview|"
                  r"curl|wget|python|headless", re.IGNORECASE)
#: a day's counts wait in Redis at most this long for the flush job before they are dropped
KEPT_DAYS = 30


class Measure(StrEnum):
    VIEWS = "views"
    SHARES = "shares"


class Kind(StrEnum):
    """What is counted, and what names it: a listing by its id, a shop by its slug (the page's
    address holds nothing else, and a page served from the cache reads no row)."""

    PRODUCT = "product"
    SHOP = "shop"


def day_key(day: date) -> str:
    return f"reach:{day.isoformat()}"


def _field(kind: Kind, key, measure: Measure) -> str:
    return f"{kind}:{key}:{measure}"


def is_counted_visitor(kind: Kind, key) -> bool:
    """A person from outside: not a fetcher, not a prefetch, not the agency, not the shop's artisan."""
    agent = request.user_agent.string
    if not agent or BOTS.search(agent):
        return False
    if "prefetch" in request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", ""):
        return False
    if not current_user.is_authenticated:
        return True
    if is_agency(current_user):
        return False
    return not (current_user.has_role(Role.ARTISAN) and owner_of(kind, key) == current_user.id)


def owner_of(kind: Kind, key) -> int | None:
    if kind is Kind.PRODUCT:
        return db.session.scalar(select(Shop.owner_id).join(Product, Product.shop_id == Shop.id)
                                 .where(Product.id == key))
    return db.session.scalar(select(Shop.owner_id).where(Shop.slug == key))


def count(kind: Kind, key, measure: Measure) -> None:
    """One view or share of a listing (its id) or a shop (its slug), today. A failure is logged and
    the count lost: a figure is never worth a page that does not answer."""
    day = today()
    store = redis_connection()
    try:
        if store is None:
            add_counts(day, {(kind, str(key), measure): 1})
            return
        with store.pipeline(transaction=False) as pipeline:
            pipeline.hincrby(day_key(day), _field(kind, key, measure), 1)
            pipeline.expire(day_key(day), KEPT_DAYS * 86400)
            pipeline.execute()
    except (RedisError, SQLAlchemyError) as error:
        logger.warning("reach not counted: %s", error)


def add_counts(day: date, counts: dict[tuple[Kind, str, Measure], int]) -> None:
    """Add `counts` to the day's rows, in a transaction of their own (the page's or the job's
    session is left alone). Listings and shops that no longer exist are left out."""
    products: dict[int, dict[Measure, int]] = {}
    shops: dict[str, dict[Measure, int]] = {}
    for (kind, key, measure), number in counts.items():
        if kind is Kind.PRODUCT and key.isdigit():
            products.setdefault(int(key), {}).setdefault(measure, 0)
            products[int(key)][measure] += number
        elif kind is Kind.SHOP:
            shops.setdefault(key, {}).setdefault(measure, 0)
            shops[key][measure] += number
    with db.engine.begin() as connection:
        # told apart from the page's own statements (the query budgets of tests leave it out)
        connection.execution_options(counting_visits=True)
        if products:
            known = set(connection.scalars(select(Product.id).where(Product.id.in_(products))))
            rows = [_row("product_id", product_id, day, by_measure)
                    for product_id, by_measure in products.items() if product_id in known]
            _upsert(connection, ProductReachDay, "product_id", rows)
        if shops:
            ids = dict(connection.execute(select(Shop.slug, Shop.id).where(Shop.slug.in_(shops))).all())
            rows = [_row("shop_id", ids[slug], day, by_measure)
                    for slug, by_measure in shops.items() if slug in ids]
            _upsert(connection, ShopReachDay, "shop_id", rows)


def _row(column: str, key: int, day: date, by_measure: dict[Measure, int]) -> dict:
    return {column: key, "day": day, "views": by_measure.get(Measure.VIEWS, 0),
            "shares": by_measure.get(Measure.SHARES, 0)}


def _upsert(connection, model, column: str, rows: list[dict]) -> None:
    """INSERT ... ON CONFLICT DO UPDATE adding to the counts, in the dialect of the database (both
    SQLite and PostgreSQL write it the same way)."""
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[column, "day"],
        set_={"views": model.views + statement.excluded.views,
              "shares": model.shares + statement.excluded.shares})
    connection.execute(statement)


def flush_counts(days: int = KEPT_DAYS) -> int:
    """Move the counts waiting in Redis into the daily tables; the number of counts moved. Each
    day's hash is read and deleted at once (nothing counted meanwhile is lost), and put back if the
    database does not take it."""
    store = redis_connection()
    if store is None:
        return 0
    moved = 0
    first = today() - timedelta(days=days)
    for day in (first + timedelta(days=offset) for offset in range(days + 1)):
        with store.pipeline(transaction=True) as pipeline:
            pipeline.hgetall(day_key(day))
            pipeline.delete(day_key(day))
            waiting, _deleted = pipeline.execute()
        counts = _parse(waiting)
        if not counts:
            continue
        try:
            add_counts(day, counts)
        except SQLAlchemyError:
            _put_back(store, day, waiting)
            raise
        moved += sum(counts.values())
    return moved


def _parse(waiting: dict[bytes, bytes]) -> dict[tuple[Kind, str, Measure], int]:
    counts = {}
    for field, number in waiting.items():
        try:
            kind, rest = field.decode().split(":", 1)
            key, measure = rest.rsplit(":", 1)
            counts[(Kind(kind), key, Measure(measure))] = int(number)
        except ValueError:  # not written by this code
            logger.warning("reach count %r left out", field)
    return counts


def _put_back(store, day: date, waiting: dict[bytes, bytes]) -> None:
    with store.pipeline(transaction=True) as pipeline:
        for field, number in waiting.items():
            pipeline.hincrby(day_key(day), field, int(number))
        pipeline.expire(day_key(day), KEPT_DAYS * 86400)
        pipeline.execute()
