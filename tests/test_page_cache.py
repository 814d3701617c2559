"""The page cache: anonymous visitors get stored pages from Redis, and after a change they get the
new page (only a request arriving while another renders it gets the last one), never another
visitor's CSRF token or someone else's header."""

import re
import time

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from redis import Redis
from sqlalchemy import text

from marketplace.audit.services import record_action
from marketplace.auth.models import Role
from marketplace.curation.services import FeatureEntry, replace_featured
from marketplace.extensions import db as _db
from marketplace.products import stock
from marketplace.products.models import ProductImage
from marketplace.products.moderation import hide_product
from marketplace.products.services import remove_image, set_price_and_stock
from marketplace.sharing.models import ShareImage
from marketplace.sharing.services import redraw_share_image
from marketplace.web import page_cache, page_versions
from marketplace.web.page_cache import CSRF_PLACEHOLDER, cached_page
from tests.factories import CohortFactory, ProductFactory, ShopFactory, UserFactory
from tests.helpers import counted_queries, login, logout, post_form
from tests.redis_helpers import redis_url_or_skip
from tests.test_checkout import add, place
from tests.test_reviews import deliver, order, review  # noqa: F401 (order: a fixture)

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def redis_url():
    return redis_url_or_skip(1)


@pytest.fixture
def app(make_app, redis_url):
    return make_app(REDIS_URL=redis_url)


@pytest.fixture
def listing(db):
    return ProductFactory(title="Kain Jumputan Pelangi", variants=[(350_000, 3)])


def versions(store) -> dict:
    """The version of every scope of the page cache that has changed."""
    return {key: store.get(key) for key in store.keys("page-version:*")}


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_the_second_anonymous_visit_is_served_without_touching_the_database(app, client, listing):
    first = page(client, f"/products/{listing.id}")
    with counted_queries() as statements:
        second = page(client, f"/products/{listing.id}")
    assert statements == []
    # the same page, but for the visitor's CSRF token, which is signed afresh with the second it
    # is given out in (so the two differ when a second boundary falls between the visits)
    assert _TOKEN.sub("csrf", second) == _TOKEN.sub("csrf", first)
    assert len(set(_TOKEN.findall(second))) == 1  # every form on it carries the visitor's one token
    assert "Kain Jumputan Pelangi" in second and CSRF_PLACEHOLDER not in second


def test_each_visitor_gets_their_own_csrf_token_and_their_forms_work(app, listing):
    visitors = [app.test_client(), app.test_client()]
    tokens = [_TOKEN.search(page(visitor, "/products")).group(1) for visitor in visitors]
    assert tokens[0] != tokens[1]
    for visitor, token in zip(visitors, tokens, strict=True):
        answer = visitor.post("/language", data={"csrf_token": token, "lang": "en", "next": "/products"})
        assert answer.status_code == 302
        assert "Catalog" in page(visitor, "/products")  # now in English


def test_a_new_price_shows_on_the_next_visit(app, client, listing):
    assert "Rp 350.000" in page(client, "/products")
    set_price_and_stock(listing.variants[0], 425_000, 3, actor=listing.shop.owner)
    _db.session.commit()
    shown = page(client, "/products")
    assert "Rp 425.000" in shown and "Rp 350.000" not in shown


def test_stock_taken_by_a_bulk_update_shows_on_the_next_visit(app, client, listing):
    assert "Tinggal 3" in page(client, f"/products/{listing.id}")
    stock.reserve({listing.variants[0].id: 3})  # an UPDATE statement, not a flush of objects
    _db.session.commit()
    assert "Habis" in page(client, f"/products/{listing.id}")


def test_a_hidden_listing_is_gone_at_once(app, client, listing):
    page(client, f"/products/{listing.id}")
    curator = UserFactory(roles=[Role.CURATOR])
    hide_product(listing, "Foto bukan milik pengrajin.", actor=curator)
    _db.session.commit()
    assert client.get(f"/products/{listing.id}").status_code == 404
    assert "Kain Jumputan Pelangi" not in page(client, "/products")


