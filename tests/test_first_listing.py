"""The short first listing: photos, title, technique, price and stock on one phone page, saved by the
listing rules every listing follows, and a list of what each listing still lacks, with links."""

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.media.images import ImageRejected
from marketplace.products import services
from marketplace.products.exceptions import PhotoRequired, PublishNeedsConsent
from marketplace.products.models import DyeType, Fabric, Product, ProductStatus, Technique, missing_details
from marketplace.products.services import QuickListing, create_quick_listing
from marketplace.shops.models import ShopState
from tests.browser import log_in
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import assert_fits_a_phone, image_upload, login, post_multipart
from tests.test_shops import picture

#: the start of an iPhone photo: an ISO media box naming the HEIC brand
HEIC_HEADER = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)


def essentials(**changes) -> QuickListing:
    values = {"title": "Kain Jumputan Pelangi Sungsang", "technique": Technique.JUMPUTAN,
              "dye_type": DyeType.SYNTHETIC, "fabric": Fabric.KATUN_PRIMA, "price": 275_000,
              "stock_on_hand": 4, "variant_name": "Selembar kain", **changes}
    return QuickListing(**values)


def photo(color="red", name="kain.jpg"):
    return image_upload(picture(color), name)


@pytest.fixture
def shop(db):
    return ShopFactory(name="Jumputan Sri Sungsang", state=ShopState.VERIFIED)


def test_a_quick_listing_is_a_draft_with_a_generated_sku_its_photos_and_the_default_weight(shop, db):
    product = create_quick_listing(shop, essentials(), [(photo(), ""), (photo("blue"), "Dibentangkan")],
                                   shop.owner)
    assert product.status == ProductStatus.DRAFT
    assert [(variant.sku, variant.price, variant.stock_on_hand) for variant in product.variants] == [
        ("JSS-001", 275_000, 4)]
    assert [image.alt_text for image in product.images] == ["Kain Jumputan Pelangi Sungsang", "Dibentangkan"]
    assert product.weight_grams == services.DEFAULT_WEIGHT_GRAMS[Technique.JUMPUTAN] == 250


def test_a_quick_listing_published_at_once_is_public_and_keeps_a_weighed_weight(shop, db):
    product = create_quick_listing(shop, essentials(weight_grams=420), [(photo(), "")], shop.owner,
                                   publish=True)
    assert (product.status, product.is_public, product.weight_grams) == (ProductStatus.ACTIVE, True, 420)


def test_a_quick_listing_says_what_it_still_misses_until_the_story_is_told(shop, db):
    product = create_quick_listing(shop, essentials(), [(photo(), "")], shop.owner)
    assert missing_details(product) == ["description", "dye_source", "motif_name", "size"]
    product.description, product.motif_name = "Cerita kain.", "Pelangi"
    product.length_cm, product.width_cm = 200, 110
    assert missing_details(product) == ["dye_source"]


def test_a_listing_without_photos_is_missing_its_photos(shop, db):
    assert missing_details(ProductFactory(shop=shop))[:1] == ["photos"]


@pytest.mark.parametrize("refused, photos, error", [
    ("no photo", [], PhotoRequired),
    ("a HEIC photo", [(image_upload(HEIC_HEADER, "IMG_0001.HEIC"), "")], ImageRejected),
    ("a HEIC photo renamed .jpg", [(image_upload(HEIC_HEADER, "IMG_0001.jpg"), "")], ImageRejected),
    ("a text file", [(image_upload(b"not a photo", "kain.jpg"), "")], ImageRejected),
])
def test_a_quick_listing_is_refused_without_a_readable_photo(shop, db, refused, photos, error):
    with pytest.raises(error):
        create_quick_listing(shop, essentials(), photos, shop.owner)


def test_photos_stored_before_a_refused_one_are_not_left_in_the_storage(shop, db, app):
    folder = Path(app.config["UPLOAD_FOLDER"])
    before = set(folder.rglob("*.*"))
    with pytest.raises(ImageRejected):
        create_quick_listing(shop, essentials(), [(photo(), ""), (image_upload(b"text", "kain.jpg"), "")],
                             shop.owner)
    assert set(folder.rglob("*.*")) == before


