"""What search engines read: robots.txt, the sitemap index and its paged sitemaps."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from marketplace.curation.collections import CollectionDetails, create_collection
from marketplace.products.models import ProductStatus
from marketplace.sharing import queries
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import counted_queries

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://127.0.0.1:5000"


def get(client, path: str, **headers):
    """A streamed answer, read whole inside the request (the test client's own context ends there)."""
    return client.get(path, headers=headers, buffered=True)


def parse(response, root: str) -> ET.Element:
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    document = ET.fromstring(response.get_data())
    assert document.tag == f"{{{NS['sm']}}}{root}"
    return document


def sitemap_addresses(client, **headers) -> list[str]:
    """Every sitemap the index lists, each checked to be under PUBLIC_URL."""
    index = parse(get(client, "/sitemap.xml", **headers), "sitemapindex")
    addresses = [entry.findtext("sm:loc", namespaces=NS) for entry in index.findall("sm:sitemap", NS)]
    assert all(address.startswith(f"{SITE}/sitemaps/") for address in addresses)
    return addresses


def pages_listed(client, kind: str, **headers) -> dict[str, str | None]:
    """loc -> lastmod of every page in the sitemaps of `kind`."""
    listed = {}
    for address in sitemap_addresses(client, **headers):
        if f"/sitemaps/{kind}-" in address:
            urlset = parse(get(client, address.removeprefix(SITE), **headers), "urlset")
            for entry in urlset.findall("sm:url", NS):
                listed[entry.findtext("sm:loc", namespaces=NS)] = entry.findtext("sm:lastmod", namespaces=NS)
    return listed


@pytest.fixture
def catalogue(db):
    """One public listing, and one of each kind that must stay out of the sitemaps."""
    public = ProductFactory(title="Kain Publik")
    ProductFactory(shop=public.shop, status=ProductStatus.DRAFT)
    ProductFactory(shop=public.shop, status=ProductStatus.ARCHIVED)
    ProductFactory(shop=public.shop, hidden=True, hidden_reason="Foto bukan milik perajin")
    ProductFactory(shop=ShopFactory(state=ShopState.SUSPENDED))
    ProductFactory(shop=ShopFactory(state=ShopState.PENDING))
    return public


def test_robots_keeps_search_engines_out_of_private_areas_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt", headers={"Host": "evil.example"})
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    for area in ("/admin", "/dashboard", "/orders", "/account", "/cart", "/checkout", "/api"):
        assert f"Disallow: {area}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


def test_the_sitemaps_list_exactly_the_public_products(client, catalogue):
    listed = pages_listed(client, "products")
    assert list(listed) == [f"{SITE}/products/{catalogue.id}"]


def test_a_product_s_lastmod_is_when_its_listing_last_changed(client, db, catalogue):
    catalogue.updated_at = datetime(2026, 11, 30, 3, 4, 5)
    db.session.commit()
    listed = pages_listed(client, "products")
    assert listed == {f"{SITE}/products/{catalogue.id}": "2026-11-30T03:04:05+00:00"}


def test_the_sitemaps_list_verified_shops_dated_by_their_last_verification(client, db, catalogue):
    catalogue.shop.state_changed_at = datetime(2026, 10, 1, 9, 0, 0)
    never_decided = ShopFactory(name="Toko Lama", created_at=datetime(2026, 9, 1, 8, 0, 0))
    db.session.commit()
    assert pages_listed(client, "shops") == {
        f"{SITE}/shops/{catalogue.shop.slug}": "2026-10-01T09:00:00+00:00",
        f"{SITE}/shops/{never_decided.slug}": "2026-09-01T08:00:00+00:00"}


def test_the_sitemaps_list_only_collections_published_now(client, db):
    curator = UserFactory()
    now = datetime.now(UTC)
    windows = {"terbit": now - timedelta(days=1), "nanti": now + timedelta(days=1), "draf": None}
    for slug, start in windows.items():
        create_collection(curator, CollectionDetails(slug=slug, title_id=slug, description_id="Koleksi.",
                                                     publish_from=start), [ProductFactory().id])
    db.session.commit()
    assert list(pages_listed(client, "collections")) == [f"{SITE}/collections/terbit"]


def test_every_address_comes_from_public_url_whatever_the_host(client, catalogue):
    listed = pages_listed(client, "products", Host="evil.example")
    assert list(listed) == [f"{SITE}/products/{catalogue.id}"]


def test_products_are_split_into_sitemaps_by_ranges_of_ids(client, db, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    shop = ShopFactory()
    products = [ProductFactory(shop=shop) for _ in range(5)]
    products[2].status = ProductStatus.DRAFT
    db.session.commit()
    highest = max(product.id for product in products)
    assert [address for address in sitemap_addresses(client) if "/products-" in address] == [
        f"{SITE}/sitemaps/products-{number}.xml" for number in range(1, (highest + 1) // 2 + 1)]
    listed = pages_listed(client, "products")
    assert sorted(listed) == sorted(f"{SITE}/products/{product.id}" for product in products
                                    if product is not products[2])


def test_the_index_reads_only_the_highest_id_of_each_kind(client, db):
    ProductFactory()
    with counted_queries() as statements:
        get(client, "/sitemap.xml")
    assert len(statements) == len(queries.KINDS) and all("max(" in statement for statement in statements)


def test_a_sitemap_is_one_query_however_many_pages_it_lists(client, db):
    shop = ShopFactory()
    for _ in range(30):
        ProductFactory(shop=shop)
    with counted_queries() as statements:
        response = get(client, "/sitemaps/products-1.xml")
        assert len(ET.fromstring(response.get_data()).findall("sm:url", NS)) == 30
    assert [statement.lstrip()[:6].upper() for statement in statements] == ["SELECT"]


@pytest.mark.parametrize("path", ["/sitemaps/orders-1.xml", "/sitemaps/products-0.xml",
                                  "/sitemaps/products-x.xml", "/sitemaps/products.xml"])
def test_a_sitemap_that_does_not_exist_is_a_404(client, db, path):
    assert get(client, path).status_code == 404


def test_a_range_with_nothing_public_is_an_empty_sitemap(client, db):
    urlset = parse(get(client, "/sitemaps/products-99.xml"), "urlset")
    assert urlset.findall("sm:url", NS) == []
