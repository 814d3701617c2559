import pytest

from marketplace.auth.models import Role
from marketplace.products.models import DyeType, ProductStatus, Technique
from marketplace.shops.models import ShopState
from tests.api_support import Api, error_of
from tests.factories import ProductFactory, ShopFactory, UserFactory


@pytest.fixture
def catalog(db):
    shop = ShopFactory(name="Batik Sungsang")
    products = [
        ProductFactory(shop=shop, title="Kain Jumputan Pelangi", technique=Technique.JUMPUTAN,
                       variants=[(150_000, 2)]),
        ProductFactory(shop=shop, title="Batik Tulis Pedada", dye_type=DyeType.NATURAL,
                       variants=[(900_000, 0)]),
        ProductFactory(title="Batik Cap Songket", technique=Technique.BATIK_CAP, variants=[(250_000, 4)]),
    ]
    hidden = [ProductFactory(shop=shop, title="Draf Rahasia", status=ProductStatus.DRAFT),
              ProductFactory(title="Toko Belum Diverifikasi", shop=ShopFactory(state=ShopState.PENDING))]
    return shop, products, hidden


def test_products_are_listed_in_a_page_with_its_counts(client, catalog):
    body = client.get("/api/v1/products?per_page=2").get_json()
    assert set(body) == {"items", "page", "per_page", "total", "more", "sort"}
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (1, 2, 3, 2)
    assert (body["more"], body["sort"]) == (False, "newest")
    card = body["items"][0]
    assert card["currency"] == "IDR" and isinstance(card["min_price"], int)
    assert client.get("/api/v1/products?page=2&per_page=2").get_json()["items"][0]["id"] not in (
        item["id"] for item in body["items"])


@pytest.mark.parametrize(("query", "titles"), [
    ("technique=jumputan", {"Kain Jumputan Pelangi"}),
    ("shop=batik-sungsang", {"Kain Jumputan Pelangi", "Batik Tulis Pedada"}),
    ("in_stock=true", {"Kain Jumputan Pelangi", "Batik Cap Songket"}),
    ("min_price=200000&max_price=300000", {"Batik Cap Songket"}),
    ("q=pelangi", {"Kain Jumputan Pelangi"}),
    ("sort=price_desc&per_page=1", {"Batik Tulis Pedada"}),
])
def test_products_are_filtered_as_on_the_catalog_page(client, catalog, query, titles):
    body = client.get(f"/api/v1/products?{query}").get_json()
    assert {item["title"] for item in body["items"]} == titles


@pytest.mark.parametrize(("query", "field"), [
    ("per_page=101", "per_page"), ("page=0", "page"), ("technique=sablon", "technique"),
    ("min_price=murah", "min_price"), ("in_stock=1", "in_stock"), ("sort=acak", "sort"),
    ("max_price=99999999999999999999999", "max_price"), ("shop=../etc", "shop"),
])
def test_invalid_filters_are_422_naming_the_parameter(client, catalog, query, field):
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 422
    assert field in error_of(response)["details"]


def test_a_broad_search_says_its_count_stopped_and_that_it_came_newest_first(client, catalog, monkeypatch):
    from marketplace.products import catalog as catalog_module

    narrow = client.get("/api/v1/products?q=batik").get_json()
    assert (narrow["total"], narrow["more"], narrow["sort"]) == (3, False, "relevance")
    monkeypatch.setattr(catalog_module, "COUNT_LIMIT", 1)
    broad = client.get("/api/v1/products?q=batik&per_page=1").get_json()
    assert (broad["total"], broad["more"], broad["sort"]) == (1, True, "newest")
    assert [item["title"] for item in broad["items"]] == ["Batik Cap Songket"]


def test_a_product_shows_its_shop_images_variants_and_provenance(client, catalog):
    product = catalog[1][0]
    body = client.get(f"/api/v1/products/{product.id}").get_json()
    assert body["shop"] == {"slug": "batik-sungsang", "name": "Batik Sungsang"}
    assert body["variants"][0] == {"id": product.variants[0].id, "sku": product.variants[0].sku,
                                   "name": product.variants[0].name, "price": 150_000, "currency": "IDR",
                                   "stock": 2}
    assert body["provenance"]["kecamatan"] == "Banyuasin II" and body["images"] == []
    assert "stock_reserved" not in body["variants"][0]


@pytest.mark.parametrize("path", ["/api/v1/products/999999", "/api/v1/products/99999999999999999999",
                                  "/api/v1/products/-1", "/api/v1/products/abc"])
def test_unknown_products_are_404(client, catalog, path):
    response = client.get(path)
    assert response.status_code == 404
    error_of(response)


def test_a_draft_is_hidden_from_others_but_shown_to_its_owner(client, catalog):
    shop, _products, (draft, _pending) = catalog
    assert client.get(f"/api/v1/products/{draft.id}").status_code == 404
    assert Api(client, UserFactory()).get(f"/products/{draft.id}").status_code == 404
    assert Api(client, shop.owner).get(f"/products/{draft.id}").status_code == 200


def test_only_verified_shops_are_listed(client, catalog):
    body = client.get("/api/v1/shops").get_json()
    assert body["total"] == 2 and {item["slug"] for item in body["items"]} >= {"batik-sungsang"}
    assert next(item for item in body["items"] if item["slug"] == "batik-sungsang")["listings"] == 2


def test_a_pending_shop_is_seen_only_by_its_owner_and_the_agency(client, catalog):
    pending = catalog[2][1].shop
    assert client.get(f"/api/v1/shops/{pending.slug}").status_code == 404
    assert Api(client, UserFactory()).get(f"/shops/{pending.slug}").status_code == 404
    assert Api(client, pending.owner).get(f"/shops/{pending.slug}").status_code == 200
    assert Api(client, UserFactory(roles=[Role.CURATOR])).get(f"/shops/{pending.slug}").status_code == 200


def test_a_shop_answers_its_details(client, catalog):
    body = client.get("/api/v1/shops/batik-sungsang").get_json()
    assert body["name"] == "Batik Sungsang" and body["state"] == "verified" and body["currency"] == "IDR"


@pytest.mark.parametrize("slug", ["tidak-ada", "BATIK", "a%00b", "x" * 200])
def test_unknown_shops_are_404(client, catalog, slug):
    assert client.get(f"/api/v1/shops/{slug}").status_code == 404


def test_unknown_paths_and_methods_answer_json_errors(client, db):
    assert error_of(client.get("/api/v1/nothing-here"))["code"] == "not_found"
    response = client.put("/api/v1/products")
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"


def test_the_openapi_document_describes_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(method.upper(), path) for path, operations in spec["paths"].items()
                  for method in operations if method != "parameters"}
    routes = {(method, rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}"))
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              and rule.endpoint not in ("api.index", "api.openapi")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routes
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_docs_page_lists_the_routes_without_outside_scripts(client, db):
    page = client.get("/api/docs").get_data(as_text=True)
    assert "POST /api/v1/checkout" in page and "Idempotency-Key" in page
    assert "<script src=\"http" not in page and "cdn" not in page.lower()