def test_a_change_to_rows_no_page_shows_leaves_the_pages_stored(app, redis_url, listing):
    store = Redis.from_url(redis_url)
    curator = UserFactory(roles=[Role.CURATOR])
    page(app.test_client(), "/")
    before = versions(store)
    record_action(curator, "product.note", listing, reason="Foto perlu diganti.")  # the audit log alone
    _db.session.commit()
    assert versions(store) == before
    listing.title = "Kain Jumputan Pelangi Baru"
    _db.session.commit()
    assert versions(store) != before


def test_a_logout_a_language_switch_or_a_new_account_leave_the_pages_but_a_new_name_does_not(
        app, redis_url, client, listing):
    store = Redis.from_url(redis_url)
    page(app.test_client(), "/")
    before = versions(store)
    member = UserFactory(name="Dewi Lestari")  # a new account
    login(client, member)
    post_form(client, "/language", {"lang": "en", "next": "/"}, page="/")
    logout(client)  # ends the member's sessions: a change to their row
    assert versions(store) == before
    member.name = "Dewi Lestari Putri"  # reviews show it
    _db.session.commit()
    assert versions(store) != before


def test_logged_in_visitors_get_their_own_pages(app, client, listing):
    assert "Masuk" in page(app.test_client(), "/")  # stored for anonymous visitors
    customer = UserFactory(name="Dewi Lestari")
    login(client, customer)
    shown = page(client, "/")
    assert "Keluar" in shown and "Pesanan saya" in shown
    assert "Masuk</a>" not in shown


def test_a_logged_in_visitor_gets_the_stored_catalogue_with_their_own_menu(app, redis_url, listing):
    page(app.test_client(), "/products")  # stored by an anonymous visit
    customer, curator = app.test_client(), app.test_client()
    login(customer, UserFactory(name="Dewi Lestari"))
    login(curator, UserFactory(name="Siti Rahma", roles=[Role.CURATOR]))
    with counted_queries() as statements:
        shown = page(customer, "/products")
    assert len(statements) == 1  # the visitor's session, not the catalogue
    assert "Kain Jumputan Pelangi" in shown and "Keluar" in shown and "Masuk</a>" not in shown
    assert ">Dinas</a>" not in shown and ">Dinas</a>" in page(curator, "/products")
    # and their forms carry their own token: logging out works from the stored page
    logout_form = re.search(r'action="/logout"[^>]*>\s*<input [^>]*name="csrf_token" value="([^"]+)"', shown)
    assert customer.post("/logout", data={"csrf_token": logout_form.group(1)}).status_code == 302
    store = Redis.from_url(redis_url)
    (stored,) = store.mget(store.keys("page-cache:id:*"))
    assert b"Keluar" not in stored and b"Masuk</a>" not in stored and b"@@visitor-part-menu@@" in stored


def test_a_product_page_is_stored_for_customers_but_rendered_for_its_owner_and_the_agency(app, listing):
    path = f"/products/{listing.id}"
    page(app.test_client(), path)
    visitors = {"customer": UserFactory(), "owner": listing.shop.owner,
                "curator": UserFactory(roles=[Role.CURATOR]),
                "other artisan": UserFactory(roles=[Role.ARTISAN])}
    queries = {}
    for who, user in visitors.items():
        client = app.test_client()
        login(client, user)
        with counted_queries() as statements:
            page(client, path)
        queries[who] = len(statements)
    assert queries["customer"] == 1  # the session's user; the page comes from Redis
    assert all(count > 1 for who, count in queries.items() if who != "customer")


def test_a_curator_working_for_a_shop_sees_the_banner_on_a_stored_page(app, client, listing):
    page(app.test_client(), "/products")
    login(client, UserFactory(roles=[Role.CURATOR]))
    assert post_form(client, f"/admin/assist/{listing.shop.id}", {}, page="/admin/assist").status_code == 302
    shown = page(client, "/products")
    assert 'class="assist-banner"' in shown and listing.shop.name in shown


