"""Assisted listing: a curator works on an artisan's listings on the shop's behalf, through the
artisan's own dashboard. Each change is audited with the curator as actor, the artisan sees who
prepared a listing, and only the artisan publishes unless the shop consented."""

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import delete, func, select

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role, RoleGrant
from marketplace.extensions import db as _db
from marketplace.products.models import Product, ProductImage, ProductStatus
from marketplace.shops.access import can_manage_listings
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, logout, post_form
from tests.test_listings import listing, png_bytes, upload
from tests.test_shops import SETTINGS, application


@pytest.fixture
def shop(db):
    owner = UserFactory(name="Nurhayati", roles=[Role.CUSTOMER, Role.ARTISAN])
    return ShopFactory(owner=owner, name="Batik Pedada Sungsang", slug="batik-pedada-sungsang")


def assist(client, shop):
    return post_form(client, f"/admin/assist/{shop.id}", {}, page="/admin/assist")


@pytest.fixture
def assisting(client, shop, curator):
    """The curator, logged in and working on behalf of the shop."""
    login(client, curator)
    assert assist(client, shop).headers["Location"] == "/dashboard"
    return curator


def create(client, **changes):
    return post_form(client, "/dashboard/products/new", listing(**changes))


def set_status(client, product, status):
    return post_form(client, f"/dashboard/products/{product.id}/status", {"status": status},
                     page="/dashboard", follow_redirects=True)


