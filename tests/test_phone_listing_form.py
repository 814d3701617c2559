"""The listing and shop forms on a phone: stock loads on edit, SKUs are made when left empty, rows
are added without saving, errors are summed up at the top, and the application says what it does."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.products.models import Product, Variant
from marketplace.shops.models import ShopState
from tests.browser import log_in
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import assert_fits_a_phone, image_upload, login, post_form, post_multipart
from tests.test_listings import listing
from tests.test_shops import application, picture


@pytest.fixture
def artisan(client, db):
    shop = ShopFactory(name="Batik Tulis Pedada", state=ShopState.PENDING)
    login(client, shop.owner)
    return shop


def _value(html: str, field_id: str) -> str | None:
    match = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
    assert match, f"no #{field_id}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else None


def test_editing_a_listing_loads_every_variants_stock_and_a_spare_row(client, artisan):
    product = ProductFactory(shop=artisan, variants=[(350_000, 5), (200_000, 3)])
    html = client.get(f"/dashboard/products/{product.id}/edit").get_data(as_text=True)
    assert (_value(html, "variants-0-stock"), _value(html, "variants-1-stock")) == ("5", "3")
    assert _value(html, "variants-0-sku") == product.variants[0].sku
    assert _value(html, "variants-2-stock") in (None, "")


def test_saving_an_edited_listing_as_loaded_keeps_the_stock(client, artisan, db):
    product = ProductFactory(shop=artisan, variants=[(350_000, 5)])
    variant = product.variants[0]
    fields = listing(**{"variants-0-id": str(variant.id), "variants-0-sku": variant.sku,
                        "variants-0-stock": _value(client.get(f"/dashboard/products/{product.id}/edit")
                                                   .get_data(as_text=True), "variants-0-stock")})
    assert post_form(client, f"/dashboard/products/{product.id}/edit", fields).status_code == 302
    db.session.refresh(variant)
    assert variant.stock_on_hand == 5


def test_variants_left_without_a_sku_get_the_shops_initials_and_a_free_number(client, artisan, db):
    ProductFactory(shop=artisan, variants=[(350_000, 1)]).variants[0].sku = "BTP-001"
    db.session.commit()
    response = post_form(client, "/dashboard/products/new", listing(**{
        "variants-0-sku": "", "variants-1-id": "", "variants-1-sku": "", "variants-1-name": "Kain 2,5 m",
        "variants-1-price": "400000", "variants-1-stock": "2"}))
    assert response.status_code == 302
    product = db.session.scalars(select(Product).order_by(Product.id.desc())).first()
    assert [variant.sku for variant in product.variants] == ["BTP-002", "BTP-003"]


def test_the_sku_field_explains_what_happens_when_it_is_left_empty(client, artisan):
    html = client.get("/dashboard/products/new").get_data(as_text=True)
    assert "SKU (boleh kosong)" in html
    assert "dibuat dari inisial toko Anda" in html


def test_adding_a_variant_row_keeps_what_was_typed_and_saves_nothing(client, artisan, db):
    response = post_form(client, "/dashboard/products/new", listing(add_variant="Tambah varian"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _value(html, "title") == "Kain Batik Tulis Pedada Merah Bata"
    assert _value(html, "variants-0-stock") == "3"
    assert 'id="variants-1-name"' in html
    assert "Periksa isian berikut" not in html
    assert db.session.scalar(select(Variant)) is None


def test_a_form_with_errors_opens_on_a_summary_linking_to_each_field(client, artisan, db):
    html = post_form(client, "/dashboard/products/new",
                     listing(title="", **{"variants-0-price": "12,5"})).get_data(as_text=True)
    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S).group(0)
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert 'href="#title"' in summary
    assert 'href="#variants-0-price"' in summary and "Varian 1: Harga" in summary
    assert html.index("error-summary") < html.index('id="title"')


def test_the_checkout_and_shop_forms_share_the_error_summary(client, db):
    login(client, UserFactory())
    html = post_form(client, "/shops/apply", application(name="")).get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#name"' in html


def test_a_nib_error_says_the_chosen_logo_must_be_chosen_again(client, db):
    login(client, UserFactory())
    response = post_multipart(client, "/shops/apply", {
        **application(nib="123"), "logo": image_upload(picture("red"), "logo.jpg")}, page="/shops/apply")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#nib"' in html
    assert "pilih gambarnya lagi" in html


def test_the_application_says_it_sends_and_the_pending_shop_says_how_long_and_how(client, db):
    login(client, UserFactory())
    assert 'value="Kirim pengajuan"' in client.get("/shops/apply").get_data(as_text=True)
    assert post_form(client, "/shops/apply", application()).status_code == 302
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "3 hari kerja" in dashboard and "email" in dashboard


@pytest.mark.browser
def test_on_a_phone_the_error_summary_takes_the_focus_and_its_link_reaches_the_field(page, db):
    shop = ShopFactory(state=ShopState.PENDING)
    log_in(page, shop.owner)
    page.goto("/dashboard/products/new")
    page.locator("#variants-0-price").fill("250000")  # a row with a price but no name, screens down
    page.get_by_role("button", name="Simpan produk").click()
    # (waited for by what it shows: right after a click the old page still counts as loaded)
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.locator(".error-summary").bounding_box()["y"] < 740
    page.locator(".error-summary a[href='#variants-0-name']").click()
    expect(page.locator("#variants-0-name")).to_be_focused()
    assert_fits_a_phone(page)
