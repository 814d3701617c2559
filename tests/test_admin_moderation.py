"""Listing moderation: a curator hides a listing with a reason and shows it again. A hidden listing
leaves every public page and cannot be bought; its artisan still sees it, with the reason."""

import pytest
from sqlalchemy import func, select

from marketplace.admin import moderation_routes
from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.orders.models import Checkout
from marketplace.products.models import Product, ProductImage, ProductStatus
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, logout, post_form, queries_for
from tests.test_checkout import checkout_token, place

REASON = "Foto produk diambil dari toko lain, bukan kain buatan sendiri."


@pytest.fixture
def product(db):
    shop = ShopFactory(name="Jumputan Betung", slug="jumputan-betung")
    listed = ProductFactory(shop=shop, title="Kain Jumputan Pelangi Betung", motif_name="Pelangi")
    listed.images.append(ProductImage(alt_text="Kain jumputan pelangi", thumb_key="products/a.jpg",
                                      large_key="products/b.jpg", width=10, height=10))
    _db.session.commit()
    return listed


def hide(client, product, reason=REASON):
    page = f"/admin/products/{product.id}"
    return post_form(client, f"{page}/hide", {"reason": reason}, page=page)


def unhide(client, product, note=""):
    page = f"/admin/products/{product.id}"
    return post_form(client, f"{page}/unhide", {"note": note}, page=page)


def text(response) -> str:
    return response.get_data(as_text=True)


PUBLIC_PAGES = ["/", "/products", "/products?q=pelangi", "/shops/jumputan-betung", "/shops"]


def shown_on_public_pages(client, product) -> dict[str, bool]:
    pages = {path: product.title in text(client.get(path)) for path in PUBLIC_PAGES[:-1]}
    pages["product page"] = client.get(f"/products/{product.id}").status_code == 200
    return pages


def test_hiding_takes_a_listing_off_every_public_page(client, db, product, curator):
    ProductFactory(shop=product.shop, title="Kain Lain dari Toko yang Sama")
    assert all(shown_on_public_pages(client, product).values())
    login(client, curator)
    response = hide(client, product)
    assert response.headers["Location"] == f"/admin/products/{product.id}"
    logout(client)
    assert not any(shown_on_public_pages(client, product).values())
    assert "Kain Lain dari Toko yang Sama" in text(client.get("/shops/jumputan-betung"))
    login(client, UserFactory())
    assert client.get(f"/products/{product.id}").status_code == 404


def test_the_artisan_still_sees_the_hidden_listing_with_the_reason(client, db, product, curator):
    login(client, curator)
    hide(client, product)
    logout(client)
    login(client, product.shop.owner)
    own_page = client.get(f"/products/{product.id}")
    assert own_page.status_code == 200 and REASON in text(own_page)
    dashboard = text(client.get("/dashboard"))
    assert "Disembunyikan kurator" in dashboard and REASON in dashboard
    assert REASON in text(client.get(f"/dashboard/products/{product.id}/edit"))


def test_a_hidden_listing_cannot_be_added_to_a_cart(client, db, product, curator):
    login(client, curator)
    hide(client, product)
    logout(client)
    login(client, UserFactory())
    variant = product.variants[0]
    response = post_form(client, "/cart/add", {"variant_id": str(variant.id), "quantity": "1"},
                         page="/", follow_redirects=True)
    assert "Barang ini tidak dijual." in text(response)
    assert "Keranjang Anda kosong" in text(client.get("/cart"))


def test_a_listing_hidden_while_in_a_cart_cannot_be_checked_out(client, db, product, curator):
    customer = UserFactory()
    login(client, customer)
    variant = product.variants[0]
    post_form(client, "/cart/add", {"variant_id": str(variant.id), "quantity": "1"}, page="/")
    token = checkout_token(client)  # the checkout form, opened before the listing is hidden
    logout(client)
    login(client, curator)
    hide(client, product)
    logout(client)
    login(client, customer)
    assert "Tidak dijual lagi" in text(client.get("/cart"))
    response = place(client, token=token)
    assert db.session.scalar(select(func.count(Checkout.id))) == 0
    assert "tidak tersedia lagi" in text(response)
    db.session.refresh(variant)
    assert variant.stock_reserved == 0


