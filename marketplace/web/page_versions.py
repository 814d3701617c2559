"""The versions of what the stored pages show, kept in Redis so that every server sees a change at
once (see page_cache for the pages themselves). A scope is what a group of pages shows: SITE (every
page), LISTS (the pages listing products of many shops), one product (`product_scope`) or one shop
(`shop_scope`). A commit moves on the versions of the scopes of the rows it changed: the session's
flushes are read for their rows, and the bulk statements for their table unless their sender says
which scopes they touched (`page_cache_scopes_told=True` and `scopes_changed`)."""

import logging

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from marketplace.extensions import redis_connection

logger = logging.getLogger(__name__)

#: every stored page depends on this scope: changes to tables no narrower scope covers move it
SITE = "site"
#: the pages that list products of many shops: home, catalogue, searches, shop and collection lists
LISTS = "lists"
#: a page nobody asks for leaves Redis after this many times PAGE_CACHE_SECONDS
KEPT_FOR = 10
#: tables no cached page shows: a change to them leaves the pages as they are
UNSHOWN_TABLES = frozenset({
    "audit_entries", "failed_jobs", "api_tokens", "idempotency_keys", "ledger_entries", "payments",
    "payment_events", "refunds", "carts", "cart_lines", "checkouts", "orders", "order_lines",
    "order_events", "saved_addresses", "role_grants", "recovery_codes",
    "shop_zone_rates",  # shipping is priced in the cart, which is never stored
    "product_reach_days", "shop_reach_days",  # views counted on the pages, shown on the dashboard
})
#: tables whose rows belong to one product and/or one shop, with the columns naming them (for a
#: photo, the shop is its product's): a change to such a row refreshes the pages of
#: that product and shop, and the lists unless the lists do not show the table
PRODUCT_AND_SHOP_COLUMNS = {
    "products": ("id", "shop_id"), "variants": ("product_id", "shop_id"),
    "product_images": ("product_id", None), "reviews": ("product_id", None), "shops": (None, "id"),
    "share_images": ("product_id", None),
}
#: of those, the tables the lists do not show (a share image is in its product page's preview tags)
NOT_IN_LISTS = frozenset({"reviews", "share_images"})
#: tables only the lists show (the home page's features, the collections)
LISTS_ONLY = frozenset({"featured_products", "collections", "collection_items"})
#: tables of which the pages show some columns only (a reviewer's name): other changes to them (a
#: logout ending the sessions, a language switch, a new password) and new rows (an account that
#: has done nothing yet) leave the pages stored
PARTLY_SHOWN_COLUMNS = {"users": frozenset({"name"})}
#: tables whose rows show on pages of every kind (a cohort's name in every shop's badge): a change
#: to them refreshes every page. A new table must join one of these groups (a test checks it).
SITE_WIDE_TABLES = frozenset({"cohorts"})


def product_scope(product_id: int) -> str:
    return f"product:{product_id}"


def shop_scope(shop_id: int) -> str:
    return f"shop:{shop_id}"


def version_key(scope: str) -> str:
    return f"page-version:{scope}"


def current_versions(store, scopes: list[str]) -> list[str]:
    """The current version of each scope ("0" for one that has not changed lately)."""
    return [(version or b"0").decode() for version in store.mget([version_key(scope) for scope in scopes])]


def page_store():
    """Redis, where the pages and their versions are kept; None when the page cache is off."""
    if current_app.config["PAGE_CACHE_SECONDS"] <= 0:
        return None
    return redis_connection()


def scopes_changed(session: Session, *scopes: str) -> None:
    """What a bulk statement changed, told by the code that sent it with the execution option
    `page_cache_scopes_told=True` (it alone knows which rows it touched): those scopes are
    refreshed when the session commits."""
    session.info.setdefault("page_cache_scopes", set()).update(scopes)


