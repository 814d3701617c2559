"""Stock moves: reserve at checkout, release when a payment fails or an order is cancelled, consume
when it ships. Each is one guarded UPDATE, rows taken in id order, so concurrent checkouts can
neither oversell nor deadlock. The CHECK constraints on variants stay the last word."""

from sqlalchemy import update

from marketplace.extensions import db
from marketplace.products.models import Variant


class OutOfStock(Exception):
    def __init__(self, variant_id: int):
        super().__init__(variant_id)
        self.variant_id = variant_id


def _in_id_order(quantities: dict[int, int]) -> list[tuple[int, int]]:
    return sorted((variant_id, quantity) for variant_id, quantity in quantities.items() if quantity)


def reserve(quantities: dict[int, int], made_to_order: set[int] = frozenset()) -> None:
    """Promise units to a checkout; variants of made-to-order listings are not counted."""
    for variant_id, quantity in _in_id_order(quantities):
        if variant_id in made_to_order:
            continue
        reserved = db.session.execute(
            update(Variant)
            .where(Variant.id == variant_id, Variant.stock_on_hand - Variant.stock_reserved >= quantity)
            .values(stock_reserved=Variant.stock_reserved + quantity)
            .execution_options(synchronize_session=False))
        if reserved.rowcount != 1:
            raise OutOfStock(variant_id)


def release(quantities: dict[int, int], made_to_order: set[int] = frozenset()) -> None:
    for variant_id, quantity in _in_id_order(quantities):
        if variant_id not in made_to_order:
            db.session.execute(
                update(Variant).where(Variant.id == variant_id, Variant.stock_reserved >= quantity)
                .values(stock_reserved=Variant.stock_reserved - quantity)
                .execution_options(synchronize_session=False))


def consume(quantities: dict[int, int], made_to_order: set[int] = frozenset()) -> None:
    """The units leave the workshop: off the shelf and out of the promises."""
    for variant_id, quantity in _in_id_order(quantities):
        if variant_id not in made_to_order:
            db.session.execute(
                update(Variant).where(Variant.id == variant_id, Variant.stock_reserved >= quantity)
                .values(stock_reserved=Variant.stock_reserved - quantity,
                        stock_on_hand=Variant.stock_on_hand - quantity)
                .execution_options(synchronize_session=False))
