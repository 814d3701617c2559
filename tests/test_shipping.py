import re

import pytest
from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.orders.models import Order, SavedAddress
from marketplace.orders.provinces import PROVINCES
from marketplace.orders.shipping import shipping_fee
from marketplace.shops.models import Shop
from marketplace.shops.services import set_zone_rates
from marketplace.shops.zones import ZONE_OF_PROVINCE, Destination, Zone
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, post_form
from tests.test_checkout import ADDRESS, add, place
from tests.test_shops import application


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


# Priced by destination: zones by province, each shop's rates, the cart and the checkout.

RATES = {Zone.BANYUASIN: (9_000, 5_000), Zone.SOUTH_SUMATRA: (12_000, 8_000),
         Zone.MALUKU_PAPUA: (95_000, 80_000)}


def zoned_shop(**settings):
    shop = ShopFactory(shipping_base_fee=15_000, shipping_fee_per_kg=10_000, **settings)
    set_zone_rates(shop, RATES)
    _db.session.commit()
    return shop


def test_every_province_of_the_address_form_has_exactly_one_zone():
    assert set(ZONE_OF_PROVINCE) == set(PROVINCES)
    assert len(ZONE_OF_PROVINCE) == 38


@pytest.mark.parametrize(("province", "city", "zone"), [
    ("Sumatera Selatan", "Kabupaten Banyuasin", Zone.BANYUASIN),
    ("Sumatera Selatan", "Kab. Banyuasin", Zone.BANYUASIN),
    ("Sumatera Selatan", " banyuasin ", Zone.BANYUASIN),
    ("Sumatera Selatan", "Kota Palembang", Zone.SOUTH_SUMATRA),
    ("Jambi", "Banyuasin", Zone.SUMATRA),  # only Sumatera Selatan has a Banyuasin
    ("Kepulauan Bangka Belitung", "", Zone.SUMATRA),
    ("Bali", "Denpasar", Zone.JAVA_BALI),
    ("Kalimantan Utara", "", Zone.KALIMANTAN),
    ("Nusa Tenggara Timur", "Kupang", Zone.SULAWESI_NUSA_TENGGARA),
    ("Papua Pegunungan", "Jayawijaya", Zone.MALUKU_PAPUA),
    ("Atlantis", "", None),
])
def test_a_destination_falls_in_the_zone_of_its_province_and_banyuasin_in_its_own(province, city, zone):
    assert Destination(province, city).zone == zone


def test_a_zone_rate_charges_the_first_kilogram_then_each_further_started_one(db):
    shop = zoned_shop()
    papua, palembang = Destination("Papua"), Destination("Sumatera Selatan", "Kota Palembang")
    assert shipping_fee(shop, 900, 100_000, destination=papua) == 95_000
    assert shipping_fee(shop, 2_100, 100_000, destination=papua) == 95_000 + 2 * 80_000
    assert shipping_fee(shop, 1_000, 100_000, destination=palembang) == 12_000
    banyuasin = Destination("Sumatera Selatan", "Banyuasin")
    assert shipping_fee(shop, 1_500, 100_000, destination=banyuasin) == 14_000


def test_a_zone_without_a_rate_and_an_unknown_destination_ship_at_the_flat_fees(db):
    shop = zoned_shop()
    assert shipping_fee(shop, 1_500, 100_000, destination=Destination("Jawa Barat")) == 35_000
    assert shipping_fee(shop, 1_500, 100_000, destination=None) == 35_000
    assert shipping_fee(shop, 1_500, 100_000, destination=Destination("Atlantis")) == 35_000


def test_free_shipping_and_pickup_hold_whatever_the_zone(db):
    shop = zoned_shop(free_shipping_from=500_000, allows_pickup=True)
    assert shipping_fee(shop, 900, 500_000, destination=Destination("Papua")) == 0
    assert shipping_fee(shop, 900, 100_000, pickup=True, destination=Destination("Papua")) == 0


@pytest.fixture
def zoned_product(db):
    return ProductFactory(shop=zoned_shop(), variants=[(200_000, 5)], weight_grams=400)


def _cart_shipping(client) -> str:
    page = client.get("/cart").get_data(as_text=True)
    return re.search(r"Ongkos kirim \(400 g\)</dt>\s*<dd class=\"amount\">([^<]+)</dd>", page).group(1)


def test_the_cart_prices_shipping_to_the_province_the_guest_chooses_and_remembers_it(client, zoned_product):
    add(client, zoned_product.variants[0], 1)
    assert _cart_shipping(client) == "Rp 25.000"  # the shop's standard rate until a province is chosen
    post_form(client, "/cart/destination", {"destination": "Papua"}, page="/cart")
    assert _cart_shipping(client) == "Rp 95.000"
    post_form(client, "/cart/destination", {"destination": "Banyuasin"}, page="/cart")
    assert _cart_shipping(client) == "Rp 9.000"
    assert '<option selected value="Banyuasin">' in client.get("/cart").get_data(as_text=True)