def test_a_flash_message_after_logging_out_is_shown_on_a_stored_page(app, client, listing):
    page(app.test_client(), "/")
    login(client, UserFactory())
    answer = logout(client)
    shown = page(client, answer.headers["Location"])
    assert 'class="flash' in shown


def test_each_language_has_its_own_stored_page(app, listing):
    indonesian, english = app.test_client(), app.test_client()
    post_form(english, "/language", {"lang": "en", "next": "/"}, page="/")
    assert "Katalog" in page(indonesian, "/products")
    assert "Catalog" in page(english, "/products") and "Katalog</h1>" not in page(english, "/products")
    assert "Katalog" in page(indonesian, "/products")
    # the menu of a visitor who is not logged in, kept once per language, in the right one too
    assert "Log in</a>" in page(english, "/products") and "Masuk</a>" in page(indonesian, "/products")


def test_a_stored_page_is_rendered_afresh_once_it_is_older_than_page_cache_seconds(app, client, listing,
                                                                                  monkeypatch):
    page(client, "/products")
    # A change the version does not follow, as a feature's window closing is not a commit.
    _db.session.execute(text("UPDATE products SET title = 'Kain Jumputan Senja'"))
    _db.session.commit()
    assert "Kain Jumputan Pelangi" in page(client, "/products")
    later = time.time() + app.config["PAGE_CACHE_SECONDS"] + 1
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    assert "Kain Jumputan Senja" in page(client, "/products")


def test_pages_nobody_asks_for_leave_redis(app, redis_url, listing):
    store = Redis.from_url(redis_url)
    page(app.test_client(), "/products?q=jumputan")
    keys = store.keys("page-cache:*")
    kept_for = page_cache.KEPT_FOR * app.config["PAGE_CACHE_SECONDS"]
    assert keys and all(0 < store.ttl(key) <= kept_for for key in keys)


def test_while_one_visitor_renders_a_changed_page_the_others_get_the_last_one(app, redis_url, listing):
    store = Redis.from_url(redis_url)
    assert "Rp 350.000" in page(app.test_client(), "/products")
    (key,) = store.keys("page-cache:id:/products*")
    set_price_and_stock(listing.variants[0], 425_000, 3, actor=listing.shop.owner)
    _db.session.commit()
    store.set(b"page-render:" + key, b"1")  # another request is rendering it now
    with counted_queries() as statements:
        assert "Rp 350.000" in page(app.test_client(), "/products")
    assert statements == []
    store.delete(b"page-render:" + key)  # that render is done (or failed)
    assert "Rp 425.000" in page(app.test_client(), "/products")
    assert store.keys("page-render:*") == []  # the request that rendered let go of the page


def test_a_value_not_stored_by_this_code_is_rendered_over(app, redis_url, listing):
    store = Redis.from_url(redis_url)
    page(app.test_client(), "/products")
    (key,) = store.keys("page-cache:id:/products*")
    store.set(key, b"<html>an older format</html>")
    assert "Kain Jumputan Pelangi" in page(app.test_client(), "/products")
    assert b"Kain Jumputan Pelangi" in store.get(key)


def test_without_redis_every_page_is_rendered(make_app):
    app = make_app()
    listing = ProductFactory()
    client = app.test_client()
    page(client, f"/products/{listing.id}")
    with counted_queries() as statements:
        page(client, f"/products/{listing.id}")
    assert statements


def test_when_redis_does_not_answer_pages_are_still_served(make_app):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/1")  # nothing listens on port 1
    listing = ProductFactory(title="Kain Jumputan Pelangi")
    assert "Kain Jumputan Pelangi" in page(app.test_client(), f"/products/{listing.id}")


