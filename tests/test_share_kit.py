"""The share kit on the artisan's dashboard: per listing and for the shop, the link, the picture, a
caption in Bahasa Indonesia with copy buttons, and a printable QR code card for a stall."""

import io
import re
from html import unescape

import pytest
import segno
from playwright.sync_api import expect

from marketplace.auth.models import Role
from marketplace.products.models import DyeType, ProductStatus, Technique
from marketplace.sharing.models import ShareImage
from marketplace.shops.models import ShopState
from tests.browser import log_in
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import assert_fits_a_phone, login
from tests.test_assisted_listing import assist
from tests.test_share_image import add_photo
from tests.test_sharing import SITE

LONG_SHOP = "Batik Tulis Pewarna Alam Sungsang Pesisir Banyuasin"


@pytest.fixture
def product(db):
    owner = UserFactory(roles=[Role.CUSTOMER, Role.ARTISAN], locale="en")
    shop = ShopFactory(owner=owner, name=LONG_SHOP, kecamatan="Banyuasin II", village="Sungsang")
    product = ProductFactory(shop=shop, title="Kain Batik Tulis Motif Bunga Pedada Pesisir",
                             technique=Technique.BATIK_TULIS, dye_type=DyeType.NATURAL,
                             dye_source="kulit kayu pedada", variants=[(1_250_000, 2), (1_250_000, 1)])
    add_photo(product)
    return product


@pytest.fixture
def owner_client(app, product):
    client = app.test_client()
    login(client, product.shop.owner)
    return client


def modules(svg: str) -> str:
    """The dark modules of a QR code drawn by segno: the path of its `qrline` class."""
    return re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)


def field(html: str, field_id: str) -> str:
    match = re.search(rf'<textarea id="{field_id}"[^>]*>(.*?)</textarea>', html, re.S) or \
        re.search(rf'<input id="{field_id}" value="([^"]*)"', html)
    return unescape(match.group(1))


def test_the_caption_names_the_cloth_technique_dye_price_shop_and_link_in_indonesian(owner_client, product):
    """The artisan reads the dashboard in English; the caption is for Indonesian WhatsApp groups."""
    html = owner_client.get(f"/dashboard/share/products/{product.id}").get_data(as_text=True)
    assert "Share kit" in html  # the page itself in the artisan's language
    assert field(html, "kit-caption").splitlines() == [
        "Kain Batik Tulis Motif Bunga Pedada Pesisir",
        "Batik tulis · Pewarna alam: kulit kayu pedada",
        "Harga: Rp 1.250.000",
        f"Dari {LONG_SHOP}, Banyuasin II, Banyuasin",
        "✓ Terverifikasi Dekranasda Banyuasin",
        f"Pesan di sini: {SITE}/products/{product.id}",
    ]
    assert field(html, "kit-link") == f"{SITE}/products/{product.id}"


def test_the_kit_offers_the_share_image_to_download_and_the_caption_to_whatsapp(owner_client, product, db):
    html = owner_client.get(f"/dashboard/share/products/{product.id}").get_data(as_text=True)
    key = db.session.get(ShareImage, product.id).key
    assert f'src="/media/{key}" width="1200" height="630"' in html
    assert f'<a href="/media/{key}" download>' in html
    whatsapp = unescape(re.search(r'class="button whatsapp" href="([^"]+)"', html).group(1))
    assert whatsapp.startswith("https://wa.me/?text=Kain%20Batik%20Tulis")
    assert "Harga%3A%20Rp%201.250.000" in whatsapp


def test_a_range_of_prices_is_captioned_from_its_lowest(owner_client, db):
    product = ProductFactory(shop=ShopFactory(owner=UserFactory(roles=[Role.ARTISAN])),
                             variants=[(350_000, 1), (185_000, 1)])
    client = owner_client.application.test_client()
    login(client, product.shop.owner)
    html = client.get(f"/dashboard/share/products/{product.id}").get_data(as_text=True)
    assert "Harga: mulai Rp 185.000" in field(html, "kit-caption")
    card = client.get(f"/dashboard/share/products/{product.id}/card").get_data(as_text=True)
    assert "mulai Rp 185.000" in card


def test_the_qr_card_holds_the_link_as_a_code_with_the_title_price_and_shop(owner_client, product):
    response = owner_client.get(f"/dashboard/share/products/{product.id}/card")
    html = response.get_data(as_text=True)
    link = f"{SITE}/products/{product.id}"
    assert response.status_code == 200
    assert product.title in html and "Rp 1.250.000" in html and LONG_SHOP in html
    svg = re.search(r'<svg [^>]*class="qr-code">.*?</svg>', html, re.S).group(0)
    # the modules drawn are those of the listing's public address, and of nothing else
    buffer = io.BytesIO()
    segno.make(link, error="q").save(buffer, kind="svg", border=4)
    assert modules(svg) == modules(buffer.getvalue().decode())
    assert f"<title>QR code of the link to {product.title}</title>" in svg and link in html