def test_the_cart_refuses_a_destination_that_is_no_province(client, zoned_product):
    add(client, zoned_product.variants[0], 1)
    post_form(client, "/cart/destination", {"destination": "Banyuasin"}, page="/cart")
    post_form(client, "/cart/destination", {"destination": "Atlantis"}, page="/cart")
    assert 'class="flash flash-error"' in client.get("/cart").get_data(as_text=True)
    assert _cart_shipping(client) == "Rp 9.000"  # the destination chosen before stays


def test_a_customers_cart_prices_shipping_to_their_saved_address(client, zoned_product):
    customer = UserFactory()
    _db.session.add(SavedAddress(user_id=customer.id, **{**ADDRESS, "province": "Papua", "city": "Jayapura"}))
    _db.session.commit()
    login(client, customer)
    add(client, zoned_product.variants[0], 1)
    assert _cart_shipping(client) == "Rp 95.000"


def test_checkout_charges_the_addresss_zone_whatever_the_cart_showed(client, customer, zoned_product):
    add(client, zoned_product.variants[0], 1)
    post_form(client, "/cart/destination", {"destination": "Papua"}, page="/cart")
    assert place(client).status_code == 302  # the address is in Kota Palembang
    order = _db.session.scalar(select(Order))
    assert (order.shipping_fee, order.total) == (12_000, 212_000)


def test_an_address_dearer_than_the_page_showed_is_shown_before_anything_is_placed(
        client, customer, zoned_product):
    add(client, zoned_product.variants[0], 1)
    post_form(client, "/cart/destination", {"destination": "Banyuasin"}, page="/cart")
    page = client.get("/checkout").get_data(as_text=True)
    assert 'name="shipping_shown" type="hidden" value="9000"' in page
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    papua = {**ADDRESS, "province": "Papua", "city": "Jayapura"}
    refused = post_form(client, "/checkout", {**papua, "payment_method": "bank_transfer", "token": token,
                                              "shipping_shown": "9000"}, page="/cart")
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Ongkos kirim ke Papua menjadi Rp 95.000" in shown
    assert 'name="shipping_shown" type="hidden" value="95000"' in shown
    assert _db.session.scalar(select(Order)) is None
    placed = post_form(client, "/checkout", {**papua, "payment_method": "bank_transfer", "token": token,
                                             "shipping_shown": "95000"}, page="/cart")
    assert placed.status_code == 302 and _db.session.scalar(select(Order)).shipping_fee == 95_000


def _settings(shop, **zone_fields):
    return {**application(name=shop.name), "shipping_base_fee": "15.000", "shipping_fee_per_kg": "10000",
            "free_shipping_from": "", **zone_fields}


def test_the_artisan_sets_and_clears_zone_rates_on_the_shop_form(client, db):
    shop = ShopFactory()
    login(client, shop.owner)
    response = post_form(client, "/dashboard/shop", _settings(shop, **{
        "zone_fees-java_bali-first_kg_fee": "Rp 26.000", "zone_fees-java_bali-next_kg_fee": "20.000"}))
    assert response.status_code == 302
    _db.session.expire_all()
    assert [(rate.zone, rate.first_kg_fee, rate.next_kg_fee) for rate in shop.zone_rates] == [
        (Zone.JAVA_BALI, 26_000, 20_000)]
    form = client.get("/dashboard/shop").get_data(as_text=True)
    assert 'name="zone_fees-java_bali-first_kg_fee" type="number" value="26000"' in form
    post_form(client, "/dashboard/shop", _settings(shop))
    _db.session.expire_all()
    assert shop.zone_rates == []


def test_a_zone_with_only_one_fee_is_refused_beside_it(client, db):
    shop = ShopFactory()
    login(client, shop.owner)
    one_fee = {"zone_fees-kalimantan-first_kg_fee": "42000"}
    response = post_form(client, "/dashboard/shop", _settings(shop, **one_fee))
    assert response.status_code == 200
    assert "Isi kedua tarif, atau kosongkan keduanya" in response.get_data(as_text=True)
    _db.session.expire_all()
    assert shop.zone_rates == []


def test_the_demo_shops_carry_rates_that_rise_with_distance(runner, db):
    assert runner.invoke(args=["seed-demo", "--no-images"]).exit_code == 0
    for shop in _db.session.scalars(select(Shop)):
        fees = {rate.zone: rate.first_kg_fee for rate in shop.zone_rates}
        assert list(fees) == list(Zone) and list(fees.values()) == sorted(fees.values())