def test_a_page_with_a_form_holding_the_visitors_own_token_is_never_stored(app, redis_url):
    def with_a_form():
        return render_template_string("<form>{{ form.csrf_token }}</form>", form=FlaskForm())

    app.add_url_rule("/with-a-form", "with_a_form", cached_page(with_a_form))
    visitors = [app.test_client(), app.test_client()]
    tokens = [re.search(r'value="([^"]+)"', page(visitor, "/with-a-form")).group(1) for visitor in visitors]
    assert tokens[0] != tokens[1]
    assert Redis.from_url(redis_url).keys("page-cache:*:*") == []


def test_query_parameters_a_page_does_not_read_all_land_on_one_stored_page(app, redis_url, listing):
    store = Redis.from_url(redis_url)
    client = app.test_client()
    for number in range(1, 1001):
        page(client, f"/products?q=jumputan&utm={number}&fbclid=x{number}")
    assert store.keys("page-cache:id:*") == [b"page-cache:id:/products?q=jumputan"]
    page(client, f"/products/{listing.id}?utm=1")
    page(client, "/?ref=whatsapp")
    assert sorted(store.keys("page-cache:id:*")) == [
        b"page-cache:id:/", b"page-cache:id:/products/%d" % listing.id, b"page-cache:id:/products?q=jumputan"]


def test_the_parameters_a_page_reads_are_keyed_in_one_order_and_a_stray_one_is_not_stored(
        app, redis_url, listing):
    store = Redis.from_url(redis_url)
    client = app.test_client()
    first = page(client, "/products?sort=price_asc&q=jumputan&utm_source=kampanye")
    again = page(client, "/products?q=jumputan&sort=price_asc&q=other&in_stock=")
    assert store.keys("page-cache:id:*") == [b"page-cache:id:/products?q=jumputan&sort=price_asc"]
    assert first == again and "kampanye" not in first  # the language switch returns without it


def stored(client, path) -> str:
    """A page that must come from the page cache: no query sent for it."""
    with counted_queries() as statements:
        html = page(client, path)
    assert statements == [], f"{path} was rendered afresh"
    return html


@pytest.fixture
def two_shops(db):
    """A listing in each of two shops, both pages stored for anonymous visitors."""
    first = ProductFactory(title="Kain Jumputan Pelangi", variants=[(350_000, 3)])
    second = ProductFactory(title="Songket Limar", variants=[(900_000, 2)])
    return first, second


def test_an_answer_says_whether_the_page_cache_served_it(app, client, listing):
    assert client.get("/products").headers[page_cache.OUTCOME_HEADER] == "miss"
    assert client.get("/products").headers[page_cache.OUTCOME_HEADER] == "hit"
    login(client, UserFactory(roles=[Role.ARTISAN]))
    assert page_cache.OUTCOME_HEADER not in client.get(f"/products/{listing.id}").headers  # never stored


def test_a_checkout_on_one_shop_leaves_the_other_shops_pages_stored(app, client, two_shops):
    first, second = two_shops
    visitor = app.test_client()
    for path in (f"/products/{first.id}", f"/products/{second.id}", f"/shops/{second.shop.slug}"):
        page(visitor, path)
    login(client, UserFactory())
    add(client, first.variants[0], 3)
    assert place(client).status_code == 302
    stored(visitor, f"/products/{second.id}")
    stored(visitor, f"/shops/{second.shop.slug}")
    assert "Habis" in page(visitor, f"/products/{first.id}")  # the shop sold: its page is fresh


def test_a_change_to_a_listing_refreshes_its_page_its_shops_page_and_the_catalogue(app, two_shops):
    first, second = two_shops
    visitor = app.test_client()
    paths = [f"/products/{first.id}", f"/shops/{first.shop.slug}", "/products", "/",
             f"/products/{second.id}", f"/shops/{second.shop.slug}"]
    for path in paths:
        page(visitor, path)
    set_price_and_stock(first.variants[0], 425_000, 3, actor=first.shop.owner)
    _db.session.commit()
    for path in paths[:4]:
        assert "Rp 425.000" in page(visitor, path), path
    for path in paths[4:]:
        stored(visitor, path)


