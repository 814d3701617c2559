"""The agency's curation through the API: shop decisions, the featured list, and the published
collections anyone may read. The same services as the agency's pages, so the same audit entries."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role
from marketplace.curation.collections import CollectionDetails, create_collection
from marketplace.extensions import db as _db
from marketplace.products.models import ProductStatus
from marketplace.shops.models import ShopState
from marketplace.web.mail import outbox
from tests.api_support import Api, error_of
from tests.factories import ProductFactory, ShopFactory, UserFactory


@pytest.fixture
def curator(client, db):
    return Api(client, UserFactory(roles=[Role.CURATOR], name="Kurator Rahma"))


def test_a_curator_verifies_a_pending_shop_and_the_artisan_is_told(curator, client):
    shop = ShopFactory(state=ShopState.PENDING, name="Batik Sungsang")
    _db.session.commit()
    response = curator.post(f"/admin/shops/{shop.slug}/verify", json={})
    assert response.status_code == 200 and response.get_json()["state"] == "verified"
    assert _db.session.scalar(select(AuditEntry.action)) == "shop.verify"
    assert outbox()[-1]["To"] == shop.owner.email


def test_rejecting_needs_a_reason_named_in_the_details(curator):
    shop = ShopFactory(state=ShopState.PENDING)
    _db.session.commit()
    response = curator.post(f"/admin/shops/{shop.slug}/reject", json={})
    assert response.status_code == 422 and "reason" in error_of(response)["details"]
    rejected = curator.post(f"/admin/shops/{shop.slug}/reject", json={"reason": "NIB tidak cocok"})
    assert rejected.status_code == 200
    _db.session.expire_all()
    assert (shop.state, shop.state_reason) == (ShopState.REJECTED, "NIB tidak cocok")


def test_suspending_a_shop_takes_its_listings_out_of_the_api_catalog(curator, client):
    product = ProductFactory(title="Kain Jumputan Tujuh Warna")
    _db.session.commit()
    response = curator.post(f"/admin/shops/{product.shop.slug}/suspend", json={"reason": "Foto palsu"})
    assert response.status_code == 200
    assert client.get(f"/api/v1/products/{product.id}").status_code == 404
    assert curator.post(f"/admin/shops/{product.shop.slug}/reject", json={"reason": "x"}).status_code == 409


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.ARTISAN])
def test_shop_decisions_and_featuring_are_for_the_agency(client, db, role):
    api = Api(client, UserFactory(roles=[role]))
    shop = ShopFactory(state=ShopState.PENDING)
    _db.session.commit()
    assert api.post(f"/admin/shops/{shop.slug}/verify", json={}).status_code == 403
    assert api.put("/admin/featured", json={"items": []}).status_code == 403


def test_a_curator_replaces_the_featured_list_and_the_home_page_shows_it(curator, client):
    first, second = ProductFactory(title="Selendang Pedada"), ProductFactory(title="Kain Tanjung Lago")
    _db.session.commit()
    ends = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    response = curator.put("/admin/featured", json={"items": [
        {"product_id": second.id}, {"product_id": first.id, "ends_at": ends}]})
    assert response.status_code == 200
    assert [item["product_id"] for item in response.get_json()] == [second.id, first.id]
    home = client.get("/").get_data(as_text=True)
    assert home.index("Kain Tanjung Lago") < home.index("Selendang Pedada")


def test_featuring_a_draft_is_refused_with_its_reason_and_nothing_changes(curator):
    draft = ProductFactory(status=ProductStatus.DRAFT)
    _db.session.commit()
    response = curator.put("/admin/featured", json={"items": [{"product_id": draft.id}]})
    assert response.status_code == 409 and error_of(response)["message"]
    missing_zone = curator.put("/admin/featured", json={"items": [
        {"product_id": draft.id, "starts_at": "2026-12-01T08:00:00"}]})
    assert missing_zone.status_code == 422


def test_published_collections_are_listed_with_their_places(client, db):
    curator = UserFactory(roles=[Role.CURATOR])
    on_sale, hidden = ProductFactory(title="Batik Bunga Pedada"), ProductFactory()
    create_collection(curator, CollectionDetails(
        slug="batik-banyuasin-x-jumputan", title_id="Batik Banyuasin x Jumputan",
        title_en="Banyuasin Batik x Jumputan", description_id="Koleksi peluncuran.",
        description_en="The launch collection.", publish_from=datetime.now(UTC) - timedelta(days=1)),
        [on_sale.id, hidden.id])
    hidden.hidden, hidden.hidden_reason = True, "Foto buram"
    create_collection(curator, CollectionDetails(slug="belum-terbit", title_id="Draf", description_id="-"))
    _db.session.commit()

    listed = client.get("/api/v1/collections").get_json()
    assert [item["slug"] for item in listed["items"]] == ["batik-banyuasin-x-jumputan"]
    assert listed["items"][0]["title"] == "Batik Banyuasin x Jumputan"

    english = client.get("/api/v1/collections/batik-banyuasin-x-jumputan",
                         headers={"Accept-Language": "en"}).get_json()
    assert english["title"] == "Banyuasin Batik x Jumputan"
    assert [(item["available"], (item["product"] or {}).get("title")) for item in english["items"]] == [
        (True, "Batik Bunga Pedada"), (False, None)]
    assert client.get("/api/v1/collections/belum-terbit").status_code == 404
