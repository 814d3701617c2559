"""Reach figures: listing and shop page views and share taps counted per day on the site itself (no
cookie, nothing about the visitor), moved from Redis to the daily tables by a job, drawn on the
artisan's dashboard and added up per training cohort in the impact report."""

import csv
import io
import re
from datetime import timedelta
from html import unescape
from urllib.parse import unquote

import pytest
from redis import Redis
from sqlalchemy import select

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.products.models import ProductStatus
from marketplace.reach import counting
from marketplace.reach.counting import Kind, Measure, add_counts, day_key
from marketplace.reach.models import ProductReachDay, ShopReachDay
from marketplace.reports import impact
from marketplace.reports.periods import Period
from marketplace.reports.sales import NO_COHORT
from marketplace.schedule.tasks import flush_reach
from marketplace.shops.models import ShopState
from marketplace.web.localtime import today
from tests.browser import log_in
from tests.factories import CohortFactory, ProductFactory, ShopFactory, UserFactory
from tests.helpers import assert_fits_a_phone, login
from tests.redis_helpers import redis_url_or_skip
from tests.test_ledger import make_order
from tests.test_sharing import SITE

PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0 Mobile Safari/537.36"}
FETCHERS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "WhatsApp/2.23.20.0 A", "Mozilla/5.0 (compatible; bingbot/2.0)", "AhrefsSiteAuditCrawler", ""]


@pytest.fixture
def product(db):
    owner = UserFactory(roles=[Role.CUSTOMER, Role.ARTISAN], locale="en")
    return ProductFactory(shop=ShopFactory(owner=owner, name="Batik Sungsang"), title="Kain Pedada",
                          variants=[(350_000, 3)])


def product_figures(product_id):
    return [(row.day, row.views, row.shares) for row in _db.session.scalars(
        select(ProductReachDay).where(ProductReachDay.product_id == product_id))]


def shop_figures(shop_id):
    return [(row.day, row.views, row.shares) for row in _db.session.scalars(
        select(ShopReachDay).where(ShopReachDay.shop_id == shop_id))]


def test_each_view_of_a_listing_and_its_shop_is_counted_for_today(client, product):
    for _ in range(2):
        assert client.get(f"/products/{product.id}", headers=PHONE).status_code == 200
    assert client.get(f"/shops/{product.shop.slug}?page=1", headers=PHONE).status_code == 200
    assert product_figures(product.id) == [(today(), 2, 0)]
    assert shop_figures(product.shop_id) == [(today(), 1, 0)]


def test_the_daily_tables_hold_counts_and_nothing_about_the_visitors(client, product):
    client.get(f"/products/{product.id}", headers=PHONE)
    columns = {column.name for model in (ProductReachDay, ShopReachDay) for column in model.__table__.columns}
    assert columns == {"product_id", "shop_id", "day", "views", "shares"}


@pytest.mark.parametrize("agent", FETCHERS)
def test_search_engines_and_link_preview_fetchers_are_not_counted(client, product, agent):
    assert client.get(f"/products/{product.id}", headers={"User-Agent": agent}).status_code == 200
    assert client.get(f"/shops/{product.shop.slug}", headers={"User-Agent": agent}).status_code == 200
    assert product_figures(product.id) == [] and shop_figures(product.shop_id) == []


def test_a_prefetch_is_not_a_view(client, product):
    client.get(f"/products/{product.id}", headers={**PHONE, "Sec-Purpose": "prefetch;prerender"})
    assert product_figures(product.id) == []


def test_the_shop_s_own_artisan_and_the_agency_are_not_counted_but_other_artisans_are(app, product, curator):
    owner = app.test_client()
    login(owner, product.shop.owner)
    owner.get(f"/products/{product.id}", headers=PHONE)
    owner.get(f"/shops/{product.shop.slug}", headers=PHONE)
    agency = app.test_client()
    login(agency, curator)
    agency.get(f"/products/{product.id}", headers=PHONE)
    assert product_figures(product.id) == [] and shop_figures(product.shop_id) == []
    other_artisan = app.test_client()
    login(other_artisan, ShopFactory().owner)
    other_artisan.get(f"/products/{product.id}", headers=PHONE)
    assert product_figures(product.id) == [(today(), 1, 0)]


def test_pages_that_are_not_found_or_not_public_are_not_counted(client, product, db):
    draft = ProductFactory(shop=product.shop, status=ProductStatus.DRAFT)
    assert client.get(f"/products/{draft.id}", headers=PHONE).status_code == 404
    assert client.get("/shops/no-such-shop", headers=PHONE).status_code == 404
    assert client.head(f"/products/{product.id}", headers=PHONE).status_code == 200
    assert product_figures(draft.id) == [] and product_figures(product.id) == []
    assert _db.session.scalars(select(ShopReachDay)).all() == []