def test_removing_a_photo_refreshes_its_listing_and_leaves_other_shops_pages_stored(app, two_shops):
    first, second = two_shops
    first.images.append(ProductImage(alt_text="kain", thumb_key=f"products/{'a' * 20}.jpg",
                                     large_key=f"products/{'b' * 20}.jpg", width=10, height=10, position=0))
    _db.session.commit()
    visitor = app.test_client()
    assert f"{'b' * 20}.jpg" in page(visitor, f"/products/{first.id}")
    page(visitor, f"/products/{second.id}")
    remove_image(first.images[0], actor=first.shop.owner)
    _db.session.commit()
    assert f"{'b' * 20}.jpg" not in page(visitor, f"/products/{first.id}")
    stored(visitor, f"/products/{second.id}")


def test_a_listing_of_the_same_shop_shows_its_sibling_change_in_more_from_this_shop(app, db):
    shop = ShopFactory()
    first = ProductFactory(shop=shop, variants=[(350_000, 3)])
    sibling = ProductFactory(shop=shop, title="Tanjak Batik", variants=[(120_000, 1)])
    visitor = app.test_client()
    assert "Rp 120.000" in page(visitor, f"/products/{first.id}")
    set_price_and_stock(sibling.variants[0], 135_000, 1, actor=shop.owner)
    _db.session.commit()
    assert "Rp 135.000" in page(visitor, f"/products/{first.id}")


def test_a_review_refreshes_its_products_page_and_leaves_the_catalogue_stored(app, client, order):  # noqa: F811
    deliver(order)
    visitor = app.test_client()
    product_path = f"/products/{order.lines[0].product_id}"
    page(visitor, "/products")
    page(visitor, product_path)
    assert review(client, order, text="Warnanya cerah sekali.").status_code == 302
    assert "Warnanya cerah sekali." in page(visitor, product_path)
    stored(visitor, "/products")


def test_featuring_a_listing_refreshes_the_lists_and_leaves_product_pages_stored(app, two_shops):
    first, second = two_shops
    visitor = app.test_client()
    home = page(visitor, "/")
    page(visitor, f"/products/{second.id}")
    curator = UserFactory(roles=[Role.CURATOR])
    replace_featured(curator, [FeatureEntry(first.id)])
    _db.session.commit()
    assert page(visitor, "/") != home
    stored(visitor, f"/products/{second.id}")


def test_a_change_no_scope_covers_refreshes_every_page(app, redis_url, two_shops):
    first, second = two_shops
    visitor = app.test_client()
    page(visitor, f"/products/{second.id}")
    first.shop.cohort = CohortFactory(name="Angkatan Uji")  # shown as a badge: a cohort's row is new
    _db.session.commit()
    with counted_queries() as statements:
        page(visitor, f"/products/{second.id}")
    assert statements != []


def test_every_table_says_which_stored_pages_its_changes_refresh(app):
    """A new table left out would refresh every page on each change (or, listed wrongly, none)."""
    groups = [page_versions.UNSHOWN_TABLES, page_versions.LISTS_ONLY, page_versions.SITE_WIDE_TABLES,
              set(page_versions.PRODUCT_AND_SHOP_COLUMNS), set(page_versions.PARTLY_SHOWN_COLUMNS)]
    classified = [table for group in groups for table in group]
    assert sorted(classified) == sorted(set(classified)), "a table is in two groups"
    assert set(_db.metadata.tables) == set(classified)


def test_a_drawn_share_image_refreshes_its_product_page_and_leaves_the_rest_stored(app, two_shops):
    first, second = two_shops
    visitor = app.test_client()
    for path in (f"/products/{first.id}", f"/products/{second.id}", "/products"):
        page(visitor, path)
    redraw_share_image(first)
    _db.session.commit()
    shared = _db.session.get(ShareImage, first.id)
    assert shared.key in page(visitor, f"/products/{first.id}")  # its preview now shows the image
    stored(visitor, f"/products/{second.id}")
    stored(visitor, "/products")
