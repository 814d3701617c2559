import pytest
from sqlalchemy import select

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.products.models import Product, ProductStatus, Variant
from marketplace.shops.models import Shop, ShopState
from tests.api_support import Api, error_of
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, post_form
from tests.test_listings import listing

APPLICATION = {"name": "Jumputan Betung", "kecamatan": "Betung", "village": "Rimba Asam",
               "whatsapp": "0812-7345-6789",
               "story": "Saya belajar jumputan dari nenek saya dan ikut pelatihan Dekranasda tahun 2024."}
LISTING = {"title": "Kain Jumputan Pelangi", "description": "Kain katun diikat dan dicelup tiga warna.",
           "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol", "fabric": "katun_prima",
           "motif_name": "Pelangi", "weight_grams": 250,
           "variants": [{"sku": "JP-1", "name": "Kain 2 m", "price": 180_000, "stock": 4}]}


def test_applying_opens_a_pending_shop_and_makes_the_user_an_artisan(client, db):
    user = UserFactory()
    api = Api(client, user)
    response = api.post("/shops", json=APPLICATION)
    assert response.status_code == 201
    body = response.get_json()
    assert (body["slug"], body["state"], body["whatsapp"]) == ("jumputan-betung", "pending", "6281273456789")
    assert "artisan" in api.get("/me").get_json()["roles"]
    assert api.post("/shops", json={**APPLICATION, "name": "Toko Kedua"}).status_code == 409


@pytest.mark.parametrize(("changes", "field"), [
    ({"kecamatan": "Bandung"}, "kecamatan"), ({"story": "pendek"}, "story"),
    ({"whatsapp": "12"}, "whatsapp"), ({"nib": "123"}, "nib"), ({"cohort_id": 999}, "cohort_id"),
    ({"name": "Batik Sungsang"}, "name"), ({"whatsapp": "021 1234 5678"}, "whatsapp"),
])
def test_an_invalid_application_names_the_field(client, db, changes, field):
    ShopFactory(name="Batik Sungsang")
    response = Api(client, UserFactory()).post("/shops", json={**APPLICATION, **changes})
    assert response.status_code == 422
    assert field in error_of(response)["details"]


def test_the_owner_edits_the_shop_and_its_settings(client, db):
    shop = ShopFactory(name="Batik Sungsang")
    response = Api(client, shop.owner).patch(f"/shops/{shop.slug}",
                                             json={"story": "Cerita baru " * 5, "allows_cod": True})
    assert response.status_code == 200
    body = response.get_json()
    assert body["allows_cod"] is True and body["name"] == "Batik Sungsang" and body["slug"] == shop.slug


def test_someone_else_cannot_edit_a_shop(client, db):
    shop = ShopFactory()
    stranger = Api(client, UserFactory())
    assert stranger.patch(f"/shops/{shop.slug}", json={"allows_cod": True}).status_code == 403
    assert Api(client).patch(f"/shops/{shop.slug}", json={"allows_cod": True}).status_code == 401


def test_the_owner_creates_a_draft_listing(client, db):
    shop = ShopFactory()
    response = Api(client, shop.owner).post(f"/shops/{shop.slug}/products", json=LISTING)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "draft" and body["variants"][0]["stock_on_hand"] == 4


@pytest.mark.parametrize(("changes", "field"), [
    ({"technique": "sablon"}, "technique"), ({"weight_grams": 0}, "weight_grams"),
    ({"weight_grams": "250"}, "weight_grams"), ({"made_to_order": "ya"}, "made_to_order"),
    ({"made_to_order": True}, "production_days"), ({"variants": []}, "variants"),
    ({"variants": [{"sku": "JP 1", "name": "x", "price": 500, "stock": -1}]}, "variants"),
    ({"title": "Kain"}, "title"), ({"title": "\u0000Kain jumputan"}, "title"), ({"warna": "merah"}, "warna"),
    ({"weight_grams": 10**40}, "weight_grams"),
])
def test_an_invalid_listing_names_the_field(client, db, changes, field):
    shop = ShopFactory()
    response = Api(client, shop.owner).post(f"/shops/{shop.slug}/products", json={**LISTING, **changes})
    assert response.status_code == 422, response.get_json()
    assert field in error_of(response)["details"]