def test_the_photo_pages_offer_the_camera(client, artisan):
    product = ProductFactory(shop=artisan)
    assert 'accept="image/*"' in client.get(f"/dashboard/products/{product.id}/images").get_data(as_text=True)


def test_a_heic_photo_is_refused_with_the_camera_setting_to_change(shop, db):
    with pytest.raises(ImageRejected, match="HEIC.*Paling Kompatibel"):
        create_quick_listing(shop, essentials(), [(image_upload(HEIC_HEADER, "IMG_0001.HEIC"), "")],
                             shop.owner)


def test_a_quick_listing_follows_the_listing_rules_for_skus_and_curators(shop, db):
    ProductFactory(shop=shop).variants[0].sku = "JSS-001"
    db.session.flush()
    assert create_quick_listing(shop, essentials(), [(photo(), "")], shop.owner).variants[0].sku == "JSS-002"
    curator = UserFactory(roles=["curator"])
    with pytest.raises(PublishNeedsConsent):
        create_quick_listing(shop, essentials(), [(photo(), "")], curator, publish=True)


# --- the page ---------------------------------------------------------------------------------------


def quick_fields(**changes):
    return {"title": "Kain Jumputan Pelangi Sungsang", "technique": "jumputan", "dye_type": "synthetic",
            "fabric": "katun_prima", "price": "Rp 275.000", "stock": "4", "weight_grams": "",
            "photos": [photo()], "publish": "Terbitkan sekarang", **changes}


@pytest.fixture
def artisan(client, shop):
    login(client, shop.owner)
    return shop


def send(client, **changes):
    return post_multipart(client, "/dashboard/products/quick", quick_fields(**changes),
                          page="/dashboard/products/quick")


def test_a_new_artisans_dashboard_leads_to_the_first_listing_page(client, artisan):
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/dashboard/products/quick"' in dashboard and "Buat produk pertama Anda" in dashboard
    page = client.get("/dashboard/products/quick").get_data(as_text=True)
    assert "Produk pertama Anda" in page
    assert page.index('accept="image/*"') < page.index('id="title"')  # photos first, from the camera
    assert re.search(r'<input[^>]*id="photos"[^>]*multiple', page)


def test_the_first_listing_page_publishes_and_the_dashboard_lists_what_is_missing(client, artisan, db):
    response = send(client)
    assert response.status_code == 302
    product = db.session.scalar(select(Product))
    assert (product.status, product.weight_grams, len(product.images)) == (ProductStatus.ACTIVE, 250, 1)
    dashboard = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "sudah terbit" in dashboard and "Ongkos kirim dihitung 250 g" in dashboard
    missing = re.search(r'<div class="missing-details".*?</div>', dashboard, re.S).group(0)
    for target in ("#description", "#dye_source", "#motif_name", "#length_cm"):
        assert f'/dashboard/products/{product.id}/edit{target}"' in missing
    assert "Produk cepat" in dashboard  # once a listing exists, the short page stays offered


def test_saving_as_a_draft_keeps_the_listing_off_the_catalog(client, artisan, db):
    assert send(client, publish="", submit="Simpan sebagai draf", weight_grams="400").status_code == 302
    product = db.session.scalar(select(Product))
    assert (product.status, product.weight_grams) == (ProductStatus.DRAFT, 400)


def test_the_edit_page_of_a_quick_listing_lists_what_is_missing_and_saves_without_it(client, artisan, db):
    send(client)
    product = db.session.scalar(select(Product))
    edit = client.get(f"/dashboard/products/{product.id}/edit").get_data(as_text=True)
    assert "Masih kurang" in edit and f'href="/dashboard/products/{product.id}/edit#motif_name"' in edit
    variant = product.variants[0]
    response = post_multipart(client, f"/dashboard/products/{product.id}/edit", {
        "title": product.title, "technique": "jumputan", "dye_type": "synthetic", "fabric": "katun_prima",
        "description": "", "dye_source": "", "motif_name": "", "length_cm": "200", "width_cm": "110",
        "weight_grams": "250", "variants-0-id": str(variant.id), "variants-0-sku": variant.sku,
        "variants-0-name": variant.name, "variants-0-price": "275000", "variants-0-stock": "4"},
        page=f"/dashboard/products/{product.id}/edit")
    assert response.status_code == 302
    db.session.refresh(product)
    assert missing_details(product) == ["description", "dye_source", "motif_name"]