@pytest.mark.parametrize("reason", ["", "   "])
def test_hiding_needs_a_reason(client, db, product, curator, reason):
    login(client, curator)
    response = hide(client, product, reason)
    assert response.status_code == 200
    assert "Tulis alasan menyembunyikan: perajin akan membacanya." in text(response)
    db.session.refresh(product)
    assert not product.hidden
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


def test_hide_and_unhide_are_audited_with_the_reason(client, db, product, curator):
    login(client, curator)
    hide(client, product)
    unhide(client, product, note="Foto sudah diganti dengan foto sendiri.")
    hidden, shown = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert (hidden.action, hidden.actor_id, hidden.target_id) == ("product.hide", curator.id, str(product.id))
    assert hidden.reason == REASON
    assert (hidden.before, hidden.after) == ({"hidden": False, "hidden_reason": None},
                                             {"hidden": True, "hidden_reason": REASON})
    assert (shown.action, shown.reason) == ("product.unhide", "Foto sudah diganti dengan foto sendiri.")
    assert shown.after == {"hidden": False, "hidden_reason": None}
    assert "product.hide" in text(client.get(f"/admin/products/{product.id}"))
    assert REASON in text(client.get("/admin/audit?action=product.hide"))


def test_unhiding_restores_the_listing_everywhere(client, db, product, curator):
    login(client, curator)
    hide(client, product)
    response = unhide(client, product)
    assert response.headers["Location"] == f"/admin/products/{product.id}"
    db.session.refresh(product)
    assert (product.hidden, product.hidden_reason) == (False, None)
    logout(client)
    assert all(shown_on_public_pages(client, product).values())


def test_hiding_again_replaces_the_reason(client, db, product, curator):
    login(client, curator)
    hide(client, product)
    hide(client, product, "Judul menyebut batik tulis, padahal kain printing.")
    db.session.refresh(product)
    assert product.hidden_reason == "Judul menyebut batik tulis, padahal kain printing."
    assert "Judul menyebut batik tulis" in text(client.get(f"/admin/products/{product.id}"))


def test_unhiding_a_listing_that_is_not_hidden_says_so(client, db, product, curator):
    login(client, curator)
    response = post_form(client, f"/admin/products/{product.id}/unhide", {"note": ""},
                         page=f"/admin/products/{product.id}", follow_redirects=True)
    assert "Produk ini tidak disembunyikan." in text(response)
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


def test_unhiding_does_not_publish_a_draft_or_a_suspended_shops_listing(client, db, curator):
    draft = ProductFactory(status=ProductStatus.DRAFT, hidden=True, hidden_reason="x")
    suspended = ProductFactory(shop=ShopFactory(state=ShopState.SUSPENDED), hidden=True, hidden_reason="x")
    login(client, curator)
    unhide(client, draft)
    unhide(client, suspended)
    logout(client)
    assert client.get(f"/products/{draft.id}").status_code == 404
    assert client.get(f"/products/{suspended.id}").status_code == 404


def test_the_listing_page_searches_by_title_or_shop_and_filters_hidden(client, db, curator):
    ProductFactory(title="Kain Pedada Merah", shop=ShopFactory(name="Batik Sungsang"))
    ProductFactory(title="Selendang Jumputan", shop=ShopFactory(name="Jumputan Betung"),
                   status=ProductStatus.DRAFT, hidden=True, hidden_reason="Foto buram")
    login(client, curator)
    everything = text(client.get("/admin/products"))
    assert "Kain Pedada Merah" in everything and "Selendang Jumputan" in everything
    by_title = text(client.get("/admin/products?q=pedada"))
    assert "Kain Pedada Merah" in by_title and "Selendang Jumputan" not in by_title
    by_shop = text(client.get("/admin/products?q=betung"))
    assert "Selendang Jumputan" in by_shop and "Kain Pedada Merah" not in by_shop
    hidden = text(client.get("/admin/products?hidden=hidden"))
    assert "Selendang Jumputan" in hidden and "Foto buram" in hidden and "Kain Pedada Merah" not in hidden
    visible = text(client.get("/admin/products?hidden=visible"))
    assert "Kain Pedada Merah" in visible and "Selendang Jumputan" not in visible
    assert client.get("/admin/products?hidden=bogus&q=%25").status_code == 200


