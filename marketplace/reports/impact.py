"""Impact of training: what each cohort's artisans earn from the marketplace. Income is read from the
ledger as goods less commission and refunds of goods (see `income`), in the month it was credited;
the shipping credited with the sales is passed through to the courier and kept apart, so income plus
shipping matches the ledger to the rupiah.

An artisan counts in the report when their shop is verified or suspended, or has earned anything;
the median income per artisan includes those who have not sold yet, because the agency reports how
its trained artisans are doing, not only the ones who already sell."""

from dataclasses import dataclass
from datetime import date
from statistics import median

from sqlalchemy import case, distinct, func, select

from marketplace.extensions import db
from marketplace.payments.models import EntryKind
from marketplace.products.models import Product
from marketplace.reach.models import ProductReachDay, ShopReachDay
from marketplace.reports.income import entry_parts
from marketplace.reports.periods import Period, month_of
from marketplace.reports.sales import NO_COHORT, by_cohort
from marketplace.shops.models import Cohort, Shop, ShopState
from marketplace.web.localtime import local_date

TRACKED_STATES = (ShopState.VERIFIED, ShopState.SUSPENDED)


@dataclass(frozen=True)
class Artisan:
    shop_id: int
    shop_name: str
    cohort_id: int | None
    #: goods less commission and refunds of goods
    income: int
    #: shipping credited with the sales and paid on to the courier: not income
    shipping: int
    first_sale: date | None
    months_active: int

    @property
    def monthly_income(self) -> int:
        """Average income per month with sales (rounded down)."""
        return self.income // self.months_active if self.months_active else 0


@dataclass(frozen=True)
class CohortImpact:
    cohort_id: int | None
    name: str
    starts_on: date | None
    artisans: list[Artisan]

    @property
    def selling(self) -> int:
        return sum(1 for artisan in self.artisans if artisan.first_sale)

    @property
    def first_sale(self) -> date | None:
        return min((a.first_sale for a in self.artisans if a.first_sale), default=None)

    @property
    def income(self) -> int:
        return sum(artisan.income for artisan in self.artisans)

    @property
    def shipping(self) -> int:
        return sum(artisan.shipping for artisan in self.artisans)

    @property
    def median_income(self) -> int:
        return int(median(a.income for a in self.artisans)) if self.artisans else 0

    @property
    def average_months_active(self) -> float:
        active = [a.months_active for a in self.artisans if a.months_active]
        return round(sum(active) / len(active), 1) if active else 0.0


def artisans() -> list[Artisan]:
    """One row per shop, added up by the database."""
    parts = entry_parts()
    is_sale = parts.c.kind == EntryKind.SALE
    rows = db.session.execute(
        select(Shop.id, Shop.name, Shop.cohort_id, Shop.state, func.coalesce(func.sum(parts.c.goods), 0),
               func.coalesce(func.sum(parts.c.shipping), 0), func.min(case((is_sale, parts.c.credited_at))),
               func.count(distinct(case((is_sale, month_of(parts.c.credited_at))))))
        .outerjoin(parts, parts.c.shop_id == Shop.id)
        .group_by(Shop.id, Shop.name, Shop.cohort_id, Shop.state).order_by(Shop.name))
    return [Artisan(shop_id, name, cohort_id, int(income), int(shipping), local_date(first), months)
            for shop_id, name, cohort_id, state, income, shipping, first, months in rows
            if state in TRACKED_STATES or income or first]


def cohorts() -> list[CohortImpact]:
    """Every cohort (newest first), then the artisans who took no training, for comparison."""
    everyone = artisans()
    result = [CohortImpact(cohort.id, cohort.name, cohort.starts_on,
                           [a for a in everyone if a.cohort_id == cohort.id])
              for cohort in db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.id))]
    untrained = [a for a in everyone if a.cohort_id is None]
    if untrained:
        result.append(CohortImpact(None, str(NO_COHORT), None, untrained))
    return result


def monthly_income() -> tuple[list[str], dict[int | None, dict[str, int]]]:
    """Income per cohort and month: the months that have any, and {cohort id: {month: rupiah}}."""
    parts = entry_parts()
    month = month_of(parts.c.credited_at)
    rows = db.session.execute(
        select(Shop.cohort_id, month, func.sum(parts.c.goods))
        .join(Shop, Shop.id == parts.c.shop_id).group_by(Shop.cohort_id, month))
    table: dict[int | None, dict[str, int]] = {}
    for cohort_id, key, amount in rows:
        table.setdefault(cohort_id, {})[key] = int(amount)
    months = sorted({key for by_month in table.values() for key in by_month})
    return months, table


@dataclass(frozen=True)
class CohortReach:
    """How far a cohort's listings travelled in a period: views of their listing and shop pages,
    taps on their share links, and the orders placed with their shops (counted as sales are)."""

    cohort_id: int | None
    name: str
    views: int
    shares: int
    orders: int

    @property
    def orders_per_100_views(self) -> float | None:
        """None without views: a conversion of nothing is no figure."""
        return round(self.orders * 100 / self.views, 1) if self.views else None


def _reach_per_cohort(model, period: Period, *joins) -> dict[int | None, tuple[int, int]]:
    query = select(Shop.cohort_id, func.sum(model.views), func.sum(model.shares)).select_from(model)
    for target, condition in joins:
        query = query.join(target, condition)
    rows = db.session.execute(query.where(model.day >= period.first, model.day <= period.last)
                              .group_by(Shop.cohort_id))
    return {cohort_id: (int(views), int(shares)) for cohort_id, views, shares in rows}


def cohort_reach(period: Period) -> list[CohortReach]:
    """Every cohort (newest first), then the shops without one, as `cohorts` lists them."""
    listings = _reach_per_cohort(ProductReachDay, period, (Product, Product.id == ProductReachDay.product_id),
                                 (Shop, Shop.id == Product.shop_id))
    shops = _reach_per_cohort(ShopReachDay, period, (Shop, Shop.id == ShopReachDay.shop_id))
    orders = {row.key: row.orders for row in by_cohort(period)}
    groups = [(cohort.id, cohort.name) for cohort in
              db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.id))]
    if None in listings or None in shops or "" in orders:
        groups.append((None, str(NO_COHORT)))
    result = []
    for cohort_id, name in groups:
        listing_views, listing_shares = listings.get(cohort_id, (0, 0))
        shop_views, shop_shares = shops.get(cohort_id, (0, 0))
        result.append(CohortReach(cohort_id, name, listing_views + shop_views, listing_shares + shop_shares,
                                  orders.get("" if cohort_id is None else str(cohort_id), 0)))
    return result