def test_a_variant_error_names_the_row_and_field(client, db):
    shop = ShopFactory()
    rows = [LISTING["variants"][0], {"sku": "JP-2", "name": "Kain 3 m", "price": 999, "stock": 1}]
    owner = Api(client, shop.owner)
    response = owner.post(f"/shops/{shop.slug}/products", json={**LISTING, "variants": rows})
    assert error_of(response)["details"] == {"variants": {"1": {"price": [
        "Must be greater than or equal to 1000 and less than or equal to 100000000."]}}}


def test_a_sku_used_twice_in_the_shop_is_refused(client, db):
    product = ProductFactory()
    taken = {**LISTING["variants"][0], "sku": product.variants[0].sku}
    response = Api(client, product.shop.owner).post(f"/shops/{product.shop.slug}/products",
                                                    json={**LISTING, "variants": [taken]})
    assert response.status_code == 422 and "variants" in error_of(response)["details"]


def test_someone_else_cannot_list_in_a_shop(client, db):
    shop = ShopFactory()
    assert Api(client, UserFactory()).post(f"/shops/{shop.slug}/products", json=LISTING).status_code == 403


def test_a_curator_prepares_a_listing_that_only_a_consenting_shop_lets_them_publish(client, db):
    curator = UserFactory(roles=[Role.CURATOR])
    refusing, consenting = ShopFactory(), ShopFactory(curator_publish_consent=True)
    api = Api(client, curator)
    prepared = {}
    for shop in (refusing, consenting):
        response = api.post(f"/shops/{shop.slug}/products", json=LISTING)
        assert response.status_code == 201 and response.get_json()["status"] == "draft"
        prepared[shop.slug] = response.get_json()["id"]
        assert _db.session.get(Product, prepared[shop.slug]).prepared_by_id == curator.id
    refused = api.patch(f"/products/{prepared[refusing.slug]}", json={"status": "active"})
    assert refused.status_code == 409 and error_of(refused)["code"] == "publish_needs_consent"
    assert api.patch(f"/products/{prepared[consenting.slug]}", json={"status": "active"}).status_code == 200


