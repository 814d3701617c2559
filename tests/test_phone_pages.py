"""The pages artisans, buyers and the agency open, on a 360x740 phone in Chromium: each passes
axe-core with no serious or critical violation and is no wider than the screen; what the issue saw
broken (invisible buttons, small tap targets, wrapped amounts, an open filter panel) stays fixed."""

import pytest
from sqlalchemy import select

from marketplace.auth.models import Role
from marketplace.curation.services import add_featured
from marketplace.extensions import db as _db
from marketplace.orders import payment_actions
from marketplace.payments.models import Payment
from marketplace.shops.models import ShopState
from tests.browser import log_in
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import assert_fits_a_phone, login
from tests.test_checkout import add, place

pytestmark = pytest.mark.browser

LONG_EMAIL = "pengrajin.batik.tulis.sungsang.banyuasin@contoh-koperasi.id"


@pytest.fixture
def paid_order(app, db):
    """A shop with long names, one paid order waiting to be prepared and its ledger entries, a
    pending application, and two featured cloths."""
    owner = UserFactory(email=LONG_EMAIL, roles=[Role.CUSTOMER, Role.ARTISAN])
    shop = ShopFactory(name="Batik Tulis Pewarna Alam Sungsang Pesisir Banyuasin", owner=owner)
    product = ProductFactory(shop=shop, title="Kain Batik Tulis Motif Bunga Pedada Pesisir",
                             variants=[(1_185_000, 4), (185_000, 6)])
    other = ProductFactory(shop=shop, variants=[(185_000, 1)])
    ShopFactory(name="Jumputan Talang Kelapa", state=ShopState.PENDING,
                owner=UserFactory(email="penenun." + LONG_EMAIL, roles=[Role.CUSTOMER, Role.ARTISAN]))
    buyer = UserFactory(email="dewi@contoh.id")
    client = app.test_client()
    login(client, buyer)
    add(client, product.variants[0], 1)
    assert place(client).status_code == 302
    payment = _db.session.scalar(select(Payment))
    admin = UserFactory(roles=[Role.ADMIN], email="admin." + LONG_EMAIL)
    payment_actions.confirm_transfer(payment, admin)
    add_featured(admin, product.id)
    add_featured(admin, other.id)
    _db.session.commit()
    return payment.checkout.orders[0]


ARTISAN_PAGES = ["/dashboard", "/dashboard/orders", "/dashboard/orders/{order}", "/dashboard/statement",
                 "/dashboard/ledger", "/dashboard/products/{product}/edit", "/dashboard/shop"]


@pytest.mark.parametrize("path", ARTISAN_PAGES)
def test_the_artisans_pages_fit_a_phone_and_pass_axe(page, paid_order, path):
    log_in(page, paid_order.shop.owner)
    page.goto(path.format(order=paid_order.id, product=paid_order.lines[0].variant.product_id))
    assert_fits_a_phone(page)


AGENCY_PAGES = ["/admin/", "/admin/shops", "/admin/payments", "/admin/reports", "/admin/reports/impact",
                "/admin/audit", "/admin/ledger", "/admin/ledger/{shop}", "/admin/featured",
                "/admin/reports/statement/{shop}"]


@pytest.mark.parametrize("path", AGENCY_PAGES)
def test_the_agencys_pages_fit_a_phone_and_pass_axe(page, paid_order, path):
    log_in(page, _db.session.scalar(select(Payment)).confirmed_by)
    page.goto(path.format(shop=paid_order.shop_id))
    assert_fits_a_phone(page)


def test_the_first_fulfilment_step_is_a_visible_button(page, paid_order):
    log_in(page, paid_order.shop.owner)
    page.goto(f"/dashboard/orders/{paid_order.id}")
    button = page.get_by_role("button", name="Mulai siapkan")
    colours = button.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    assert colours[0] != colours[1]
    assert_fits_a_phone(page)


def test_every_button_and_link_on_the_dashboard_is_at_least_24_px_each_way(page, paid_order):
    log_in(page, paid_order.shop.owner)
    page.goto("/dashboard")
    sizes = page.locator("main button, main a").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent.trim(), Math.round(r.width), Math.round(r.height)]; })")
    small = [size for size in sizes if size[1] < 24 or size[2] < 24]
    assert len(sizes) > 10
    assert small == []


def test_an_amount_in_the_cart_stays_on_one_line(page, paid_order):
    buyer = UserFactory()
    log_in(page, buyer)
    variant = paid_order.lines[0].variant.product.variants[1]
    page.goto(f"/products/{variant.product_id}")
    page.locator(f"#variant-{variant.id}").check()
    page.get_by_role("button", name="Masukkan ke keranjang").click()
    page.goto("/cart")
    heights = page.locator("main .price, main .amount").evaluate_all(
        "els => els.map(e => [e.textContent, e.getClientRects().length])")
    assert heights and all(lines == 1 for _text, lines in heights), heights
    assert_fits_a_phone(page)


def test_after_filtering_the_catalogue_the_results_start_on_the_first_screen(page, paid_order):
    page.goto("/products")
    page.get_by_text("Saring dan urutkan").click()
    page.get_by_label("Teknik").select_option("batik_tulis")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_load_state()
    assert "technique=batik_tulis" in page.url
    assert page.locator("details.filters").get_attribute("open") is None
    assert "1 saringan aktif" in page.locator("details.filters summary").inner_text()
    first_result = page.locator(".product-card").first.bounding_box()
    assert first_result["y"] < 740
    assert_fits_a_phone(page)
