"""Stock moves: reserve at checkout, release when a payment fails or an order is cancelled, consume
when it ships. Each is one guarded UPDATE, rows taken in id order, so concurrent checkouts can
neither oversell nor deadlock. The CHECK constraints on variants stay the last word. Each UPDATE
returns the product and shop of the row it moved, so that the page cache refreshes their pages
alone (page_versions): a checkout leaves every other shop's pages stored."""

from sqlalchemy import update

from marketplace.extensions import db
from marketplace.products.models import Variant
from marketplace.web import page_versions


class OutOfStock(Exception):
    def __init__(self, variant_id: int):
        super().__init__(variant_id)
        self.variant_id = variant_id


def _in_id_order(quantities: dict[int, int]) -> list[tuple[int, int]]:
    return sorted((variant_id, quantity) for variant_id, quantity in quantities.items() if quantity)


def _moved(statement) -> bool:
    """Run a guarded stock UPDATE of one variant; whether it moved the row. The pages of the
    variant's product and shop are told to refresh (no page shows stock the update left alone)."""
    statement = statement.returning(Variant.product_id, Variant.shop_id)
    row = db.session.execute(statement.execution_options(synchronize_session=False,
                                                         page_cache_scopes_told=True)).first()
    if row is not None:
        page_versions.scopes_changed(db.session, *page_versions.listing_scopes(row.product_id, row.shop_id))
    return row is not None


def reserve(quantities: dict[int, int], made_to_order: set[int] = frozenset()) -> None:
    """Promise units to a checkout; variants of made-to-order listings are not counted."""
    for variant_id, quantity in _in_id_order(quantities):
        if variant_id in made_to_order:
            continue
        available = Variant.stock_on_hand - Variant.stock_reserved
        if not _moved(update(Variant).where(Variant.id == variant_id, available >= quantity)
                      .values(stock_reserved=Variant.stock_reserved + quantity)):
            raise OutOfStock(variant_id)


def release(quantities: dict[int, int], made_to_order: set[int] = frozenset()) -> None:
    for variant_id, quantity in _in_id_order(quantities):
        if variant_id not in made_to_order:
            _moved(update(Variant).where(Variant.id == variant_id, Variant.stock_reserved >= quantity)
                   .values(stock_reserved=Variant.stock_reserved - quantity))


def consume(quantities: dict[int, int], made_to_order: set[int] = frozenset()) -> None:
    """The units leave the workshop: off the shelf and out of the promises."""
    for variant_id, quantity in _in_id_order(quantities):
        if variant_id not in made_to_order:
            _moved(update(Variant).where(Variant.id == variant_id, Variant.stock_reserved >= quantity)
                   .values(stock_reserved=Variant.stock_reserved - quantity,
                           stock_on_hand=Variant.stock_on_hand - quantity))