def test_the_owner_edits_and_publishes_a_listing(client, db):
    product = ProductFactory(status=ProductStatus.DRAFT)
    api = Api(client, product.shop.owner)
    response = api.patch(f"/products/{product.id}", json={"title": "Judul Baru Sekali", "status": "active"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["title"], body["status"], len(body["variants"])) == ("Judul Baru Sekali", "active", 1)


def test_editing_variants_keeps_the_ones_named_by_id(client, db):
    product = ProductFactory()
    kept = product.variants[0]
    rows = [{"id": kept.id, "sku": kept.sku, "name": "Kain 2,5 m", "price": 400_000, "stock": 6},
            {"sku": "BARU-1", "name": "Selendang", "price": 120_000, "stock": 2}]
    owner = Api(client, product.shop.owner)
    body = owner.patch(f"/products/{product.id}", json={"variants": rows}).get_json()
    assert [variant["id"] == kept.id for variant in body["variants"]] == [True, False]


def test_another_shops_listing_is_403_when_public_and_404_when_not(client, db):
    public, draft = ProductFactory(), ProductFactory(status=ProductStatus.DRAFT)
    api = Api(client, UserFactory())
    assert api.patch(f"/products/{public.id}", json={"title": "Punya Orang Lain"}).status_code == 403
    assert api.patch(f"/products/{draft.id}", json={"title": "Punya Orang Lain"}).status_code == 404
    assert api.delete(f"/products/{public.id}").status_code == 403


def test_deleting_a_listing_archives_it(client, db):
    product = ProductFactory()
    api = Api(client, product.shop.owner)
    assert api.delete(f"/products/{product.id}").status_code == 204
    assert api.delete(f"/products/{product.id}").status_code == 204
    _db.session.expire_all()
    assert _db.session.get(Product, product.id).status == ProductStatus.ARCHIVED
    assert client.get(f"/api/v1/products/{product.id}").status_code == 404


def test_an_unknown_status_is_422(client, db):
    product = ProductFactory()
    api = Api(client, product.shop.owner)
    assert api.patch(f"/products/{product.id}", json={"status": "sold"}).status_code == 422


def test_the_owner_sets_price_and_stock_of_a_variant(client, db):
    product = ProductFactory()
    variant = product.variants[0]
    response = Api(client, product.shop.owner).patch(f"/variants/{variant.id}", json={"stock": 9})
    assert response.status_code == 200
    assert (response.get_json()["stock_on_hand"], response.get_json()["price"]) == (9, 350_000)


def test_stock_cannot_drop_below_what_unpaid_orders_hold(client, db):
    product = ProductFactory()
    variant = _db.session.get(Variant, product.variants[0].id)
    variant.stock_reserved = 3
    _db.session.commit()
    response = Api(client, product.shop.owner).patch(f"/variants/{variant.id}", json={"stock": 2})
    assert response.status_code == 422 and "stock" in error_of(response)["details"]


def test_another_users_variant_is_404(client, db):
    variant = ProductFactory().variants[0]
    assert Api(client, UserFactory()).patch(f"/variants/{variant.id}", json={"stock": 1}).status_code == 404


def test_a_pending_shop_owner_can_prepare_listings(client, db):
    shop = ShopFactory(state=ShopState.PENDING)
    assert Api(client, shop.owner).post(f"/shops/{shop.slug}/products", json=LISTING).status_code == 201
    assert _db.session.scalar(select(Shop)).state == ShopState.PENDING


def test_a_new_variant_may_take_the_sku_of_one_removed_in_the_same_edit(client, db):
    product = ProductFactory(variants=[(350_000, 5), (400_000, 2)])
    first = product.variants[0]
    rows = [{"sku": first.sku, "name": "Kain baru", "price": 200_000, "stock": 1}]
    response = Api(client, product.shop.owner).patch(f"/products/{product.id}", json={"variants": rows})
    assert response.status_code == 200
    assert [variant["sku"] for variant in response.get_json()["variants"]] == [first.sku]


def test_two_variants_may_swap_skus(client, db):
    product = ProductFactory(variants=[(350_000, 5), (400_000, 2)])
    first, second = product.variants
    rows = [{"id": first.id, "sku": second.sku, "name": "A", "price": 350_000, "stock": 5},
            {"id": second.id, "sku": first.sku, "name": "B", "price": 400_000, "stock": 2}]
    owner = Api(client, product.shop.owner)
    body = owner.patch(f"/products/{product.id}", json={"variants": rows}).get_json()
    assert [(variant["id"], variant["sku"]) for variant in body["variants"]] == [
        (first.id, second.sku), (second.id, first.sku)]


def test_an_ordered_variant_cannot_be_removed(client, db):
    product = ProductFactory(variants=[(350_000, 5), (400_000, 2)])
    first, second = product.variants
    buyer = Api(client, UserFactory())
    buyer.post("/cart/items", json={"variant_id": second.id})
    assert buyer.checkout().status_code == 201
    rows = [{"id": first.id, "sku": first.sku, "name": "A", "price": 350_000, "stock": 5}]
    response = Api(client, product.shop.owner).patch(f"/products/{product.id}", json={"variants": rows})
    assert response.status_code == 409
    assert second.sku in error_of(response)["details"]["variants"][0]
    assert len(_db.session.get(Product, product.id).variants) == 2


def test_the_dashboard_also_keeps_an_ordered_variant_and_says_why(client, db):
    product = ProductFactory(variants=[(350_000, 5), (400_000, 2)])
    first, second = product.variants
    buyer = Api(client, UserFactory())
    buyer.post("/cart/items", json={"variant_id": second.id})
    buyer.checkout()
    login(client, product.shop.owner)
    response = post_form(client, f"/dashboard/products/{product.id}/edit", listing(**{
        "variants-0-id": str(first.id), "variants-0-sku": first.sku,
        "variants-1-id": str(second.id), "variants-1-sku": second.sku, "variants-1-name": "Selendang",
        "variants-1-price": "400000", "variants-1-stock": "2", "variants-1-remove": "y"}))
    assert response.status_code == 200
    assert f"Varian {second.sku} sudah pernah dipesan" in response.get_data(as_text=True)
    assert len(_db.session.get(Product, product.id).variants) == 2
