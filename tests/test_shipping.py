import pytest

from marketplace.orders.shipping import shipping_fee
from marketplace.shops.models import Shop


def shop(**rates):
    return Shop(**{"shipping_base_fee": 15_000, "shipping_fee_per_kg": 10_000, "free_shipping_from": None,
                   "allows_pickup": False, **rates})


@pytest.mark.parametrize(("grams", "fee"), [(1, 25_000), (1_000, 25_000), (1_001, 35_000), (2_500, 45_000)])
def test_a_fee_per_order_plus_each_started_kilogram(grams, fee):
    assert shipping_fee(shop(), grams, subtotal=100_000) == fee


def test_free_shipping_from_a_subtotal():
    assert shipping_fee(shop(free_shipping_from=500_000), 900, subtotal=499_999) == 25_000
    assert shipping_fee(shop(free_shipping_from=500_000), 900, subtotal=500_000) == 0


def test_pickup_is_free_only_where_the_shop_allows_it():
    assert shipping_fee(shop(allows_pickup=True), 900, 100_000, pickup=True) == 0
    assert shipping_fee(shop(allows_pickup=False), 900, 100_000, pickup=True) == 25_000
