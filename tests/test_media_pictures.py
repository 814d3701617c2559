"""Every page that shows a photo lets the browser pick its size and format (`<picture>` with WebP
and JPEG `srcset`s); the product page fetches its first photo first, at a phone's width."""

import io
import re
from datetime import datetime
from html.parser import HTMLParser

import pytest
from PIL import Image

from marketplace.curation.models import Collection
from marketplace.extensions import db as _db
from marketplace.media.images import store_generated_image
from marketplace.media.storage import get_storage
from marketplace.products.models import ProductImage
from tests.browser import phone_context
from tests.factories import ProductFactory, ShopFactory
from tests.helpers import assert_fits_a_phone, login, post_form

OLD_KEY = "products/OldOldOldOldOldOldOldOld.jpg"


class Pictures(HTMLParser):
    """Each `<picture>` of a page as {"sources": [attrs...], "img": attrs}, and each lone `<img>`."""

    def __init__(self, html: str):
        super().__init__()
        self.pictures: list[dict] = []
        self.lone_images: list[dict] = []
        self._open: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self._open = {"sources": [], "img": None}
        elif tag == "source" and self._open is not None:
            self._open["sources"].append(attrs)
        elif tag == "img" and self._open is not None:
            self._open["img"] = attrs
        elif tag == "img":
            self.lone_images.append(attrs)

    def handle_endtag(self, tag):
        if tag == "picture" and self._open is not None:
            self.pictures.append(self._open)
            self._open = None


def pictures_of(client, path: str) -> Pictures:
    response = client.get(path)
    assert response.status_code == 200, path
    return Pictures(response.get_data(as_text=True))


def jpeg(size=(1800, 1200), color="#7a3b1d") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def photographed(product, count=1, size=(1800, 1200)):
    for position in range(count):
        stored = store_generated_image(jpeg(size), "kain.jpg")
        product.images.append(ProductImage(position=position, alt_text=f"Kain {position}",
                                           thumb_key=stored.thumb_key, large_key=stored.large_key,
                                           width=stored.width, height=stored.height))
    _db.session.commit()
    return product


def widths_in(srcset: str) -> list[int]:
    return [int(width) for width in re.findall(r" (\d+)w", srcset)]


def test_the_product_page_fetches_its_first_photo_first_at_a_phones_width(client, db):
    product = photographed(ProductFactory(), count=3)

    first, *others = [p for p in pictures_of(client, f"/products/{product.id}").pictures
                      if p["img"]["alt"].startswith("Kain ")]

    (webp,) = first["sources"]
    assert webp["type"] == "image/webp" and webp["sizes"] == first["img"]["sizes"]
    assert widths_in(webp["srcset"]) == widths_in(first["img"]["srcset"]) == [240, 480, 960, 1600]
    assert ".webp 240w" in webp["srcset"] and ".jpg 1600w" in first["img"]["srcset"]
    assert first["img"]["src"].endswith(".w480.jpg")  # the phone-sized one, not the 1,600 px JPEG
    assert first["img"]["fetchpriority"] == "high" and "loading" not in first["img"]
    assert (first["img"]["width"], first["img"]["height"]) == ("1600", "1067")
    assert len(others) == 2
    for picture in others:
        assert picture["img"]["loading"] == "lazy" and "fetchpriority" not in picture["img"]
        assert picture["img"]["src"].endswith(".w240.jpg")


def test_every_size_a_page_lists_is_served(client, db):
    product = photographed(ProductFactory())
    page = pictures_of(client, f"/products/{product.id}")
    (picture,) = [p for p in page.pictures if p["img"]["alt"] == "Kain 0"]

    urls = [entry.split()[0] for srcset in (picture["sources"][0]["srcset"], picture["img"]["srcset"])
            for entry in srcset.split(", ")]
    assert len(urls) == 8
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert response.content_type == ("image/webp" if url.endswith(".webp") else "image/jpeg")


def test_catalogue_cards_offer_the_two_small_widths_and_load_lazily_below_the_first(client, db):
    for _ in range(6):
        photographed(ProductFactory())

    cards = [p for p in pictures_of(client, "/products").pictures if p["img"]["alt"].startswith("Kain ")]

    assert len(cards) == 6
    for card in cards:
        assert widths_in(card["sources"][0]["srcset"]) == widths_in(card["img"]["srcset"]) == [240, 480]
        assert card["img"]["sizes"] == "(min-width: 48rem) 17rem, 50vw"
    assert "lazy" in {card["img"].get("loading") for card in cards}