def test_counts_of_the_same_day_add_up_and_of_vanished_listings_are_left_out(app, product):
    day = today() - timedelta(days=3)
    add_counts(day, {(Kind.PRODUCT, str(product.id), Measure.VIEWS): 4,
                     (Kind.PRODUCT, "999999", Measure.VIEWS): 2,
                     (Kind.SHOP, product.shop.slug, Measure.SHARES): 1,
                     (Kind.SHOP, "gone", Measure.VIEWS): 5})
    add_counts(day, {(Kind.PRODUCT, str(product.id), Measure.VIEWS): 1,
                     (Kind.PRODUCT, str(product.id), Measure.SHARES): 2})
    assert product_figures(product.id) == [(day, 5, 2)]
    assert shop_figures(product.shop_id) == [(day, 0, 1)]
    assert _db.session.scalars(select(ProductReachDay.product_id)).all() == [product.id]


# Sharing through the site

def test_the_share_links_of_a_listing_and_a_shop_go_through_the_site(client, product):
    html = client.get(f"/products/{product.id}", headers=PHONE).get_data(as_text=True)
    assert f'href="/share/whatsapp/product/{product.id}"' in html
    assert f'href="/share/facebook/product/{product.id}"' in html
    html = client.get(f"/shops/{product.shop.slug}", headers=PHONE).get_data(as_text=True)
    assert f'href="/share/whatsapp/shop/{product.shop.slug}"' in html
    html = client.get(f"/products/{product.id}?lang=en", headers=PHONE).get_data(as_text=True)
    assert f'href="/share/facebook/product/{product.id}?lang=en"' in html


def test_a_share_tap_is_counted_then_opens_whatsapp_with_the_listing_s_link(client, product):
    response = client.get(f"/share/whatsapp/product/{product.id}", headers=PHONE)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://wa.me/?text=")
    assert unquote(response.headers["Location"]).endswith(f" {SITE}/products/{product.id}")
    assert response.headers["Cache-Control"] == "no-store"
    response = client.get(f"/share/facebook/shop/{product.shop.slug}", headers=PHONE)
    assert response.headers["Location"] == (
        "https://www.facebook.com/sharer/sharer.php?u=" + f"{SITE}/shops/{product.shop.slug}".replace(
            ":", "%3A").replace("/", "%2F"))
    assert product_figures(product.id) == [(today(), 0, 1)]
    assert shop_figures(product.shop_id) == [(today(), 0, 1)]


def test_a_share_link_in_english_shares_the_english_text(client, product):
    location = client.get(f"/share/whatsapp/product/{product.id}?lang=en", headers=PHONE).headers["Location"]
    assert "on the Banyuasin Batik Market" in unquote(location)
    assert unquote(location).endswith(f"/products/{product.id}?lang=en")


@pytest.mark.parametrize("path", [
    "/share/evil/product/{id}", "/share/https:%2F%2Fevil.example/product/{id}", "/share/whatsapp/order/{id}",
    "/share/whatsapp/product/abc", "/share/whatsapp/product/999999", "/share/whatsapp/shop/no-such-shop",
    "/share/whatsapp/product/{draft}"])
def test_a_share_link_opens_only_the_known_services_for_public_pages(client, product, path):
    draft = ProductFactory(shop=product.shop, status=ProductStatus.DRAFT)
    response = client.get(path.format(id=product.id, draft=draft.id), headers=PHONE)
    assert response.status_code == 404
    assert "Location" not in response.headers
    assert _db.session.scalars(select(ProductReachDay)).all() == []


def test_a_share_link_ignores_where_the_request_asks_to_go(client, product):
    response = client.get(f"/share/whatsapp/product/{product.id}?next=https://evil.example&url=evil",
                          headers={**PHONE, "Host": "evil.example"})
    assert response.headers["Location"].startswith("https://wa.me/?text=")
    assert "evil" not in response.headers["Location"]


def test_a_shop_not_verified_has_no_share_link(client, db):
    shop = ShopFactory(state=ShopState.PENDING)
    assert client.get(f"/share/whatsapp/shop/{shop.slug}", headers=PHONE).status_code == 404


def test_a_fetcher_following_a_share_link_is_not_counted(client, product):
    response = client.get(f"/share/whatsapp/product/{product.id}", headers={"User-Agent": FETCHERS[0]})
    assert response.status_code == 303
    assert product_figures(product.id) == []


def test_search_engines_are_asked_to_stay_out_of_the_share_links(client, db):
    assert "Disallow: /share" in client.get("/robots.txt").get_data(as_text=True).splitlines()


# With Redis: the page cache, and the job that moves the counts to the database