def test_an_unpublished_listing_s_kit_says_its_link_is_not_public_yet(owner_client, product, db):
    product.status = ProductStatus.DRAFT
    db.session.commit()
    html = owner_client.get(f"/dashboard/share/products/{product.id}").get_data(as_text=True)
    assert "This listing is not public yet" in html


def test_the_shop_kit_has_the_shop_s_link_caption_and_card(owner_client, product):
    html = owner_client.get("/dashboard/share/shop").get_data(as_text=True)
    slug = product.shop.slug
    assert field(html, "kit-link") == f"{SITE}/shops/{slug}"
    assert field(html, "kit-caption").splitlines() == [
        f"{LONG_SHOP}: batik dan jumputan dari Sungsang, Banyuasin II, Banyuasin",
        "✓ Terverifikasi Dekranasda Banyuasin",
        f"Lihat semua kain kami dan pesan di sini: {SITE}/shops/{slug}",
    ]
    card = owner_client.get("/dashboard/share/shop/card").get_data(as_text=True)
    assert 'class="qr-code"' in card and f"{SITE}/shops/{slug}" in card


def test_a_shop_awaiting_verification_is_told_its_link_is_not_public_yet(app, db):
    shop = ShopFactory(state=ShopState.PENDING, owner=UserFactory(roles=[Role.ARTISAN]))
    client = app.test_client()
    login(client, shop.owner)
    html = client.get("/dashboard/share/shop").get_data(as_text=True)
    assert "Toko Anda belum tampil untuk umum" in html
    assert "✓ Terverifikasi" not in field(html, "kit-caption")


def test_the_dashboard_links_to_each_listing_s_kit_and_the_shop_s(owner_client, product):
    html = owner_client.get("/dashboard").get_data(as_text=True)
    assert f'href="/dashboard/share/products/{product.id}"' in html and 'href="/dashboard/share/shop"' in html


KIT_PAGES = ["/dashboard/share/products/{id}", "/dashboard/share/products/{id}/card"]


@pytest.mark.parametrize("path", KIT_PAGES)
@pytest.mark.parametrize("who, status", [("another artisan", 404), ("customer", 404), ("curator", 200),
                                         ("admin", 200)])
def test_only_the_shop_s_artisan_and_the_agency_open_a_listing_s_kit(app, product, path, who, status):
    role = {"another artisan": Role.ARTISAN, "customer": Role.CUSTOMER, "curator": Role.CURATOR,
            "admin": Role.ADMIN}[who]
    if role == Role.ARTISAN:
        user = ShopFactory(owner=UserFactory(roles=[Role.CUSTOMER, Role.ARTISAN])).owner
    else:
        user = UserFactory(roles=[role])
    client = app.test_client()
    login(client, user)
    assert client.get(path.format(id=product.id)).status_code == status


@pytest.mark.parametrize("path", [*KIT_PAGES, "/dashboard/share/shop", "/dashboard/share/shop/card"])
def test_a_visitor_is_sent_to_log_in(client, product, path):
    response = client.get(path.format(id=product.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_missing_listing_is_not_found(owner_client):
    assert owner_client.get("/dashboard/share/products/999999").status_code == 404


def test_the_shop_kit_is_the_assisted_shop_s_for_a_curator_and_none_without_one(app, product, curator):
    client = app.test_client()
    login(client, curator)
    assert client.get("/dashboard/share/shop").status_code == 404
    assist(client, product.shop)
    html = client.get("/dashboard/share/shop").get_data(as_text=True)
    assert field(html, "kit-link") == f"{SITE}/shops/{product.shop.slug}"


@pytest.mark.browser
def test_on_a_phone_the_kit_and_its_card_fit_and_the_caption_is_copied(clipboard_phone, product):
    log_in(clipboard_phone, product.shop.owner)
    clipboard_phone.goto(f"/dashboard/share/products/{product.id}")
    assert_fits_a_phone(clipboard_phone)
    button = clipboard_phone.get_by_role("button", name="Copy caption")
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    button.click()
    expect(clipboard_phone.locator("#kit-caption-status")).to_have_text("Copied")
    copied = clipboard_phone.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Kain Batik Tulis Motif Bunga Pedada Pesisir\n") and copied.endswith(
        f"/products/{product.id}")
    clipboard_phone.get_by_role("link", name="Open the card to print").click()
    expect(clipboard_phone.locator(".qr-card")).to_be_visible()
    assert clipboard_phone.get_by_role("button", name="Print").is_visible()
    assert_fits_a_phone(clipboard_phone)
    code = clipboard_phone.locator(".qr-card .qr-code").bounding_box()
    assert code["width"] >= 200  # large enough to scan from a stall's table
    for path in ("/dashboard/share/shop", "/dashboard/share/shop/card"):
        clipboard_phone.goto(path)
        assert_fits_a_phone(clipboard_phone)
