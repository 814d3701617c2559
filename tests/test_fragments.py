"""Page parts rendered once per worker (web/fragments.py): a kept part is reused only while what it
shows is unchanged, and never carries one visitor's token, menu or search into another's page."""

import re

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.products.queries import ProductPage, product_page
from marketplace.products.services import set_price_and_stock
from tests.factories import CohortFactory, ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, post_form

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _kept_fragments(app) -> int:
    return app.extensions["rendered_fragments"].cache_info().currsize


def test_a_product_page_shows_a_new_price_and_stock_at_once(app, client, db):
    product = ProductFactory(variants=[(350_000, 5)])
    assert "Rp 350.000" in client.get(f"/products/{product.id}").text
    set_price_and_stock(product.variants[0], 425_000, 1, actor=product.shop.owner)
    db.session.commit()
    page = client.get(f"/products/{product.id}").text
    assert "Rp 425.000" in page and "Rp 350.000" not in page
    assert "Only 1 left" in page or "Tinggal 1" in page


def test_a_second_visit_reuses_the_kept_parts_of_an_unchanged_product(app, client, db):
    product = ProductFactory()
    client.get(f"/products/{product.id}")
    kept = _kept_fragments(app)
    client.get(f"/products/{product.id}")
    assert _kept_fragments(app) == kept


def test_each_visitor_gets_their_own_token_in_a_kept_product_part(app, db):
    product = ProductFactory()
    first, second = app.test_client(), app.test_client()
    tokens = [_TOKEN.findall(client.get(f"/products/{product.id}").text) for client in (first, second)]
    assert tokens[0] and tokens[1] and set(tokens[0]).isdisjoint(tokens[1])
    assert "@@" not in first.get(f"/products/{product.id}").text


def test_the_header_keeps_no_visitors_search_or_menu_for_another(app, db):
    customer = UserFactory(name="Siti Aminah")
    signed_in, anonymous = app.test_client(), app.test_client()
    login(signed_in, customer)
    assert 'value="jumputan merah"' in signed_in.get("/products?q=jumputan+merah").text
    page = anonymous.get("/products?q=songket").text
    assert 'value="songket"' in page and "jumputan merah" not in page
    assert "Siti Aminah" not in anonymous.get("/").text and "/login" in anonymous.get("/").text


def test_a_kept_menu_shows_each_member_their_roles_links_and_their_own_logout_token(app, db):
    artisan, customer, other_customer = app.test_client(), app.test_client(), app.test_client()
    login(artisan, UserFactory(roles=[Role.ARTISAN]))
    login(customer, UserFactory(roles=[Role.CUSTOMER]))
    login(other_customer, UserFactory(roles=[Role.CUSTOMER]))
    pages = {name: client.get("/account").text for name, client in
             (("artisan", artisan), ("customer", customer), ("other", other_customer))}
    assert 'href="/dashboard"' in pages["artisan"] and 'href="/dashboard"' not in pages["customer"]
    tokens = {name: _TOKEN.findall(page) for name, page in pages.items()}
    assert set(tokens["customer"]).isdisjoint(tokens["other"]) and "@@" not in pages["other"]
    # the kept menu's logout form carries the visitor's own token, which logs them out
    assert post_form(customer, "/logout", {}, page="/account").status_code == 302
    assert 'href="/login"' in customer.get("/").text


def test_a_members_messages_are_their_own_and_shown_once(app, db):
    member, other = app.test_client(), app.test_client()
    login(member, UserFactory(roles=[Role.CUSTOMER]))
    login(other, UserFactory(roles=[Role.CUSTOMER]))
    member.get("/account")
    with member.session_transaction() as session:
        session["_flashes"] = [("success", "Pesanan Anda tersimpan.")]
    assert "Pesanan Anda tersimpan." in member.get("/account").text
    assert "Pesanan Anda tersimpan." not in member.get("/account").text
    assert "Pesanan Anda tersimpan." not in other.get("/account").text


def test_the_product_page_reads_its_listing_shop_cohort_and_parts_in_one_query(app, db):
    cohort = CohortFactory()
    shop = ShopFactory(cohort=cohort)
    product = ProductFactory(shop=shop, variants=[(300_000, 0), (450_000, 2)])
    with app.test_request_context():
        shown = product_page(product.id)
    assert isinstance(shown, ProductPage)
    assert [variant.price for variant in shown.variants] == [300_000, 450_000]
    assert [variant.available for variant in shown.variants] == [0, 2]
    assert shown.price_range == (300_000, 450_000) and shown.is_public
    assert shown.shop.cohort.name == cohort.name and shown.shop.cohort.year == cohort.starts_on.year
    assert shown == product_page(product.id) and hash(shown) == hash(product_page(product.id))


def test_a_missing_product_reads_as_none(app, db):
    assert product_page(987_654) is None


def test_a_hidden_listing_is_not_public_in_its_page_record(app, db):
    product = ProductFactory(hidden=True, hidden_reason="Foto bukan milik penjual")
    _db.session.commit()
    assert product_page(product.id).is_public is False


def test_a_shop_page_shows_a_new_story_and_cohort_at_once(app, client, db):
    shop = ShopFactory(story="Cerita lama dari Sungsang.")
    assert "Cerita lama dari Sungsang." in client.get(f"/shops/{shop.slug}").text
    shop.story, shop.cohort = "Cerita baru: pewarna pedada.", CohortFactory(name="Pelatihan Jumputan")
    db.session.commit()
    page = client.get(f"/shops/{shop.slug}").text
    assert "Cerita baru: pewarna pedada." in page and "Cerita lama" not in page
    assert "Pelatihan Jumputan" in page


def test_the_filter_form_shows_each_requests_own_choices(app, client, db):
    ProductFactory()
    jumputan = client.get("/products?technique=jumputan&in_stock=1").text
    assert re.search(r'<option value="jumputan"\s+selected>', jumputan)
    assert re.search(r'name="in_stock" value="1"\s+checked', jumputan)
    plain = client.get("/products").text
    assert not re.search(r'<option value="jumputan"\s+selected>', plain)
    assert not re.search(r'name="in_stock" value="1"\s+checked', plain)