def entries(action=None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(_db.session.scalars(query))


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_assist_page_lists_verified_and_pending_shops_to_choose_from(client, db, curator):
    ShopFactory(name="Jumputan Betung")
    ShopFactory(name="Batik Sembawa Baru", state=ShopState.PENDING)
    ShopFactory(name="Toko Ditolak", state=ShopState.REJECTED)
    ShopFactory(name="Toko Dibekukan", state=ShopState.SUSPENDED)
    login(client, curator)
    page = text(client.get("/admin/assist"))
    assert "Jumputan Betung" in page and "Batik Sembawa Baru" in page
    assert "Toko Ditolak" not in page and "Toko Dibekukan" not in page
    assert page.count("Bekerja atas nama toko ini") == 2
    searched = text(client.get("/admin/assist?q=sembawa"))
    assert "Batik Sembawa Baru" in searched and "Jumputan Betung" not in searched


def test_assisting_opens_the_shops_dashboard_with_a_banner_and_no_owner_only_links(
        client, shop, assisting):
    ProductFactory(shop=shop, title="Kain Pedada Merah Bata")
    page = text(client.get("/dashboard"))
    assert "Anda bekerja atas nama Batik Pedada Sungsang" in page
    assert "Kain Pedada Merah Bata" in page
    assert "/dashboard/shop" not in page and "/dashboard/orders" not in page
    assert "Anda bekerja atas nama Batik Pedada Sungsang" in text(client.get("/products"))


def test_a_listing_prepared_on_behalf_belongs_to_the_shop_stays_draft_and_names_the_curator(
        client, db, shop, assisting):
    assert create(client).status_code == 302
    product = db.session.scalar(select(Product))
    assert (product.shop_id, product.status, product.prepared_by_id) == (
        shop.id, ProductStatus.DRAFT, assisting.id)
    [entry] = entries("product.create")
    assert (entry.actor_id, entry.target_id) == (assisting.id, str(product.id))
    assert entry.after["title"] == "Kain Batik Tulis Pedada Merah Bata"
    assert entry.after["variants"] == [{"sku": "BPN-001", "name": "Kain 2 m", "price": 1_250_000,
                                        "stock_on_hand": 3}]

    logout(client)
    login(client, shop.owner)
    assert "Disiapkan oleh kurator Siti Kurator" in text(client.get("/dashboard"))
    assert "Disiapkan oleh kurator Siti Kurator" in text(client.get(f"/dashboard/products/{product.id}/edit"))


def test_without_the_shops_consent_the_curator_cannot_publish(client, db, shop, assisting):
    create(client)
    product = db.session.scalar(select(Product))
    dashboard = text(client.get("/dashboard"))
    assert "Hanya perajin yang dapat menerbitkannya." in dashboard
    assert 'value="active"' not in dashboard
    refused = set_status(client, product, "active")
    assert "Toko ini belum mengizinkan kurator menerbitkan produknya." in text(refused)
    db.session.refresh(product)
    assert product.status == ProductStatus.DRAFT
    assert entries("product.status") == []


def test_the_artisan_publishes_what_a_curator_prepared(client, db, shop, assisting):
    create(client)
    product = db.session.scalar(select(Product))
    logout(client)
    login(client, shop.owner)
    set_status(client, product, "active")
    db.session.refresh(product)
    assert product.status == ProductStatus.ACTIVE
    assert entries("product.status") == []  # the owner's own changes are not the agency's actions
    logout(client)
    assert client.get(f"/products/{product.id}").status_code == 200


def test_with_consent_from_the_shop_settings_the_curator_publishes(client, db, shop, curator):
    login(client, shop.owner)
    response = post_form(client, "/dashboard/shop", {**application(name=shop.name), **SETTINGS,
                                                     "curator_publish_consent": "y"})
    assert response.status_code == 302
    db.session.refresh(shop)
    assert shop.curator_publish_consent
    logout(client)
    login(client, curator)
    assist(client, shop)
    create(client)
    product = db.session.scalar(select(Product))
    assert 'value="active"' in text(client.get("/dashboard"))
    set_status(client, product, "active")
    db.session.refresh(product)
    assert product.status == ProductStatus.ACTIVE
    [entry] = entries("product.status")
    assert (entry.actor_id, entry.before, entry.after) == (curator.id, {"status": "draft"},
                                                           {"status": "active"})
    logout(client)
    assert client.get(f"/products/{product.id}").status_code == 200


def test_the_artisan_can_withdraw_consent_in_the_shop_settings(client, db, shop):
    shop.curator_publish_consent = True
    db.session.commit()
    login(client, shop.owner)
    assert "curator_publish_consent" in text(client.get("/dashboard/shop"))
    post_form(client, "/dashboard/shop", {**application(name=shop.name), **SETTINGS})
    db.session.refresh(shop)
    assert not shop.curator_publish_consent


def test_each_change_on_behalf_is_audited_with_the_curator_as_actor(client, db, shop, assisting):
    product = ProductFactory(shop=shop, title="Kain Lama", variants=[(300_000, 2)])
    variant = product.variants[0]
    post_form(client, f"/dashboard/products/{product.id}/edit", listing(**{
        "title": "Kain Pedada Baru", "variants-0-id": str(variant.id), "variants-0-sku": variant.sku,
        "variants-0-name": variant.name, "variants-0-price": "300000", "variants-0-stock": "2"}))
    post_form(client, f"/dashboard/variants/{variant.id}", {"price": "Rp 325.000", "stock": "4"},
              page="/dashboard")
    upload(client, product, png_bytes(color="red"), "a.png", alt="pertama")
    upload(client, product, png_bytes(color="blue"), "b.png", alt="kedua")
    second = db.session.scalar(select(ProductImage).where(ProductImage.alt_text == "kedua"))
    images_page = f"/dashboard/products/{product.id}/images"
    post_form(client, f"/dashboard/images/{second.id}/move", {"direction": "up"}, page=images_page)
    post_form(client, f"/dashboard/images/{second.id}/delete", {}, page=images_page)
    set_status(client, product, "archived")

    recorded = entries()
    assert [entry.action for entry in recorded] == [
        "product.update", "variant.update", "product.image_add", "product.image_add",
        "product.image_move", "product.image_remove", "product.status"]
    assert {entry.actor_name for entry in recorded} == {"Siti Kurator"}
    update, variant_update = recorded[0], recorded[1]
    assert update.before["title"] == "Kain Lama" and update.after["title"] == "Kain Pedada Baru"
    assert "description" in update.after and "weight_grams" in update.after
    assert (variant_update.before["price"], variant_update.after["price"]) == (300_000, 325_000)
    assert (variant_update.before["stock_on_hand"], variant_update.after["stock_on_hand"]) == (2, 4)
    assert recorded[5].before["alt_text"] == "kedua"
    assert recorded[6].after == {"status": "archived"}


def test_the_artisans_own_changes_are_not_in_the_audit_log(client, db, shop):
    login(client, shop.owner)
    create(client)
    product = db.session.scalar(select(Product))
    set_status(client, product, "active")
    assert entries() == []
    assert db.session.scalar(select(Product)).prepared_by_id is None


def test_a_duplicate_made_on_behalf_is_a_prepared_draft(client, db, shop, assisting):
    original = ProductFactory(shop=shop)
    post_form(client, f"/dashboard/products/{original.id}/duplicate", {}, page="/dashboard")
    copy = db.session.scalar(select(Product).where(Product.id != original.id))
    assert (copy.status, copy.prepared_by_id) == (ProductStatus.DRAFT, assisting.id)
    assert [entry.action for entry in entries()] == ["product.create", "product.duplicate"]


def test_stopping_returns_the_curator_to_the_assist_page(client, db, shop, assisting):
    product = ProductFactory(shop=shop)
    response = post_form(client, "/admin/assist/stop", {}, page="/dashboard", follow_redirects=True)
    assert response.request.path == "/admin/assist"
    assert "Anda berhenti bekerja atas nama Batik Pedada Sungsang." in text(response)
    assert "Anda bekerja atas nama Batik Pedada Sungsang" not in text(client.get("/admin/assist"))
    assert client.get("/dashboard").headers["Location"] == "/admin/assist"
    assert client.get(f"/dashboard/products/{product.id}/edit").status_code == 404


def test_a_curator_assisting_one_shop_cannot_reach_another_shops_listing(client, db, shop, assisting):
    other = ProductFactory(status=ProductStatus.DRAFT)
    assert client.get(f"/dashboard/products/{other.id}/edit").status_code == 404
    assert set_status(client, other, "archived").status_code == 404
    db.session.refresh(other)
    assert other.status == ProductStatus.DRAFT


@pytest.mark.parametrize("state", [ShopState.REJECTED, ShopState.SUSPENDED])
def test_a_rejected_or_suspended_shop_cannot_be_assisted(client, db, curator, state):
    shop = ShopFactory(state=state)
    login(client, curator)
    response = assist(client, shop)
    assert response.headers["Location"] == "/admin/assist"
    assert client.get("/dashboard").headers["Location"] == "/admin/assist"


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.ARTISAN])
def test_only_the_agency_can_assist_a_shop(client, db, shop, role):
    outsider = ShopFactory().owner if role == Role.ARTISAN else UserFactory()
    login(client, outsider)
    assert assist(client, shop).status_code == 403
    assert post_form(client, "/admin/assist/stop", {}, page="/").status_code == 403


