"""The reach figures the artisan's dashboard shows: per listing and for the shop, the views and
shares of each of the last days, drawn as a small chart (charts.py)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property

from sqlalchemy import bindparam, null, select, union_all

from marketplace.products.models import Product
from marketplace.reach.charts import ReachChart, reach_chart
from marketplace.reach.models import ProductReachDay, ShopReachDay
from marketplace.web import reads
from marketplace.web.localtime import today

#: the dashboard's window
DAYS = 30


@dataclass(frozen=True)
class ShopReach:
    days: list[date]
    shop: ReachChart
    #: {product id: chart}; a listing without any count has none
    products: dict[int, ReachChart] = field(default_factory=dict)

    def product(self, product_id: int) -> ReachChart:
        return self.products.get(product_id) or self.empty

    def listing_chart(self, product_id: int, status: str) -> ReachChart | None:
        """The chart a dashboard shows for a listing: an active one always (its empty days say it
        was not seen), another only once it has figures (a draft has not been shown to anyone)."""
        return self.product(product_id) if status == "active" or product_id in self.products else None

    def listing_charts(self, listings) -> tuple[ReachChart | None, ...]:
        """listing_chart of each of `listings` ((id, status) pairs), in their order."""
        return tuple(self.listing_chart(product_id, status) for product_id, status in listings)

    @cached_property
    def empty(self) -> ReachChart:
        """The chart of a listing without any count, drawn once for all of them."""
        return reach_chart(self.days, {})


def last_days(count: int = DAYS) -> list[date]:
    last = today()
    return [last - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


@cache
def _reach_query():
    """The listings' days and the shop's in one statement, built once (reads.py); the shop's rows
    have no product."""
    shop, since = bindparam("shop_id"), bindparam("since")
    listings_days = (select(ProductReachDay.product_id, ProductReachDay.day, ProductReachDay.views,
                            ProductReachDay.shares)
                     .join(Product, Product.id == ProductReachDay.product_id)
                     .where(Product.shop_id == shop, ProductReachDay.day >= since))
    shop_days = (select(null(), ShopReachDay.day, ShopReachDay.views, ShopReachDay.shares)
                 .where(ShopReachDay.shop_id == shop, ShopReachDay.day >= since))
    return union_all(listings_days, shop_days)


def shop_reach(shop_id: int) -> ShopReach:
    """The shop's and each of its listings' figures over the last DAYS days, in one query."""
    days = last_days()
    by_product: dict[int | None, dict[date, tuple[int, int]]] = {None: {}}
    for product_id, day, views, shares in reads.rows(_reach_query(), {"shop_id": shop_id, "since": days[0]}):
        by_product.setdefault(product_id, {})[day] = (views, shares)
    shop_days = by_product.pop(None)
    return ShopReach(days, reach_chart(days, shop_days),
                     {product_id: reach_chart(days, figures) for product_id, figures in by_product.items()})
