"""Each public listing's share image: a 1200x630 picture of its photo, title, price, shop and the
agency's badge, drawn when the listing changes, served as a file and named by its page's preview."""

import io
import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.jobs.models import FailedJob
from marketplace.media.images import store_generated_image
from marketplace.media.storage import get_storage
from marketplace.products import services as listings
from marketplace.products.models import ProductImage, ProductStatus
from marketplace.sharing import share_image
from marketplace.sharing.models import ShareImage
from marketplace.sharing.services import current_share_image, share_card
from marketplace.sharing.share_image import HEIGHT, WIDTH, ShareCard, draw_share_image
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory
from tests.test_sharing import SITE, head_of

RED = (200, 30, 30)


def solid_photo(colour=RED, size=(900, 1200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def add_photo(product, data: bytes | None = None) -> ProductImage:
    stored = store_generated_image(data or solid_photo(), "kain.jpg")
    image = ProductImage(alt_text="Kain merah bermotif pedada", thumb_key=stored.thumb_key,
                         large_key=stored.large_key, width=stored.width, height=stored.height)
    product.images.append(image)
    _db.session.commit()
    return image


@pytest.fixture
def listing(db):
    product = ProductFactory(title="Kain Batik Tulis Bunga Pedada", shop=ShopFactory(name="Batik Rohana"),
                             variants=[(1_250_000, 3)])
    add_photo(product)
    return product


def stored_share_image(product) -> ShareImage | None:
    _db.session.expire_all()
    return _db.session.get(ShareImage, product.id)


def picture(client, address: str) -> Image.Image:
    response = client.get(urlsplit(address).path)
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    return Image.open(io.BytesIO(response.get_data()))


def near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def test_a_public_listing_has_a_1200x630_share_image_its_page_names(client, listing):
    head = head_of(client, f"/products/{listing.id}")
    address = head.one("og:image")
    assert address == head.one("twitter:image") == f"{SITE}/media/{stored_share_image(listing).key}"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("twitter:card") == "summary_large_image"
    image = picture(client, address)
    assert image.size == (WIDTH, HEIGHT) == (1200, 630) and image.format == "JPEG"
    assert near(image.getpixel((HEIGHT // 2, HEIGHT // 2)), RED)  # the photo fills the left square


def test_the_share_image_is_served_as_a_file_kept_for_a_year(client, listing):
    response = client.get(f"/media/{stored_share_image(listing).key}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_share_image_address_comes_from_public_url_whatever_the_host(client, listing):
    head = head_of(client, f"/products/{listing.id}", Host="evil.example")
    assert head.one("og:image").startswith(f"{SITE}/media/shares/")


def test_the_share_image_shows_the_price_in_rupiah_and_the_shop(app, listing):
    card = share_card(listing)
    assert (card.title, card.price, card.shop_name, card.verified) == (
        "Kain Batik Tulis Bunga Pedada", 1_250_000, "Batik Rohana", True)
    assert card.badge == "Terverifikasi Dekranasda Banyuasin"  # in the site's language


def test_a_changed_price_draws_the_picture_again_and_deletes_the_old_one(client, listing):
    before = stored_share_image(listing).key
    listings.set_price_and_stock(listing.variants[0], 1_500_000, 3, listing.shop.owner)
    _db.session.commit()
    after = stored_share_image(listing).key
    assert after != before and get_storage().load(before) is None
    assert head_of(client, f"/products/{listing.id}").one("og:image") == f"{SITE}/media/{after}"


@pytest.mark.parametrize("change", ["title", "photo", "shop name"])
def test_what_the_picture_shows_changing_draws_it_again(db, listing, change):
    before = stored_share_image(listing).fingerprint
    if change == "title":
        listing.title = "Kain Jumputan Pelangi"
    elif change == "photo":
        add_photo(listing, solid_photo((20, 40, 160)))
        listings.move_image(listing.images[-1], -1, listing.shop.owner)
    else:
        listing.shop.name = "Batik Rohana Sungsang"
    db.session.commit()
    assert stored_share_image(listing).fingerprint != before


def test_a_stock_change_leaves_the_picture_as_it_was(db, listing):
    before = stored_share_image(listing)
    key, drawn_at = before.key, before.drawn_at
    listings.set_price_and_stock(listing.variants[0], 1_250_000, 9, listing.shop.owner)
    listing.description = "Kain katun primissima."
    db.session.commit()
    after = stored_share_image(listing)
    assert (after.key, after.drawn_at) == (key, drawn_at)


@pytest.mark.parametrize("kind", ["draft", "hidden", "shop awaiting verification"])
def test_a_listing_nobody_else_can_see_gets_no_share_image(db, kind):
    pending = kind == "shop awaiting verification"
    shop = ShopFactory(state=ShopState.PENDING if pending else ShopState.VERIFIED)
    status = ProductStatus.DRAFT if kind == "draft" else ProductStatus.ACTIVE
    product = ProductFactory(shop=shop, status=status, hidden=kind == "hidden")
    add_photo(product)
    assert stored_share_image(product) is None


def test_a_shop_verified_later_gets_share_images_for_its_listings(db):
    shop = ShopFactory(state=ShopState.PENDING)
    product = ProductFactory(shop=shop)
    assert stored_share_image(product) is None
    shop.state = ShopState.VERIFIED
    db.session.commit()
    assert stored_share_image(product) is not None and share_card(product).verified


def test_the_verified_badge_shows_only_for_a_verified_shop():
    card = ShareCard(title="Kain Jumputan", price=350_000, shop_name="Jumputan Sungsang", verified=True,
                     photo_key=None, badge="Terverifikasi Dekranasda Banyuasin", site_name="Pasar Batik")
    badge_corner = (HEIGHT + 60, HEIGHT - 56 - 150 + 6)
    with_badge = Image.open(io.BytesIO(draw_share_image(card, None)))
    without = Image.open(io.BytesIO(draw_share_image(
        ShareCard(**{**card.__dict__, "verified": False}), None)))
    assert near(with_badge.getpixel(badge_corner), (31, 107, 53))
    assert near(without.getpixel(badge_corner), (246, 233, 208))


def test_a_listing_without_a_share_image_yet_shows_its_photo(client, listing):
    db_image = stored_share_image(listing)
    _db.session.delete(db_image)
    _db.session.commit()
    head = head_of(client, f"/products/{listing.id}")
    photo = listing.images[0]
    assert head.one("og:image") == f"{SITE}/media/{photo.large_key}"
    assert (head.one("og:image:width"), head.one("og:image:height")) == (str(photo.width), str(photo.height))


def test_a_share_image_of_the_listing_before_its_last_change_is_not_shown(client, db, listing):
    """Between a change and its drawing the page shows the photo rather than an old price."""
    stored_share_image(listing).fingerprint = "0" * 64
    db.session.commit()
    assert current_share_image(listing) is None
    assert head_of(client, f"/products/{listing.id}").one("og:image") == \
        f"{SITE}/media/{listing.images[0].large_key}"


def test_a_failed_drawing_leaves_the_page_on_its_photo_and_the_job_for_an_admin(client, db, monkeypatch):
    def broken(card, photo):
        raise OSError("disk full")

    monkeypatch.setattr("marketplace.sharing.services.draw_share_image", broken)
    product = ProductFactory()
    photo = add_photo(product)
    assert stored_share_image(product) is None
    assert head_of(client, f"/products/{product.id}").one("og:image") == f"{SITE}/media/{photo.large_key}"
    failed = db.session.scalars(select(FailedJob)).all()
    assert failed and all(job.function.endswith("draw_share_image_of") for job in failed)


def test_a_photo_whose_file_is_gone_gives_a_picture_with_the_motif(client, db):
    product = ProductFactory()
    product.images.append(ProductImage(alt_text="Kain", thumb_key="products/gone-gone-gone-gone.jpg",
                                       large_key="products/gone-gone-gone-gone-gone.jpg", width=1600,
                                       height=1200))
    db.session.commit()
    image = picture(client, head_of(client, f"/products/{product.id}").one("og:image"))
    assert image.size == (WIDTH, HEIGHT) and near(image.getpixel((5, 5)), (122, 62, 29))


def test_a_listing_without_photos_still_gets_a_share_image(client, db):
    product = ProductFactory()
    head = head_of(client, f"/products/{product.id}")
    assert re.fullmatch(rf"{SITE}/media/shares/[\w-]+\.jpg", head.one("og:image"))


def test_a_long_title_is_cut_with_an_ellipsis_and_the_picture_keeps_its_size(monkeypatch):
    monkeypatch.setattr(share_image, "_FONT_FOLDERS", ())  # no DejaVu: Pillow's own font stands in
    share_image.font.cache_clear()
    try:
        lines = share_image._wrapped("Kain " * 60, share_image.font("bold", 48), 3)
        data = draw_share_image(ShareCard(title="Kain " * 60, price=100_000_000, shop_name="Toko " * 30,
                                          verified=True, photo_key=None, badge="Terverifikasi " * 8,
                                          site_name="Pasar Batik Banyuasin"), solid_photo())
    finally:
        share_image.font.cache_clear()
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert Image.open(io.BytesIO(data)).size == (WIDTH, HEIGHT)


def test_the_command_draws_share_images_for_listings_that_have_none(app, db, runner):
    product, draft = ProductFactory(), ProductFactory(status=ProductStatus.DRAFT)
    db.session.delete(stored_share_image(product))
    db.session.commit()
    result = runner.invoke(args=["sharing", "draw-images"])
    assert result.exit_code == 0, result.output
    assert "1 public listing(s) checked." in result.output
    assert stored_share_image(product) is not None and stored_share_image(draft) is None
    key = stored_share_image(product).key
    assert runner.invoke(args=["sharing", "draw-images"]).exit_code == 0
    assert stored_share_image(product).key == key  # run again: nothing drawn twice
