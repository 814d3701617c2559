"""The API's shipping: the courier list, the zones, the cart priced for a destination, shops' zone
rates and tracking links on orders."""

import pytest

from marketplace.extensions import db as _db
from marketplace.orders.couriers import COURIERS
from marketplace.orders.provinces import PROVINCES
from marketplace.shops.services import set_zone_rates
from marketplace.shops.zones import Zone
from tests.api_support import Api, error_of
from tests.factories import ProductFactory, ShopFactory, UserFactory


@pytest.fixture
def customer(client, db):
    return Api(client, UserFactory())


@pytest.fixture
def zoned_variant(db):
    shop = ShopFactory(shipping_base_fee=15_000, shipping_fee_per_kg=10_000, allows_pickup=True)
    set_zone_rates(shop, {Zone.JAVA_BALI: (26_000, 20_000)})
    _db.session.commit()
    return ProductFactory(shop=shop, variants=[(200_000, 5)], weight_grams=1_500).variants[0]


def test_anyone_reads_the_couriers_with_their_services_and_tracking_pages(client, db):
    couriers = client.get("/api/v1/couriers").get_json()
    assert [courier["code"] for courier in couriers] == [courier.code for courier in COURIERS]
    jne = couriers[0]
    assert (jne["name"], jne["services"][0], jne["needs_tracking_number"]) == ("JNE", "REG", True)
    assert "{number}" in jne["tracking_url_template"]
    pickup = couriers[-1]
    assert (pickup["needs_tracking_number"], pickup["tracking_url_template"]) == (False, None)


def test_the_zones_cover_every_province_once_besides_banyuasin(client, db):
    zones = client.get("/api/v1/shipping/zones").get_json()
    assert [zone["zone"] for zone in zones] == [zone.value for zone in Zone]
    provinces = [province for zone in zones[1:] for province in zone["provinces"]]
    assert sorted(provinces) == sorted(PROVINCES)
    assert zones[0]["provinces"] == ["Sumatera Selatan"]


def test_the_cart_quote_prices_each_shop_for_the_destination_asked(customer, zoned_variant):
    customer.post("/cart/items", json={"variant_id": zoned_variant.id, "quantity": 1})
    java = customer.get("/cart/quote?province=Jawa%20Barat&city=Bandung").get_json()
    assert java["ship_to"] == {"province": "Jawa Barat", "city": "Bandung", "zone": "java_bali"}
    assert (java["shops"][0]["shipping_fee"], java["shops"][0]["shipping_rate"]) == (46_000, "zone")
    assert java["total"] == 246_000 and "payment_methods" in java
    papua = customer.get("/cart/quote?province=Papua").get_json()
    assert (papua["shops"][0]["shipping_fee"], papua["shops"][0]["shipping_rate"]) == (35_000, "flat")


def test_the_cart_without_a_saved_address_ships_at_the_flat_fees(customer, zoned_variant):
    body = customer.post("/cart/items", json={"variant_id": zoned_variant.id, "quantity": 1}).get_json()
    assert body["ship_to"] is None and body["shops"][0]["shipping_fee"] == 35_000


@pytest.mark.parametrize("query", ["", "?province=Atlantis", "?province=Papua&city=" + "x" * 81])
def test_a_quote_needs_a_known_province(customer, query):
    response = customer.get(f"/cart/quote{query}")
    assert response.status_code == 422 and error_of(response)["code"] == "validation_failed"


def test_the_shop_sets_its_zone_rates_through_the_api_and_a_zone_twice_is_refused(client, db):
    shop = ShopFactory()
    owner = Api(client, shop.owner)
    rates = [{"zone": "kalimantan", "first_kg_fee": 42_000, "next_kg_fee": 35_000}]
    body = owner.patch(f"/shops/{shop.slug}", json={"zone_rates": rates}).get_json()
    assert body["zone_rates"] == rates
    assert owner.patch(f"/shops/{shop.slug}", json={"name": shop.name}).get_json()["zone_rates"] == rates
    twice = owner.patch(f"/shops/{shop.slug}", json={"zone_rates": rates * 2})
    assert twice.status_code == 422 and "zone_rates" in error_of(twice)["details"]
    assert owner.patch(f"/shops/{shop.slug}", json={"zone_rates": []}).get_json()["zone_rates"] == []


def test_a_checkout_through_the_api_charges_the_zone_of_its_address(customer, zoned_variant):
    customer.post("/cart/items", json={"variant_id": zoned_variant.id, "quantity": 1})
    placed = customer.checkout(province="Jawa Timur", city="Kota Surabaya", save_address=True).get_json()
    assert (placed["shipping_total"], placed["total"]) == (46_000, 246_000)
    quote = customer.get("/cart").get_json()  # the address is saved: the cart now prices to it
    assert quote["ship_to"] == {"province": "Jawa Timur", "city": "Kota Surabaya", "zone": "java_bali"}
