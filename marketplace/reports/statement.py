"""A shop's sales statement for a period: what an artisan brings to a bank for a KUR micro-credit
application. Monthly sales come from the orders (as in the sales report); the income is what the
ledger credited for the goods of those same orders (goods less commission and refunds of goods, see
`income`), with the shipping passed through to the courier shown apart.

Income is counted in the month its order was placed, not the month the ledger credited it: a row
then reads "sold this month, and earned from it", and since an order's goods income never exceeds
its goods, no month's income can exceed its gross sales. A refund given later lowers the month of
its order, so the statement is as of the day it is generated."""

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.payments.models import Refund
from marketplace.reports import sales
from marketplace.reports.income import entry_parts
from marketplace.reports.periods import Period, month_of
from marketplace.shops.models import Shop


@dataclass(frozen=True)
class StatementMonth:
    month: str
    sales: sales.Figures
    #: goods less commission and refunds of goods, never shipping
    income: int
    #: shipping fees credited with the sales and paid on to the courier, less shipping refunded
    shipping: int
    #: money given back to buyers for the orders placed in the month, whenever it was given
    refunds: int = 0


@dataclass(frozen=True)
class Statement:
    shop: Shop
    period: Period
    months: list[StatementMonth]
    total: sales.Figures

    @property
    def income(self) -> int:
        return sum(month.income for month in self.months)

    @property
    def shipping(self) -> int:
        return sum(month.shipping for month in self.months)

    @property
    def refunds(self) -> int:
        return sum(month.refunds for month in self.months)


def _income_by_month(shop_id: int, period: Period) -> dict[str, tuple[int, int]]:
    """{month: (goods income, shipping)} of the shop's orders placed in the period."""
    parts = entry_parts(Order.shop_id == shop_id, Order.created_at >= period.start,
                        Order.created_at < period.end)
    month = month_of(parts.c.placed_at)
    return {key: (int(goods), int(shipping)) for key, goods, shipping in db.session.execute(
        select(month, func.sum(parts.c.goods), func.sum(parts.c.shipping)).group_by(month))}


def _refunds_by_month(shop_id: int, period: Period) -> dict[str, int]:
    month = month_of(Order.created_at)
    return {key: int(amount) for key, amount in db.session.execute(
        select(month, func.sum(Refund.amount)).join(Order, Order.id == Refund.order_id)
        .where(Order.shop_id == shop_id, Order.created_at >= period.start, Order.created_at < period.end)
        .group_by(month))}


def statement(shop: Shop, period: Period) -> Statement:
    income = _income_by_month(shop.id, period)
    refunds = _refunds_by_month(shop.id, period)
    months = [StatementMonth(row.key, row, *income.get(row.key, (0, 0)), refunds.get(row.key, 0))
              for row in sales.by_month(period, shop_id=shop.id)]
    return Statement(shop, period, months, sales.summary(period, shop_id=shop.id))
