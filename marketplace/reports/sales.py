"""Sales over a period, added up by the database (GROUP BY), never by looping over orders.

A sale is an order that was paid (or, for cash on delivery, accepted) and not cancelled or fully
refunded, counted in the month it was placed. Gross sales are the value of the goods (the order
lines), before refunds and without shipping, so every breakdown adds up to the same total."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, func, select

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


def _figure_columns():
    return (func.coalesce(func.sum(OrderLine.line_total), 0), func.count(distinct(Order.id)),
            func.coalesce(func.sum(OrderLine.quantity), 0))


def _lines(period: Period, *columns, shop_id: int | None = None):
    query = (select(*columns, *_figure_columns()).select_from(OrderLine)
             .join(Order, Order.id == OrderLine.order_id)
             .where(Order.status.in_(COUNTED), Order.created_at >= period.start,
                    Order.created_at < period.end))
    return query if shop_id is None else query.where(Order.shop_id == shop_id)


def summary(period: Period, shop_id: int | None = None) -> Figures:
    gross, orders, units = db.session.execute(_lines(period, shop_id=shop_id)).one()
    return Figures("total", "", int(gross), orders, int(units))


def _rows(query, label_of=str) -> list[Figures]:
    return [Figures("" if key is None else str(key), str(label_of(label)), int(gross), orders, int(units))
            for key, label, gross, orders, units in db.session.execute(query)]


def by_month(period: Period, shop_id: int | None = None) -> list[Figures]:
    """Every month of the period, with zeros where nothing sold."""
    month = month_of(Order.created_at)
    found = {row.key: row for row in _rows(_lines(period, month, month, shop_id=shop_id).group_by(month))}
    return [found.get(key, Figures(key, key, 0, 0, 0)) for key in period.months()]


def by_shop(period: Period) -> list[Figures]:
    query = (_lines(period, Shop.id, Shop.name).join(Shop, Shop.id == Order.shop_id)
             .group_by(Shop.id, Shop.name))
    return _largest_first(_rows(query))


def by_kecamatan(period: Period) -> list[Figures]:
    query = (_lines(period, Shop.kecamatan, Shop.kecamatan).join(Shop, Shop.id == Order.shop_id)
             .group_by(Shop.kecamatan))
    return _largest_first(_rows(query))


def by_cohort(period: Period) -> list[Figures]:
    query = (_lines(period, Cohort.id, Cohort.name).join(Shop, Shop.id == Order.shop_id)
             .outerjoin(Cohort, Cohort.id == Shop.cohort_id).group_by(Cohort.id, Cohort.name))
    return _largest_first(_rows(query, lambda name: NO_COHORT if name is None else name))


def by_technique(period: Period) -> list[Figures]:
    query = (_lines(period, Product.technique, Product.technique)
             .join(Product, Product.id == OrderLine.product_id).group_by(Product.technique))
    return _largest_first(_rows(query, lambda value: TECHNIQUE_LABELS[Technique(value)]))


def by_dye_type(period: Period) -> list[Figures]:
    query = (_lines(period, Product.dye_type, Product.dye_type)
             .join(Product, Product.id == OrderLine.product_id).group_by(Product.dye_type))
    return _largest_first(_rows(query, lambda value: DYE_TYPE_LABELS[DyeType(value)]))


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
