"""How pages travel: canonical and alternate-language links, link previews, structured data, share
links, the favicon, icons and web manifest."""

import io
import json
import re
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.auth.models import Role
from marketplace.curation.collections import CollectionDetails, create_collection
from marketplace.orders import payment_actions
from marketplace.orders.models import Order
from marketplace.payments.models import Payment
from marketplace.products.models import ProductImage, ProductStatus
from marketplace.sharing.links import FACEBOOK_SHARER, WHATSAPP_SHARE
from marketplace.sharing.meta import cut_at_sentence
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, post_form
from tests.test_checkout import add, place
from tests.test_reviews import deliver, review

SITE = "http://127.0.0.1:5000"


class Head(HTMLParser):
    """The <link> and <meta> tags of a page, and the contents of its JSON-LD scripts."""

    def __init__(self, html: str):
        super().__init__()
        self.links, self.meta, self.json_ld, self._in_json_ld = [], {}, [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content"))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def link(self, rel: str, **attrs) -> list[str]:
        return [link["href"] for link in self.links if link.get("rel") == rel
                and all(link.get(name) == value for name, value in attrs.items())]

    def one(self, name: str) -> str:
        values = self.meta.get(name, [])
        assert len(values) == 1, f"{name}: {values}"
        return values[0]


def head_of(client, path: str, **headers) -> Head:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return Head(response.get_data(as_text=True))


@pytest.fixture
def product(db):
    return ProductFactory(title="Kain Jumputan Pelangi", shop=ShopFactory(name="Jumputan Sungsang"))


def _public_pages(product) -> dict[str, str]:
    return {"/": "/", f"/products/{product.id}": f"/products/{product.id}",
            f"/shops/{product.shop.slug}": f"/shops/{product.shop.slug}"}


def test_each_public_page_names_its_canonical_address_and_its_english_twin(client, product):
    for path in _public_pages(product):
        head = head_of(client, path)
        assert head.link("canonical") == [SITE + path]
        assert head.link("alternate", hreflang="id") == [SITE + path]
        assert head.link("alternate", hreflang="en") == [f"{SITE}{path}?lang=en"]
        assert head.link("alternate", hreflang="x-default") == [SITE + path]


def test_the_english_twin_is_in_english_and_canonical_to_itself(client, product):
    response = client.get(f"/products/{product.id}?lang=en")
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html and "Add to cart" in html
    assert Head(html).link("canonical") == [f"{SITE}/products/{product.id}?lang=en"]
    assert '<html lang="id">' in client.get(f"/products/{product.id}").get_data(as_text=True)  # not sticky


def test_the_language_switch_on_an_english_twin_returns_without_its_language(client, product):
    html = client.get(f"/shops/{product.shop.slug}?lang=en&page=1").get_data(as_text=True)
    assert f'name="next" value="/shops/{product.shop.slug}?page=1"' in html
    response = post_form(client, "/language", {"lang": "id", "next": f"/shops/{product.shop.slug}?page=1"})
    assert '<html lang="id">' in client.get(response.headers["Location"]).get_data(as_text=True)


def test_canonical_links_come_from_public_url_whatever_the_host(client, product):
    head = head_of(client, f"/products/{product.id}", Host="evil.example")
    assert head.link("canonical") == [f"{SITE}/products/{product.id}"]
    assert not [link for link in head.links if "evil.example" in link.get("href", "")]


def test_a_further_page_of_a_shop_is_canonical_to_itself_without_its_filters(client, product):
    for _ in range(12):
        ProductFactory(shop=product.shop)
    head = head_of(client, f"/shops/{product.shop.slug}?page=2&sort=price_asc")
    assert head.link("canonical") == [f"{SITE}/shops/{product.shop.slug}?page=2"]


@pytest.mark.parametrize("change", [{"status": ProductStatus.DRAFT}, {"hidden": True}])
def test_a_listing_only_its_owner_previews_asks_search_engines_to_stay_away(app, db, change):
    product = ProductFactory(**change)
    client = app.test_client()
    login(client, product.shop.owner)
    head = head_of(client, f"/products/{product.id}")
    assert head.one("robots") == "noindex" and head.link("canonical") == []


def test_a_shop_awaiting_verification_asks_search_engines_to_stay_away(app, db):
    shop = ShopFactory(state=ShopState.PENDING)
    client = app.test_client()
    login(client, shop.owner)
    assert head_of(client, f"/shops/{shop.slug}").one("robots") == "noindex"


def test_the_favicon_is_an_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/x-icon"
    icon = Image.open(io.BytesIO(response.get_data()))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    assert head_of(client, "/cohorts").link("icon") == ["/favicon.ico"]


def test_the_web_manifest_names_the_site_and_offers_icons_that_answer(client, db):
    assert head_of(client, "/cohorts").link("manifest") == ["/manifest.webmanifest"]
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["name"] == "Pasar Batik Banyuasin" and manifest["start_url"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        answer = client.get(icon["src"])
        image = Image.open(io.BytesIO(answer.get_data()))
        assert answer.mimetype == "image/png" and f"{image.width}x{image.height}" == icon["sizes"]
    assert client.get("/icons/icon-64.png").status_code == 404


def test_the_manifest_speaks_the_visitor_s_language(client, db):
    assert client.get("/manifest.webmanifest?lang=en").get_json()["name"] == "Banyuasin Batik Market"



# --- link previews --------------------------------------------------------------------------------

LONG_STORY = ("Kain ini dibatik tulis oleh Ibu Rohana di Sungsang selama tiga minggu. Malamnya ditorehkan "
              "dengan canting halus, lalu dicelup berulang kali dalam rebusan kulit kayu pedada. Warnanya "
              "cokelat kemerahan yang makin indah setelah dicuci. Setiap helai berbeda.")


@pytest.fixture
def pictured(db):
    product = ProductFactory(title="Kain Batik Tulis Bunga Pedada", description=LONG_STORY,
                             shop=ShopFactory(name="Batik Rohana"), variants=[(450_000, 2), (275_000, 0)])
    product.images.append(ProductImage(alt_text="Kain cokelat bermotif bunga pedada", width=1600, height=1200,
                                       thumb_key="t/pedada.jpg", large_key="l/pedada.jpg"))
    db.session.commit()
    return product


def test_a_description_is_cut_after_its_last_whole_sentence():
    cut = cut_at_sentence(LONG_STORY)
    assert len(cut) <= 200 and cut.endswith("pedada.") and LONG_STORY.startswith(cut)
    assert cut_at_sentence("Pendek.\n\nDua  baris.") == "Pendek. Dua baris."
    one_long_sentence = "kain " * 60
    cut = cut_at_sentence(one_long_sentence)
    assert cut.endswith("kain…") and len(cut) <= 200


def test_a_product_s_preview_shows_its_title_shop_price_photo_and_description(client, pictured):
    head = head_of(client, f"/products/{pictured.id}")
    assert head.one("og:type") == "product"
    title = "Kain Batik Tulis Bunga Pedada dari Batik Rohana"
    assert head.one("og:title") == head.one("twitter:title") == title
    assert head.one("og:description") == head.one("description") == cut_at_sentence(LONG_STORY)
    assert head.one("og:url") == f"{SITE}/products/{pictured.id}"
    # its share image (tests/test_share_image.py), drawn when the listing was saved
    assert head.one("og:image") == head.one("twitter:image")
    assert re.fullmatch(rf"{SITE}/media/shares/[\w-]+\.jpg", head.one("og:image"))
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("og:image:alt") == "Kain cokelat bermotif bunga pedada"
    assert head.one("product:price:amount") == "275000" and head.one("product:price:currency") == "IDR"
    assert head.one("twitter:card") == "summary_large_image"
    assert (head.one("twitter:label1"), head.one("twitter:data1")) == ("Harga", "Rp 275.000")
    assert (head.one("twitter:label2"), head.one("twitter:data2")) == ("Toko", "Batik Rohana")
    assert head.one("og:site_name") == "Pasar Batik Banyuasin"
    assert head.one("og:locale") == "id_ID" and head.one("og:locale:alternate") == "en_US"


def test_the_english_preview_is_in_english(client, pictured):
    head = head_of(client, f"/products/{pictured.id}?lang=en")
    assert head.one("og:title") == "Kain Batik Tulis Bunga Pedada by Batik Rohana"
    assert head.one("og:url") == f"{SITE}/products/{pictured.id}?lang=en" and head.one("og:locale") == "en_US"


def test_preview_addresses_come_from_public_url_whatever_the_host(client, pictured):
    head = head_of(client, f"/products/{pictured.id}", Host="evil.example")
    assert head.one("og:url") == f"{SITE}/products/{pictured.id}"
    assert head.one("og:image").startswith(f"{SITE}/media/")


def test_shop_collection_and_home_pages_have_previews(client, db, pictured):
    curator = UserFactory()
    create_collection(curator, CollectionDetails(
        slug="pedada", title_id="Warna Pedada", title_en="Pedada Colours",
        description_id="Kain-kain berwarna kulit kayu pedada. " * 8,
        publish_from=datetime(2025, 1, 1, tzinfo=UTC)), [pictured.id])
    db.session.commit()
    shop = head_of(client, f"/shops/{pictured.shop.slug}")
    assert shop.one("og:title") == "Batik Rohana" and shop.one("og:type") == "profile"
    assert shop.one("og:description").startswith("Saya belajar membatik")
    collection = head_of(client, "/collections/pedada?lang=en")
    assert collection.one("og:title") == "Pedada Colours" and len(collection.one("og:description")) <= 200
    home = head_of(client, "/")
    assert home.one("og:title") == "Pasar Batik Banyuasin"
    assert home.one("og:image") == f"{SITE}/icons/icon-512.png"


def test_a_customer_gets_the_same_preview_as_a_visitor(app, client, pictured):
    """The page cache stores the page an anonymous visitor gets and serves it to customers: nothing
    in its head may depend on who asks."""
    customer = app.test_client()
    login(customer, UserFactory())
    for path in _public_pages(pictured):
        assert head_of(customer, path).meta == head_of(client, path).meta


# --- structured data ------------------------------------------------------------------------------

def json_ld(client, path: str) -> dict[str, dict]:
    """The page's JSON-LD objects by their @type."""
    found = {}
    for text in head_of(client, path).json_ld:
        data = json.loads(text)
        for item in data if isinstance(data, list) else [data]:
            assert item["@context"] == "https://schema.org"
            found[item["@type"]] = item
    return found


def test_a_product_s_structured_data_matches_the_product(client, pictured):
    product = json_ld(client, f"/products/{pictured.id}")["Product"]
    assert product["name"] == "Kain Batik Tulis Bunga Pedada"
    assert product["url"] == f"{SITE}/products/{pictured.id}"
    assert product["image"] == [f"{SITE}/media/l/pedada.jpg"]
    assert product["description"] == " ".join(LONG_STORY.split())
    assert product["brand"] == {"@type": "Brand", "name": "Batik Rohana"}
    assert "aggregateRating" not in product  # not reviewed yet
    offers = {offer["sku"]: offer for offer in product["offers"]}
    stock = {variant.sku: "https://schema.org/InStock" if variant.available else "https://schema.org/OutOfStock"
             for variant in pictured.variants}
    offered = {sku: (offer["price"], offer["priceCurrency"], offer["availability"])
               for sku, offer in offers.items()}
    assert offered == {variant.sku: (variant.price, "IDR", stock[variant.sku])
                       for variant in pictured.variants}
    for offer in offers.values():
        assert offer["@type"] == "Offer" and offer["url"] == product["url"]
        assert offer["seller"] == {"@type": "Organization", "name": "Batik Rohana",
                                   "url": f"{SITE}/shops/{pictured.shop.slug}"}


def test_a_sold_out_cloth_made_to_order_is_offered_as_made_to_order(client, db):
    product = ProductFactory(made_to_order=True, production_days=14, variants=[(300_000, 0)])
    offer = json_ld(client, f"/products/{product.id}")["Product"]["offers"][0]
    assert offer["availability"] == "https://schema.org/MadeToOrder"


def test_a_reviewed_product_carries_its_rating(client, db):
    login(client, UserFactory(name="Dewi"))
    product = ProductFactory(variants=[(250_000, 3)])
    add(client, product.variants[0], 1)
    place(client)
    payment_actions.confirm_transfer(db.session.scalar(select(Payment)), UserFactory(roles=[Role.ADMIN]))
    db.session.commit()
    order = db.session.scalar(select(Order))
    deliver(order)
    review(client, order, rating="4")
    rating = json_ld(client, f"/products/{product.id}")["Product"]["aggregateRating"]
    assert rating == {"@type": "AggregateRating", "ratingValue": 4.0, "reviewCount": 1,
                      "bestRating": 5, "worstRating": 1}


def test_a_product_page_leads_back_through_its_shop_to_the_home_page(client, pictured):
    trail = json_ld(client, f"/products/{pictured.id}")["BreadcrumbList"]["itemListElement"]
    assert [(step["position"], step["name"], step["item"]) for step in trail] == [
        (1, "Beranda", f"{SITE}/"), (2, "Batik Rohana", f"{SITE}/shops/{pictured.shop.slug}"),
        (3, pictured.title, f"{SITE}/products/{pictured.id}")]


def test_a_title_cannot_close_the_script_that_holds_it(client, db):
    product = ProductFactory(title="Kain </script><script>alert(1)</script>")
    html = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert "</script><script>alert(1)" not in html
    assert json_ld(client, f"/products/{product.id}")["Product"]["name"] == product.title


def test_the_home_page_describes_the_agency_and_its_search(client, db):
    found = json_ld(client, "/")
    organisation = found["Organization"]
    assert (organisation["name"], organisation["url"]) == ("Pasar Batik Banyuasin", f"{SITE}/")
    assert organisation["logo"] == f"{SITE}/icons/icon-512.png"
    action = found["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE}/products?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"


# --- share links ----------------------------------------------------------------------------------

def share_links(client, path: str) -> dict[str, str]:
    """The page's share links; those that go through the site to be counted (tests/test_reach.py),
    where they lead."""
    html = client.get(path).get_data(as_text=True)
    start = html.index('<section class="share"')
    section = html[start:html.index("</section>", start)]
    links = dict(re.findall(r'<a class="button ([\w-]+)[^"]*" href="([^"]+)"', section))
    return {name: client.get(unescape(href)).headers["Location"] if href.startswith("/share/") else href
            for name, href in links.items()}


def test_a_product_is_shared_on_whatsapp_with_its_name_shop_and_link(client, pictured):
    links = share_links(client, f"/products/{pictured.id}")
    address = f"{SITE}/products/{pictured.id}"
    assert links["whatsapp"].startswith(WHATSAPP_SHARE)
    message = unquote(links["whatsapp"].removeprefix(WHATSAPP_SHARE).replace("&amp;", "&"))
    assert message == f"Kain Batik Tulis Bunga Pedada dari Batik Rohana, di Pasar Batik Banyuasin: {address}"
    assert links["facebook"] == FACEBOOK_SHARER + quote(address, safe="")
    assert links["share-copy"] == address


def test_a_shop_is_shared_with_its_own_address(client, pictured):
    links = share_links(client, f"/shops/{pictured.shop.slug}?lang=en")
    address = f"{SITE}/shops/{pictured.shop.slug}?lang=en"
    assert unquote(links["whatsapp"].removeprefix(WHATSAPP_SHARE)) == (
        f"Batik Rohana, on the Banyuasin Batik Market: {address}")
    assert links["share-copy"] == address.replace("&", "&amp;")


def test_share_links_are_labelled_in_both_languages_and_use_no_third_party_script(client, pictured):
    indonesian = client.get(f"/products/{pictured.id}").get_data(as_text=True)
    english = client.get(f"/products/{pictured.id}?lang=en").get_data(as_text=True)
    assert "Bagikan lewat WhatsApp" in indonesian and "Salin tautan" in indonesian
    assert "Share on WhatsApp" in english and "Copy link" in english
    assert re.findall(r'<script[^>]* src="([^"]+)"', indonesian) == ["/static/js/share.js"]
    with client.get("/static/js/share.js") as script:
        assert script.status_code == 200 and "navigator.share" in script.get_data(as_text=True)


def test_share_links_come_from_public_url_whatever_the_host(client, pictured):
    links = share_links(client, f"/products/{pictured.id}")
    evil = client.get(f"/products/{pictured.id}", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in evil and links["share-copy"].startswith(SITE)


def test_a_listing_that_is_not_public_offers_no_share_links(app, db):
    product = ProductFactory(status=ProductStatus.DRAFT)
    client = app.test_client()
    login(client, product.shop.owner)
    assert 'class="share"' not in client.get(f"/products/{product.id}").get_data(as_text=True)


@pytest.mark.browser
def test_on_a_phone_the_share_links_fit_are_easy_to_tap_and_copy_the_link(clipboard_phone, pictured):
    for path in (f"/products/{pictured.id}", f"/shops/{pictured.shop.slug}"):
        clipboard_phone.goto(path)
        assert clipboard_phone.evaluate("document.documentElement.scrollWidth") <= 360
        section = clipboard_phone.locator("section.share")
        for name in ("Bagikan lewat WhatsApp", "Bagikan di Facebook", "Salin tautan"):
            box = section.get_by_role("link", name=name).bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, (path, name, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (path, name, box)
        # the share sheet's button shows only where the browser has one
        has_share_sheet = clipboard_phone.evaluate("'share' in navigator")
        assert section.locator(".share-native").is_visible() == has_share_sheet
    section.get_by_role("link", name="Salin tautan").click()
    expect(section.get_by_role("status")).to_have_text("Tautan disalin")
    assert clipboard_phone.evaluate("navigator.clipboard.readText()") == f"{SITE}/shops/{pictured.shop.slug}"
    assert clipboard_phone.url.endswith(f"/shops/{pictured.shop.slug}")  # copied, not followed