@pytest.fixture
def redis_url():
    return redis_url_or_skip(1)


@pytest.fixture
def cached_app(make_app, redis_url):
    return make_app(REDIS_URL=redis_url)


def test_a_page_from_the_page_cache_counts_as_one_rendered(cached_app, redis_url):
    product = ProductFactory()
    client = cached_app.test_client()
    outcomes = [client.get(f"/products/{product.id}", headers=PHONE).headers["X-Page-Cache"]
                for _ in range(3)]
    assert outcomes == ["miss", "hit", "hit"]
    client.get(f"/shops/{product.shop.slug}", headers=PHONE)
    client.get(f"/share/facebook/product/{product.id}", headers=PHONE)
    waiting = Redis.from_url(redis_url).hgetall(day_key(today()))
    assert waiting == {f"product:{product.id}:views".encode(): b"3",
                       f"shop:{product.shop.slug}:views".encode(): b"1",
                       f"product:{product.id}:shares".encode(): b"1"}
    assert product_figures(product.id) == []  # not yet in the database: the job moves them


def test_the_flush_job_moves_the_counts_into_the_daily_tables_once(cached_app, redis_url):
    product = ProductFactory()
    store = Redis.from_url(redis_url)
    yesterday = today() - timedelta(days=1)
    store.hset(day_key(yesterday), mapping={f"product:{product.id}:views": 7,
                                            f"shop:{product.shop.slug}:shares": 2})
    client = cached_app.test_client()
    client.get(f"/products/{product.id}", headers=PHONE)
    assert flush_reach() == 10
    assert sorted(product_figures(product.id)) == [(yesterday, 7, 0), (today(), 1, 0)]
    assert shop_figures(product.shop_id) == [(yesterday, 0, 2)]
    assert store.keys("reach:*") == []
    assert flush_reach() == 0
    assert sorted(product_figures(product.id)) == [(yesterday, 7, 0), (today(), 1, 0)]


def test_counts_the_database_refused_wait_in_redis_for_the_next_flush(cached_app, redis_url, monkeypatch):
    product = ProductFactory()
    store = Redis.from_url(redis_url)
    store.hset(day_key(today()), f"product:{product.id}:views", 3)

    def refuse(day, counts):
        raise counting.SQLAlchemyError("database gone")

    monkeypatch.setattr(counting, "add_counts", refuse)
    with pytest.raises(counting.SQLAlchemyError):
        flush_reach()
    assert store.hgetall(day_key(today())) == {f"product:{product.id}:views".encode(): b"3"}
    monkeypatch.undo()
    assert flush_reach() == 3
    assert product_figures(product.id) == [(today(), 3, 0)]


def test_counting_leaves_the_stored_pages_in_place(cached_app, redis_url):
    """Counts are written outside the session the page cache follows: a view renders nothing afresh."""
    product = ProductFactory()
    client = cached_app.test_client()
    client.get(f"/products/{product.id}", headers=PHONE)
    flush_reach()
    assert client.get(f"/products/{product.id}", headers=PHONE).headers["X-Page-Cache"] == "hit"


def test_a_page_is_served_when_redis_does_not_answer(make_app):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/1", PAGE_CACHE_SECONDS=0)  # nothing listens on port 1
    product = ProductFactory()
    assert app.test_client().get(f"/products/{product.id}", headers=PHONE).status_code == 200


# The artisan's dashboard

@pytest.fixture
def owner_client(app, product):
    client = app.test_client()
    login(client, product.shop.owner)
    return client


def chart(html: str, chart_id: str) -> str:
    pattern = rf'<figure class="reach-chart">\s*<svg[^>]*aria-labelledby="{chart_id}-title.*?</figure>'
    return re.search(pattern, html, re.S).group(0)


def test_the_dashboard_draws_each_listing_s_last_30_days_with_a_text_equivalent(owner_client, product):
    other = ProductFactory(shop=product.shop, title="Jumputan Betung")
    days_ago = {2: 5, 9: 3, 31: 50}  # 31 days ago is out of the window
    for ago, views in days_ago.items():
        add_counts(today() - timedelta(days=ago), {(Kind.PRODUCT, str(product.id), Measure.VIEWS): views,
                                                   (Kind.PRODUCT, str(product.id), Measure.SHARES): 1})
    add_counts(today(), {(Kind.SHOP, product.shop.slug, Measure.VIEWS): 12,
                         (Kind.PRODUCT, str(ProductFactory().id), Measure.VIEWS): 99})  # another shop's
    html = owner_client.get("/dashboard").get_data(as_text=True)
    listing = chart(html, f"reach-{product.id}")
    assert listing.count('class="views"') == 2  # the two days counted in the window; empty days draw nothing
    assert listing.count('class="shares"') == 2
    text = re.search(rf'id="reach-{product.id}-text">(.*?)</figcaption>', listing, re.S).group(1)
    most = (today() - timedelta(days=2)).strftime("%-d %b")
    assert " ".join(text.split()) == f"8 views · 2 shares · most views on {most} (5)"
    assert "0 views · 0 shares" in chart(html, f"reach-{other.id}")
    assert "12 views · 0 shares" in chart(html, "reach-shop")
    assert "99 views" not in html
    assert 'style="' not in listing