def listing_scopes(product_id: int | None, shop_id: int | None, in_lists: bool = True) -> set[str]:
    """The scopes a change to a listing's rows (its product, variants, photos) refreshes."""
    scopes = {LISTS} if in_lists else set()
    if product_id is not None:
        scopes.add(product_scope(product_id))
    if shop_id is not None:
        scopes.add(shop_scope(shop_id))
    return scopes


def _scopes_of_row(item) -> set[str]:
    table = getattr(item, "__tablename__", None)
    if table in UNSHOWN_TABLES:
        return set()
    if table in LISTS_ONLY:
        return {LISTS}
    if table not in PRODUCT_AND_SHOP_COLUMNS:
        return {SITE}
    # Read as the session holds the row, loading nothing: a deleted row cannot be loaded again.
    held = inspect(item).dict
    product_column, shop_column = PRODUCT_AND_SHOP_COLUMNS[table]
    product_id = held.get(product_column) if product_column else None
    if shop_column:
        shop_id = held.get(shop_column)
    elif table == "product_images":  # a photo shows on its shop's pages too: its product's shop
        # (a photo taken off its product's list has its product in the history of the flush)
        product = held.get("product") or next(iter(inspect(item).attrs.product.history.deleted), None)
        shop_id = getattr(product, "shop_id", None)
        if shop_id is None:  # its product not in the session: the shop is not known
            return {SITE}
    else:  # a review (or a share image) shows on its product's page alone
        shop_id = None
    if (product_column and product_id is None) or (shop_column and shop_id is None):
        return {SITE}
    return listing_scopes(product_id, shop_id, in_lists=table not in NOT_IN_LISTS)


def _scopes_of_table(table: str | None) -> set[str]:
    """What a bulk statement on `table` refreshes when its sender does not say: all of it."""
    if table in UNSHOWN_TABLES:
        return set()
    return {LISTS} if table in LISTS_ONLY else {SITE}


def _refresh(scopes: set[str]) -> None:
    """Move on the versions of `scopes`, at once for every server. A version lives as long as the
    pages may (an expired one starts again at 1: any page stored under that number is older than
    PAGE_CACHE_SECONDS by then, so rendered afresh anyway)."""
    store = page_store()
    if store is None or not scopes:
        return
    lifetime = KEPT_FOR * current_app.config["PAGE_CACHE_SECONDS"]
    try:
        with store.pipeline(transaction=False) as pipeline:
            for scope in sorted(scopes):
                pipeline.incr(version_key(scope))
                pipeline.expire(version_key(scope), lifetime)
            pipeline.execute()
    except RedisError as error:  # pages then stay until they expire, PAGE_CACHE_SECONDS at most
        logger.warning("page cache versions not moved on: %s", error)


def _shows_on_pages(item, change: str) -> bool:
    """Whether a row `change`d ("new", "dirty" or "deleted") is something the pages show."""
    columns = PARTLY_SHOWN_COLUMNS.get(getattr(item, "__tablename__", None))
    if columns is None or change == "deleted":
        return True
    state = inspect(item)
    return change == "dirty" and any(state.attrs[name].history.has_changes() for name in columns)


@event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context):
    # The session still lists what the flush wrote, with each object's history of changes.
    changes = {"new": session.new, "dirty": session.dirty, "deleted": session.deleted}
    scopes = set()
    for change, items in changes.items():
        for item in items:
            if _shows_on_pages(item, change):
                scopes |= _scopes_of_row(item)
    scopes_changed(session, *scopes)


@event.listens_for(Session, "do_orm_execute")
def _on_bulk_statement(orm_execute_state):
    # UPDATE and DELETE statements (stock reservations, order status moves) bypass the flush.
    state = orm_execute_state
    told = state.execution_options.get("page_cache_scopes_told", False)
    if (state.is_update or state.is_delete or state.is_insert) and not told:
        table = getattr(state.statement, "table", None)
        scopes_changed(state.session, *_scopes_of_table(getattr(table, "name", None)))


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    scopes = session.info.pop("page_cache_scopes", None)
    if scopes and current_app:
        _refresh(scopes)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop("page_cache_scopes", None)