@pytest.mark.parametrize("changes, field", [
    ({"title": ""}, "title"),
    ({"price": "12,5"}, "price"),
    ({"price": "500"}, "price"),
    ({"stock": "-1"}, "stock"),
    ({"technique": "sablon"}, "technique"),
    ({"weight_grams": "0"}, "weight_grams"),
    ({"photos": []}, "photos"),
    ({"photos": [image_upload(HEIC_HEADER, "IMG_0001.HEIC")]}, "photos"),
])
def test_bad_input_comes_back_with_a_summary_that_takes_the_focus_and_links_the_field(
        client, artisan, db, changes, field):
    response = send(client, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S).group(0)
    assert "autofocus" in summary and f'href="#{field}"' in summary
    assert "pilih lagi" in html  # a file input cannot be refilled: the page says so
    assert db.session.scalar(select(Product)) is None


def test_a_heic_photo_gets_the_camera_setting_in_the_field_error(client, artisan, db):
    html = send(client, photos=[image_upload(HEIC_HEADER, "IMG_0001.HEIC")]).get_data(as_text=True)
    assert "HEIC" in html and "Paling Kompatibel" in html


def test_more_photos_than_a_listing_holds_are_refused(client, artisan, db):
    html = send(client, photos=[photo() for _ in range(services.MAX_IMAGES + 1)]).get_data(as_text=True)
    assert 'href="#photos"' in html and db.session.scalar(select(Product)) is None


def test_another_artisans_listing_is_not_reachable_from_the_quick_page(client, db):
    login(client, UserFactory())
    assert client.get("/dashboard/products/quick").status_code == 404


@pytest.mark.browser
def test_on_a_phone_a_first_listing_takes_a_photo_and_four_answers(page, db, tmp_path):
    shop = ShopFactory(state=ShopState.VERIFIED)
    cloth = tmp_path / "kain.jpg"
    Image.new("RGB", (800, 600), "orange").save(cloth, "JPEG")
    log_in(page, shop.owner)
    page.goto("/dashboard")
    page.get_by_role("link", name="Buat produk pertama Anda").first.click()
    page.wait_for_load_state()
    assert_fits_a_phone(page)
    assert small_targets(page) == []
    page.get_by_role("button", name="Terbitkan sekarang").click()  # nothing filled in yet
    # (waited for by what it shows: right after a click the old page still counts as loaded)
    expect(page.locator(".error-summary")).to_be_focused()
    page.locator(".error-summary a[href='#title']").click()
    expect(page.locator("#title")).to_be_focused()
    assert_fits_a_phone(page)
    page.locator("#photos").set_input_files(str(cloth))
    page.locator("#title").fill("Kain Jumputan Oranye")
    page.locator("#technique").select_option("jumputan")
    page.locator("#dye_type").select_option("synthetic")
    page.locator("#fabric").select_option("katun_prima")
    page.locator("#price").fill("275.000")
    page.locator("#stock").fill("2")
    page.get_by_role("button", name="Terbitkan sekarang").click()
    expect(page.locator(".missing-details a")).to_have_count(4)
    assert_fits_a_phone(page)
    assert small_targets(page) == []


def small_targets(page) -> list:
    """The page's buttons, links and fields less than 24 px wide or high."""
    sizes = page.locator("main button, main a, main input:not([type=hidden]), main select").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent.trim() || e.id, Math.round(r.width), Math.round(r.height)]; })")
    return [size for size in sizes if size[1] < 24 or size[2] < 24]


def test_the_listing_page_tells_its_owner_what_is_missing_and_customers_see_no_empty_headings(
        client, artisan, db):
    send(client)
    product = db.session.scalar(select(Product))
    own = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert "Masih kurang" in own and f'/dashboard/products/{product.id}/edit#description"' in own
    public = client.application.test_client().get(f"/products/{product.id}").get_data(as_text=True)
    assert "Kain Jumputan Pelangi Sungsang" in public
    assert "Masih kurang" not in public and "Motif: <" not in public and "Tentang kain ini" not in public