def test_a_draft_without_figures_has_no_chart(owner_client, product):
    draft = ProductFactory(shop=product.shop, status=ProductStatus.DRAFT)
    html = owner_client.get("/dashboard").get_data(as_text=True)
    assert f'id="reach-{product.id}-title"' in html and f'id="reach-{draft.id}-title"' not in html


@pytest.mark.browser
def test_on_a_phone_the_dashboard_s_charts_fit(page, product):
    for ago in range(30):
        add_counts(today() - timedelta(days=ago), {(Kind.PRODUCT, str(product.id), Measure.VIEWS): ago + 1,
                                                   (Kind.PRODUCT, str(product.id), Measure.SHARES): ago % 3})
    log_in(page, product.shop.owner)
    page.goto("/dashboard")
    assert page.locator(".reach-chart svg").count() == 2
    assert_fits_a_phone(page)
    box = page.locator(f"#product-{product.id} .reach-chart svg").bounding_box()
    assert 200 <= box["width"] <= 340


# The impact report

@pytest.fixture
def cohorts(db):
    """Two cohorts and a shop without: views, shares and paid orders in a 30-day period, and some
    outside it that must not count."""
    older, newer = CohortFactory(name="Angkatan 2024"), CohortFactory(name="Angkatan 2025")
    sungsang = ProductFactory(shop=ShopFactory(cohort=older), variants=[(300_000, 50)])
    betung = ProductFactory(shop=ShopFactory(cohort=newer), variants=[(150_000, 50)])
    alone = ProductFactory(shop=ShopFactory(), variants=[(200_000, 50)])
    period = Period(today() - timedelta(days=29), today())
    inside, outside = today() - timedelta(days=5), today() - timedelta(days=40)
    add_counts(inside, {(Kind.PRODUCT, str(sungsang.id), Measure.VIEWS): 180,
                        (Kind.PRODUCT, str(sungsang.id), Measure.SHARES): 9,
                        (Kind.SHOP, sungsang.shop.slug, Measure.VIEWS): 20,
                        (Kind.PRODUCT, str(alone.id), Measure.VIEWS): 40})
    add_counts(outside, {(Kind.PRODUCT, str(betung.id), Measure.VIEWS): 500,
                         (Kind.PRODUCT, str(sungsang.id), Measure.SHARES): 100})
    for _ in range(3):
        make_order((sungsang, 1))
    make_order((alone, 1))
    make_order((betung, 1))  # an order without a view counted in the period
    return period


def test_reach_per_cohort_adds_views_and_shares_and_orders_per_100_views(cohorts):
    figures = {row.name: (row.views, row.shares, row.orders, row.orders_per_100_views)
               for row in impact.cohort_reach(cohorts)}
    assert figures == {"Angkatan 2024": (200, 9, 3, 1.5), "Angkatan 2025": (0, 0, 1, None),
                       str(NO_COHORT): (40, 0, 1, 2.5)}


def test_the_impact_page_shows_the_reach_of_each_cohort_for_the_period_asked(app, cohorts, curator):
    client = app.test_client()
    login(client, curator)
    first, last = cohorts.first.isoformat(), cohorts.last.isoformat()
    html = client.get(f"/admin/reports/impact?first={first}&last={last}&lang=en").get_data(as_text=True)
    section = html[html.index('id="impact-reach"'):html.index('id="impact-artisans"')]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split())
            for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)]
    assert "Angkatan 2024 200 9 3 1.5" in rows and "Angkatan 2025 0 0 1 —" in rows
    csv_link = f"/admin/reports/impact/reach.csv?first={first}&amp;last={last}"
    assert csv_link in section
    rows = list(csv.reader(io.StringIO(client.get(unescape(csv_link)).get_data(as_text=True))))
    assert rows[0] == ["cohort_id", "cohort", "views", "shares", "orders", "orders_per_100_views"]
    assert ["Angkatan 2024", "200", "9", "3", "1.5"] in [row[1:] for row in rows]
    assert client.get("/admin/reports/impact/reach.csv?first=x&last=y").status_code == 400
    response = client.get("/admin/reports/impact?first=2025-02-01&last=2025-01-01")
    assert response.status_code == 400
    assert "impact-cohorts" in response.get_data(as_text=True)  # the rest of the report still shows
