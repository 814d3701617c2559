"""A shop's sales statement for a period: what an artisan brings to a bank for a KUR micro-credit
application. Monthly sales come from the orders (as in the sales report); the income credited comes
from the ledger (sales less commission and refunds)."""

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.payments.ledger import INCOME_KINDS, LedgerEntry
from marketplace.reports import sales
from marketplace.reports.periods import Period, month_of
from marketplace.shops.models import Shop


@dataclass(frozen=True)
class StatementMonth:
    month: str
    sales: sales.Figures
    income: int


@dataclass(frozen=True)
class Statement:
    shop: Shop
    period: Period
    months: list[StatementMonth]
    total: sales.Figures

    @property
    def income(self) -> int:
        return sum(month.income for month in self.months)


def _income_by_month(shop_id: int, period: Period) -> dict[str, int]:
    month = month_of(LedgerEntry.created_at)
    return {key: int(amount) for key, amount in db.session.execute(
        select(month, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.shop_id == shop_id, LedgerEntry.kind.in_(INCOME_KINDS),
               LedgerEntry.created_at >= period.start, LedgerEntry.created_at < period.end)
        .group_by(month))}


def statement(shop: Shop, period: Period) -> Statement:
    income = _income_by_month(shop.id, period)
    months = [StatementMonth(row.key, row, income.get(row.key, 0))
              for row in sales.by_month(period, shop_id=shop.id)]
    return Statement(shop, period, months, sales.summary(period, shop_id=shop.id))