def test_a_photo_stored_before_the_sizes_still_shows_whole(client, db):
    get_storage().save(OLD_KEY, jpeg((640, 480)))
    product = ProductFactory()
    product.images.append(ProductImage(position=0, alt_text="Kain lama", thumb_key=OLD_KEY, large_key=OLD_KEY,
                                       width=640, height=480))
    db.session.commit()

    for path in (f"/products/{product.id}", "/products", "/"):
        shown = [p for p in pictures_of(client, path).pictures if p["img"]["alt"] == "Kain lama"]
        assert shown, path
        for picture in shown:
            assert picture["sources"] == [] and "srcset" not in picture["img"]
            assert picture["img"]["src"] == f"/media/{OLD_KEY}"
    assert client.get(f"/media/{OLD_KEY}").status_code == 200


def test_shop_logo_and_banner_collections_and_the_cart_use_pictures(client, db):
    shop = ShopFactory(logo_key=store_generated_image(jpeg((320, 320)), "logo.jpg").large_key,
                       banner_key=store_generated_image(jpeg((1200, 400)), "banner.jpg").large_key)
    product = photographed(ProductFactory(shop=shop))
    cover = store_generated_image(jpeg((1200, 500)), "cover.jpg").large_key
    db.session.add(Collection(slug="pesisir", title_id="Pesisir", title_en="Coast",
                              description_id="Kain pesisir.", cover_key=cover,
                              publish_from=datetime(2025, 1, 1)))
    db.session.commit()

    shop_page = pictures_of(client, f"/shops/{shop.slug}")
    banner = next(p for p in shop_page.pictures if p["img"].get("class") == "banner")
    assert banner["img"]["fetchpriority"] == "high"
    assert widths_in(banner["img"]["srcset"]) == [240, 480, 960, 1200]
    logo = next(p for p in shop_page.pictures if p["img"].get("class") == "logo")
    assert widths_in(logo["sources"][0]["srcset"]) == [240, 320] and logo["img"]["src"].endswith(".w240.jpg")
    assert any(p["img"]["src"].endswith(".w240.jpg") for p in pictures_of(client, "/shops").pictures)
    collection = next(p for p in pictures_of(client, "/collections/pesisir").pictures
                      if p["img"].get("class") == "collection-cover")
    assert widths_in(collection["sources"][0]["srcset"]) == [240, 480, 960, 1200]

    post_form(client, "/cart/add", {"variant_id": str(product.variants[0].id), "quantity": "1",
                                    "product_id": str(product.id)}, page="/")
    cart = pictures_of(client, "/cart")
    assert [p["img"]["class"] for p in cart.pictures] == ["square"]


def test_the_artisans_photo_page_shows_pictures(client, db):
    product = photographed(ProductFactory(), count=2)
    login(client, product.shop.owner)

    page = pictures_of(client, f"/dashboard/products/{product.id}/images")

    assert [p["img"]["alt"] for p in page.pictures] == ["Kain 0", "Kain 1"]
    assert all(p["sources"] and p["img"]["loading"] == "lazy" for p in page.pictures)


# at one pixel per CSS pixel: the product's photo spans the 360 px screen, a card half of it
@pytest.mark.parametrize(("path", "width"), [("product", 480), ("catalogue", 240)])
def test_a_phone_downloads_webp_at_its_width(app, live_server, db, path, width):
    product = photographed(ProductFactory(), count=2)
    address = f"/products/{product.id}" if path == "product" else "/products"
    with phone_context(live_server) as context:
        page = context.new_page()
        images: list[str] = []
        page.on("response", lambda response: images.append(response.url)
                if "/media/" in response.url else None)
        page.goto(address)
        page.wait_for_load_state("networkidle")
        assert_fits_a_phone(page)

    assert images[0].endswith(f".w{width}.webp")  # the page's first photo, in the smaller format
    assert all(url.endswith((".w240.webp", ".w480.webp")) for url in images)  # no JPEG, nothing wider
