"""In Chromium on a phone: the artisan ships through the order page's courier list, the buyer follows
the courier's tracking link and can write to the shop, and the cart asks where the parcel goes. Each
page passes axe-core and fits the screen."""

import pytest

from marketplace.extensions import db as _db
from marketplace.orders import actions
from marketplace.shops.services import set_zone_rates
from marketplace.shops.zones import Zone
from tests.browser import log_in
from tests.factories import UserFactory
from tests.helpers import assert_fits_a_phone
from tests.test_order_actions import _order, _paid_order

pytestmark = pytest.mark.browser


@pytest.fixture
def processing_order(app, db):
    buyer = UserFactory(email="dewi@contoh.id")
    _client, order = _paid_order(app, buyer)
    order = _order(order.id)
    actions.process_order(order, order.shop.owner)
    set_zone_rates(order.shop, {Zone.JAVA_BALI: (26_000, 20_000)})
    _db.session.commit()
    return order


def test_the_artisan_ships_with_a_listed_courier_and_the_buyer_follows_the_tracking_link(
        page, processing_order):
    log_in(page, processing_order.shop.owner)
    page.goto(f"/dashboard/orders/{processing_order.id}")
    assert page.get_by_role("link", name="Chat pembeli lewat WhatsApp").get_attribute("href").startswith(
        "https://wa.me/6281234567890?text=")
    assert_fits_a_phone(page)
    page.get_by_label("Kurir").select_option(label="SiCepat BEST")
    page.get_by_label("Nomor resi").fill("JP1234567890")
    page.get_by_role("button", name="Tandai sudah dikirim").click()
    assert "Ini bukan nomor resi SiCepat" in page.content()
    page.get_by_label("Kurir").select_option(label="J&T Express EZ")
    page.get_by_label("Nomor resi").fill("JP1234567890")
    page.get_by_role("button", name="Tandai sudah dikirim").click()
    assert "J&T Express EZ" in page.locator("main").inner_text()
    assert_fits_a_phone(page)

    page.context.clear_cookies()
    log_in(page, processing_order.buyer)
    page.goto(f"/orders/{processing_order.id}")
    tracking = page.get_by_role("link", name="Lacak paket di situs J&T Express")
    assert tracking.get_attribute("href") == "https://jet.co.id/track?awb=JP1234567890"
    assert page.get_by_role("link", name=f"Tanya {processing_order.shop.name} lewat WhatsApp").count() == 1
    assert_fits_a_phone(page)


def test_the_cart_asks_where_the_parcel_goes_and_fits_a_phone(page, processing_order):
    log_in(page, UserFactory())
    variant_id = processing_order.lines[0].variant_id
    page.goto(f"/products/{processing_order.lines[0].product_id}")
    page.locator(f"#variant-{variant_id}").check()
    page.get_by_role("button", name="Masukkan ke keranjang").click()
    page.goto("/cart")
    page.get_by_label("Paket dikirim ke mana?").select_option("Jawa Barat")
    page.get_by_role("button", name="Lihat ongkos kirim").click()
    assert "Rp 26.000" in page.locator("main").inner_text()
    assert_fits_a_phone(page)


def test_the_shop_form_with_its_zone_rates_fits_a_phone(page, processing_order):
    log_in(page, processing_order.shop.owner)
    page.goto("/dashboard/shop")
    java = page.get_by_role("group", name="Jawa dan Bali")
    assert java.get_by_label("Kilogram pertama (Rp)").input_value() == "26000"
    assert_fits_a_phone(page)