def test_a_listing_that_does_not_exist_is_404(client, db, curator):
    login(client, curator)
    assert client.get("/admin/products/999").status_code == 404
    assert post_form(client, "/admin/products/999/hide", {"reason": REASON}, page="/admin/products"
                     ).status_code == 404


@pytest.mark.parametrize("who", ["owner", "customer"])
def test_only_the_agency_hides_or_unhides(client, db, product, who):
    product.hidden, product.hidden_reason = True, REASON
    _db.session.commit()
    login(client, product.shop.owner if who == "owner" else UserFactory())
    assert unhide(client, product).status_code == 403
    hiding = post_form(client, f"/admin/products/{product.id}/hide", {"reason": "x"}, page="/")
    assert hiding.status_code == 403
    assert _db.session.get(Product, product.id).hidden_reason == REASON


def test_the_artisan_is_emailed_the_reason_and_when_it_is_shown_again(client, db, product, curator, outbox):
    product.shop.owner.locale = "en"
    _db.session.commit()
    login(client, curator)
    hide(client, product)
    unhide(client, product)
    hidden, shown = outbox
    assert hidden["To"] == product.shop.owner.email
    assert hidden["Subject"] == "Your listing “Kain Jumputan Pelangi Betung” is hidden"
    assert REASON in hidden.get_content() and f"/dashboard/products/{product.id}/edit" in hidden.get_content()
    assert shown["Subject"] == "Your listing “Kain Jumputan Pelangi Betung” is shown again"


def test_no_email_when_hiding_is_refused(client, db, product, curator, outbox):
    login(client, curator)
    hide(client, product, "")
    assert outbox == []


def test_the_moderation_page_offers_to_work_on_behalf_of_the_shop(client, db, product, curator):
    login(client, curator)
    page = text(client.get(f"/admin/products/{product.id}"))
    assert f'action="/admin/assist/{product.shop_id}"' in page
    response = post_form(client, f"/admin/assist/{product.shop_id}", {}, page=f"/admin/products/{product.id}")
    assert response.headers["Location"] == "/dashboard"


@pytest.mark.parametrize("path", ["/admin/products", "/admin/products?q=kain&hidden=hidden", "/admin/assist"])
def test_agency_lists_run_the_same_number_of_queries_for_3_and_30_shops(make_app, path):
    counts = []
    for size in (3, 30):
        app = make_app()
        for _ in range(size):
            ProductFactory(hidden=True, hidden_reason="Foto buram")
        client = app.test_client()
        login(client, UserFactory(roles=[Role.CURATOR]))
        counts.append(queries_for(client, path))
    assert counts[0] == counts[1], counts


def test_listing_pages_go_newest_first_and_one_past_the_last_says_how_many(client, db, curator, monkeypatch):
    monkeypatch.setattr(moderation_routes, "PER_PAGE", 2)
    for number in (1, 2, 3):
        ProductFactory(title=f"Kain Nomor {number}")
    login(client, curator)
    one, two = text(client.get("/admin/products")), text(client.get("/admin/products?page=2"))
    assert one.index("Kain Nomor 3") < one.index("Kain Nomor 2") and "Kain Nomor 1" not in one
    assert "Kain Nomor 1" in two and "Kain Nomor 2" not in two and "3 produk" in two
    past = text(client.get("/admin/products?page=9"))
    assert "3 produk" in past and "Kain Nomor" not in past
