"""Product feeds for Google Merchant Center (RSS 2.0 with the g: namespace) and Meta Commerce
Manager (CSV): every public listing with a photo, none other, with absolute addresses on PUBLIC_URL,
written out a page of listings at a time."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from marketplace.products.models import ProductImage, ProductStatus
from marketplace.sharing import queries, routes
from marketplace.sharing.feeds import META_COLUMNS
from marketplace.shops.models import ShopState
from marketplace.web import localtime
from tests.factories import ProductFactory, ShopFactory
from tests.test_sharing import SITE

G = "{http://base.google.com/ns/1.0}"
GOOGLE_FIELDS = ("id", "title", "description", "link", "image_link", "availability", "price", "brand",
                 "condition")


def with_photo(product, db, key="products/kain-kain-kain-kain-kain.jpg"):
    product.images.append(ProductImage(alt_text="Kain", thumb_key=key, large_key=key, width=1600,
                                       height=1200))
    db.session.commit()
    return product


@pytest.fixture
def catalogue(db):
    """Listings in every state a feed must tell apart, by what each should be in the feeds."""
    suspended = ShopFactory(state=ShopState.SUSPENDED)
    pending = ShopFactory(state=ShopState.PENDING)
    listings = {
        "in stock": ProductFactory(title="Kain Batik Tulis Pedada", variants=[(350_000, 2), (500_000, 0)]),
        "sold out": ProductFactory(variants=[(275_000, 0)]),
        "made to order": ProductFactory(variants=[(1_250_000, 0)], made_to_order=True, production_days=21),
        "draft": ProductFactory(status=ProductStatus.DRAFT),
        "archived": ProductFactory(status=ProductStatus.ARCHIVED),
        "hidden": ProductFactory(hidden=True, hidden_reason="Foto tidak sesuai"),
        "suspended shop": ProductFactory(shop=suspended),
        "shop awaiting verification": ProductFactory(shop=pending),
    }
    for product in listings.values():
        with_photo(product, db)
    listings["no photo"] = ProductFactory()
    return listings


PUBLIC = ("in stock", "sold out", "made to order")


def google_items(client, **headers) -> dict[str, dict[str, str]]:
    response = client.get("/feeds/google.xml", headers=headers, buffered=True)
    assert response.status_code == 200 and response.mimetype == "application/xml"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    root = ET.fromstring(response.get_data())
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Pasar Batik Banyuasin" and channel.findtext("link") == f"{SITE}/"
    items = {}
    for item in channel.findall("item"):
        fields = {child.tag.removeprefix(G): child.text for child in item}
        assert all(fields.get(name) for name in GOOGLE_FIELDS), fields
        items[fields["id"]] = fields
    return items


def meta_items(client) -> dict[str, dict[str, str]]:
    response = client.get("/feeds/meta.csv", buffered=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    reader = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    assert tuple(reader.fieldnames) == META_COLUMNS
    rows = list(reader)
    assert all(all(row[name] for name in META_COLUMNS) for row in rows)
    return {row["id"]: row for row in rows}


def ids(catalogue, names) -> set[str]:
    return {str(catalogue[name].id) for name in names}


def test_the_google_feed_lists_exactly_the_public_listings_with_a_photo(client, catalogue):
    assert set(google_items(client)) == ids(catalogue, PUBLIC)


def test_the_meta_feed_lists_exactly_the_public_listings_with_a_photo(client, catalogue):
    assert set(meta_items(client)) == ids(catalogue, PUBLIC)


def test_a_google_item_describes_the_listing(client, catalogue):
    product = catalogue["in stock"]
    item = google_items(client)[str(product.id)]
    assert item == {
        "id": str(product.id), "title": "Kain Batik Tulis Pedada", "description": product.description,
        "link": f"{SITE}/products/{product.id}",
        "image_link": f"{SITE}/media/products/kain-kain-kain-kain-kain.jpg",
        "availability": "in_stock", "price": "350000 IDR", "brand": product.shop.name, "condition": "new",
        "identifier_exists": "no"}


def test_a_meta_row_describes_the_listing(client, catalogue):
    product = catalogue["in stock"]
    assert meta_items(client)[str(product.id)] == {
        "id": str(product.id), "title": "Kain Batik Tulis Pedada", "description": product.description,
        "availability": "in stock", "condition": "new", "price": "350000 IDR",
        "link": f"{SITE}/products/{product.id}",
        "image_link": f"{SITE}/media/products/kain-kain-kain-kain-kain.jpg", "brand": product.shop.name}


def test_sold_out_cloth_is_out_of_stock_and_made_to_order_cloth_can_be_ordered(client, catalogue):
    google, meta = google_items(client), meta_items(client)
    sold_out, made = str(catalogue["sold out"].id), str(catalogue["made to order"].id)
    assert google[sold_out]["availability"] == "out_of_stock"
    assert meta[sold_out]["availability"] == "out of stock"
    assert (google[made]["availability"], meta[made]["availability"]) == ("backorder", "available for order")
    ready = localtime.today() + timedelta(days=21)
    assert google[made]["availability_date"] == f"{ready.isoformat()}T00:00+07:00"
    assert "availability_date" not in google[sold_out]


def test_feed_addresses_come_from_public_url_whatever_the_host(client, catalogue):
    for item in google_items(client, Host="evil.example").values():
        assert item["link"].startswith(f"{SITE}/") and item["image_link"].startswith(f"{SITE}/media/")


def test_titles_and_descriptions_that_look_like_markup_stay_text(client, db):
    product = with_photo(ProductFactory(title='Kain <b>"Pedada"</b> & Jumputan',
                                        description="Baris satu,\nbaris\x0b dua; harga = 3,5 juta"), db)
    item = google_items(client)[str(product.id)]
    assert item["title"] == 'Kain <b>"Pedada"</b> & Jumputan'
    assert item["description"] == "Baris satu, baris dua; harga = 3,5 juta"
    row = meta_items(client)[str(product.id)]
    assert (row["title"], row["description"]) == (item["title"], item["description"])


def test_the_feeds_read_the_catalogue_a_page_at_a_time_and_miss_none(client, db, monkeypatch, catalogue):
    monkeypatch.setattr(queries, "FEED_PAGE", 2)
    more = [with_photo(ProductFactory(), db) for _ in range(4)]
    expected = ids(catalogue, PUBLIC) | {str(product.id) for product in more}
    google = list(google_items(client))
    assert set(google) == expected and google == sorted(google, key=int)
    assert set(meta_items(client)) == expected


@pytest.mark.parametrize("view", [routes.google_feed, routes.meta_feed])
def test_the_feeds_are_streamed_rather_than_built_whole(app, db, view):
    with app.test_request_context():
        response = view()
        assert response.is_streamed and not isinstance(response.response, list | tuple)
        response.close()


def test_an_empty_catalogue_gives_feeds_with_no_items(client, db):
    assert google_items(client) == {}
    assert meta_items(client) == {}