def test_a_forged_assist_session_gives_an_artisan_nothing(client, db, shop):
    intruder = ShopFactory(name="Toko Lain")
    victim = ProductFactory(shop=shop, status=ProductStatus.DRAFT)
    login(client, intruder.owner)
    with client.session_transaction() as session:
        session["assisting"] = {"user_id": intruder.owner.id, "shop_id": shop.id}
    page = text(client.get("/dashboard"))
    assert "Toko Lain" in page and "Batik Pedada Sungsang" not in page
    assert client.get(f"/dashboard/products/{victim.id}/edit").status_code == 404


def test_a_curator_whose_role_is_withdrawn_loses_the_shop(client, db, shop, assisting):
    product = ProductFactory(shop=shop)
    db.session.execute(delete(RoleGrant).where(RoleGrant.user_id == assisting.id))
    db.session.commit()
    assert client.get(f"/dashboard/products/{product.id}/edit").status_code == 404
    assert client.get("/dashboard").headers["Location"] == "/shops/apply"


def test_the_assist_session_belongs_to_the_curator_who_started_it(client, db, shop, assisting):
    other_curator = UserFactory(roles=[Role.CURATOR])
    with client.session_transaction() as session:
        session["_user_id"] = f"{other_curator.id}:{other_curator.session_version}"
    assert client.get("/dashboard").headers["Location"] == "/admin/assist"


def test_who_may_manage_a_shops_listings(db, shop, curator):
    admin = UserFactory(roles=[Role.ADMIN])
    other_artisan = ShopFactory().owner
    customer = UserFactory()
    retired = UserFactory(roles=[Role.CURATOR], active=False)
    assert can_manage_listings(shop.owner, shop)
    assert can_manage_listings(curator, shop) and can_manage_listings(admin, shop)
    assert not can_manage_listings(other_artisan, shop)
    assert not can_manage_listings(customer, shop)
    assert not can_manage_listings(retired, shop)
    assert not can_manage_listings(AnonymousUserMixin(), shop)


def test_nothing_is_created_when_the_curator_is_not_assisting(client, db, curator):
    login(client, curator)
    assert create(client).status_code == 404
    assert db.session.scalar(select(func.count(Product.id))) == 0


def test_logging_out_ends_the_assisted_session(client, db, shop, assisting):
    logout(client)
    login(client, assisting)
    assert client.get("/dashboard").headers["Location"] == "/admin/assist"
