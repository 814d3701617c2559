"""Sales over a period, added up by the database (GROUP BY), never by looping over orders.

A sale is an order that was paid (or, for cash on delivery, accepted) and not cancelled or fully
refunded, counted in the month it was placed. Gross sales are the value of the goods (the order
lines), before refunds and without shipping, so every breakdown adds up to the same total."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine, OrderStatus
from marketplace.products.labels import DYE_TYPE_LABELS, TECHNIQUE_LABELS
from marketplace.products.models import DyeType, Product, Technique
from marketplace.reports.periods import Period, month_of
from marketplace.shops.models import Cohort, Shop

S = OrderStatus
COUNTED = (S.PAID, S.PROCESSING, S.SHIPPED, S.DELIVERED, S.COMPLETED)
NO_COHORT = _l("No training cohort")


@dataclass(frozen=True)
class Figures:
    key: str
    label: str
    gross: int
    orders: int
    units: int

    @property
    def average_order(self) -> int:
        """Average order value, in whole rupiah (rounded down)."""
        return self.gross // self.orders if self.orders else 0


def _per_order(period: Period, shop_id: int | None = None, product_column=None):
    """The period's counted orders with their lines added up first, one row per order (or per order
    and product column), so the breakdowns count rows instead of DISTINCT orders."""
    keys = [OrderLine.order_id] + ([product_column.label("key")] if product_column is not None else [])
    query = (select(*keys, func.sum(OrderLine.line_total).label("gross"),
                    func.sum(OrderLine.quantity).label("units"))
             .join(Order, Order.id == OrderLine.order_id)
             .where(Order.status.in_(COUNTED), Order.created_at >= period.start,
                    Order.created_at < period.end))
    if product_column is not None:
        query = query.join(Product, Product.id == OrderLine.product_id)
    if shop_id is not None:
        query = query.where(Order.shop_id == shop_id)
    return query.group_by(*keys).subquery()


def _totals(per_order):
    return (func.coalesce(func.sum(per_order.c.gross), 0), func.count(),
            func.coalesce(func.sum(per_order.c.units), 0))


def _by_order(period: Period, *columns, shop_id: int | None = None):
    per_order = _per_order(period, shop_id)
    return (select(*columns, *_totals(per_order)).select_from(per_order)
            .join(Order, Order.id == per_order.c.order_id))


def _by_product(period: Period, column):
    per_order = _per_order(period, product_column=column)
    return select(per_order.c.key, per_order.c.key, *_totals(per_order)).group_by(per_order.c.key)


def summary(period: Period, shop_id: int | None = None) -> Figures:
    per_order = _per_order(period, shop_id)
    gross, orders, units = db.session.execute(select(*_totals(per_order))).one()
    return Figures("total", "", int(gross), orders, int(units))


def _rows(query, label_of=str) -> list[Figures]:
    return [Figures("" if key is None else str(key), str(label_of(label)), int(gross), orders, int(units))
            for key, label, gross, orders, units in db.session.execute(query)]


def by_month(period: Period, shop_id: int | None = None) -> list[Figures]:
    """Every month of the period, with zeros where nothing sold."""
    month = month_of(Order.created_at)
    found = {row.key: row for row in _rows(_by_order(period, month, month, shop_id=shop_id).group_by(month))}
    return [found.get(key, Figures(key, key, 0, 0, 0)) for key in period.months()]


def by_shop(period: Period) -> list[Figures]:
    query = (_by_order(period, Shop.id, Shop.name).join(Shop, Shop.id == Order.shop_id)
             .group_by(Shop.id, Shop.name))
    return _largest_first(_rows(query))


def by_kecamatan(period: Period) -> list[Figures]:
    query = (_by_order(period, Shop.kecamatan, Shop.kecamatan).join(Shop, Shop.id == Order.shop_id)
             .group_by(Shop.kecamatan))
    return _largest_first(_rows(query))


def by_cohort(period: Period) -> list[Figures]:
    query = (_by_order(period, Cohort.id, Cohort.name).join(Shop, Shop.id == Order.shop_id)
             .outerjoin(Cohort, Cohort.id == Shop.cohort_id).group_by(Cohort.id, Cohort.name))
    return _largest_first(_rows(query, lambda name: NO_COHORT if name is None else name))


def by_technique(period: Period) -> list[Figures]:
    return _largest_first(_rows(_by_product(period, Product.technique),
                                lambda value: TECHNIQUE_LABELS[Technique(value)]))


def by_dye_type(period: Period) -> list[Figures]:
    return _largest_first(_rows(_by_product(period, Product.dye_type),
                                lambda value: DYE_TYPE_LABELS[DyeType(value)]))


def _largest_first(rows: list[Figures]) -> list[Figures]:
    return sorted(rows, key=lambda row: (-row.gross, row.label))


#: the breakdowns of the sales report, by the name used in its URLs and CSV files
BREAKDOWNS = {
    "month": (_l("By month"), by_month),
    "shop": (_l("By shop"), by_shop),
    "technique": (_l("By technique"), by_technique),
    "dye": (_l("By dye type"), by_dye_type),
    "kecamatan": (_l("By kecamatan"), by_kecamatan),
    "cohort": (_l("By training cohort"), by_cohort),
}
