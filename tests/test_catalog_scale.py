"""How the catalogue behaves when it is large: counts that stop, a shop filter that steps aside,
and cards built for one page in the order its ids were picked."""

import re

import pytest
from sqlalchemy import select, text

from marketplace.products import catalog, search
from marketplace.products.models import Product, ProductStatus, Variant
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory
from tests.helpers import login, post_form


def titles(client, query="") -> list[str]:
    page = client.get(f"/products{query}").get_data(as_text=True)
    return re.findall(r'<span class="title">([^<]+)</span>', page)


def test_past_the_count_limit_the_catalog_says_more_than_and_still_pages_on(client, db, monkeypatch):
    monkeypatch.setattr(catalog, "COUNT_LIMIT", 30)
    for number in range(50):
        ProductFactory(title=f"Kain {number}")
    db.session.commit()
    first = client.get("/products").get_data(as_text=True)
    assert "Lebih dari 30 kain" in first and "Halaman 1</span>" in first and 'rel="next"' in first
    # Page 2 counts to its own end and one past it: still "more", still a next page.
    second = client.get("/products?page=2").get_data(as_text=True)
    assert "Lebih dari 48 kain" in second and 'rel="next"' in second
    last = client.get("/products?page=3").get_data(as_text=True)
    assert "50 kain" in last and "Lebih dari" not in last and 'rel="next"' not in last
    assert titles(client, "?page=3") == ["Kain 1", "Kain 0"]


def test_under_the_count_limit_the_exact_count_shows(client, db):
    for number in range(3):
        ProductFactory(title=f"Kain {number}")
    db.session.commit()
    page = client.get("/products").get_data(as_text=True)
    assert "3 kain" in page and "Lebih dari" not in page and 'class="pagination"' not in page


def test_the_shop_filter_lists_verified_shops_until_there_are_too_many(client, db, monkeypatch):
    monkeypatch.setattr(catalog, "SHOP_FILTER_LIMIT", 2)
    ProductFactory(shop=ShopFactory(name="Batik Satu"))
    ProductFactory(shop=ShopFactory(name="Batik Menunggu", state=ShopState.PENDING))
    db.session.commit()
    page = client.get("/products").get_data(as_text=True)
    assert 'id="f-shop"' in page and "Batik Satu" in page and "Batik Menunggu" not in page
    for name in ("Batik Dua", "Batik Tiga"):
        ProductFactory(shop=ShopFactory(name=name))
    db.session.commit()
    assert 'id="f-shop"' not in client.get("/products").get_data(as_text=True)
    slug = ShopFactory._meta.sqlalchemy_session.scalar(
        catalog.select(catalog.Shop.slug).where(catalog.Shop.name == "Batik Dua"))
    filtered = client.get(f"/products?shop={slug}").get_data(as_text=True)
    assert f'name="shop" value="{slug}"' in filtered and titles(client, f"?shop={slug}") != []


def test_sorting_by_price_and_newest_orders_the_cards(client, db):
    for number, price in enumerate((300_000, 100_000, 200_000, 400_000)):
        ProductFactory(title=f"Kain {number}", variants=[(price, 1)])
    ProductFactory(title="Draf", status=ProductStatus.DRAFT, variants=[(50_000, 1)])
    db.session.commit()
    assert titles(client, "?sort=price_asc") == ["Kain 1", "Kain 2", "Kain 0", "Kain 3"]
    assert titles(client, "?sort=price_desc") == ["Kain 3", "Kain 0", "Kain 2", "Kain 1"]
    assert titles(client) == ["Kain 3", "Kain 2", "Kain 1", "Kain 0"]


def lowest_prices(db) -> dict[str, int | None]:
    return dict(db.session.execute(select(Product.title, Product.min_price)).all())


def test_sorting_by_price_follows_every_change_of_the_variants(client, db):
    """The lowest price is kept on the product for the sort; an edit, a removal, a new variant or
    SQL written outside the app all move it."""
    shop = ShopFactory()
    login(client, shop.owner)
    cheap = ProductFactory(shop=shop, title="Kain Murah", variants=[(100_000, 1)])
    dear = ProductFactory(shop=shop, title="Kain Mahal", variants=[(500_000, 1), (600_000, 1)])
    assert titles(client, "?sort=price_asc") == ["Kain Murah", "Kain Mahal"]

    post_form(client, f"/dashboard/variants/{cheap.variants[0].id}", {"price": "700000", "stock": "1"},
              page="/dashboard")
    assert titles(client, "?sort=price_asc") == ["Kain Mahal", "Kain Murah"]
    assert lowest_prices(db) == {"Kain Murah": 700_000, "Kain Mahal": 500_000}

    first, second = dear.variants
    db.session.delete(first)
    dear.variants.append(Variant(shop_id=shop.id, sku="M-3", name="Selendang", price=550_000, position=2))
    db.session.commit()
    assert lowest_prices(db) == {"Kain Murah": 700_000, "Kain Mahal": 550_000}

    db.session.execute(text("UPDATE variants SET price = 90000 WHERE id = :id"), {"id": second.id})
    db.session.commit()
    assert lowest_prices(db)["Kain Mahal"] == 90_000
    assert titles(client, "?sort=price_desc") == ["Kain Murah", "Kain Mahal"]


def plain_listing(title: str):
    """A listing whose title is the only place a search word can be found."""
    return ProductFactory(title=title, description="Kain katun.", motif_meaning="", motif_name="Bintang")


def test_a_search_matching_more_than_the_count_limit_lists_the_newest_first_and_says_so(client, db,
                                                                                       monkeypatch):
    monkeypatch.setattr(catalog, "COUNT_LIMIT", 24)
    for number in range(26):  # the two oldest name the motif twice: ranked, they would come first
        title = "Jumputan Jumputan" if number < 2 else "Jumputan"
        plain_listing(f"{title} {number}")
    broad = client.get("/products?q=jumputan").get_data(as_text=True)
    assert titles(client, "?q=jumputan") == [f"Jumputan {number}" for number in range(25, 1, -1)]
    assert "Lebih dari 24 kain" in broad and "yang terbaru tampil lebih dulu" in broad
    assert re.search(r'<option value="newest" selected>', broad)


def test_a_search_past_the_count_limit_keeps_the_price_order_it_was_asked_for(client, db, monkeypatch):
    monkeypatch.setattr(catalog, "COUNT_LIMIT", 24)
    prices = {f"Jumputan {number}": 100_000 + (number * 7 % 26) * 1_000 for number in range(26)}
    for title, price in prices.items():
        ProductFactory(title=title, variants=[(price, 1)])
    page = client.get("/products?q=jumputan&sort=price_asc").get_data(as_text=True)
    assert titles(client, "?q=jumputan&sort=price_asc") == sorted(prices, key=prices.get)[:24]
    assert titles(client, "?q=jumputan&sort=price_desc") == sorted(prices, key=prices.get, reverse=True)[:24]
    assert "Lebih dari 24 kain" in page and "yang terbaru tampil lebih dulu" not in page


def test_a_search_within_the_count_limit_ranks_by_relevance(client, db, monkeypatch):
    monkeypatch.setattr(catalog, "COUNT_LIMIT", 3)
    plain_listing("Jumputan Jumputan Lama")
    plain_listing("Jumputan Baru")
    narrow = client.get("/products?q=jumputan").get_data(as_text=True)
    assert titles(client, "?q=jumputan") == ["Jumputan Jumputan Lama", "Jumputan Baru"]
    assert "yang terbaru tampil lebih dulu" not in narrow


def _plan(db, selection) -> str:
    statement = selection.limit(24).compile(db.engine, compile_kwargs={"literal_binds": True})
    return " ".join(row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {statement}")))


def test_on_sqlite_a_broad_search_walks_the_newest_first_index_instead_of_every_match(db):
    """Fetching each of thousands of matches by id and sorting them all took 12 ms at 100,000
    listings; walking the newest-first index stops after one page (1.6 ms)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner chooses from its statistics")
    plain_listing("Jumputan")
    filters = catalog.CatalogFilters(q="jumputan", sort="newest")
    assert "ix_products_created_at" in _plan(db, catalog._selection(filters, broad=True)[0])
    # a narrow search still starts from its few matches
    assert "ix_products_created_at" not in _plan(db, catalog._selection(filters)[0])


def _postgres_plan(db, statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a handful of rows would not need an index
    return "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))


def test_on_postgresql_a_search_looks_its_terms_up_as_whole_index_entries(db):
    """Matching `term:*` made GIN gather every word the term begins first: counting a thousand matches
    of a two-word search took 8.9 ms at 100,000 listings, 3.2 ms looked up as stored beginnings."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 indexes word beginnings itself")
    plain_listing("Jumputan Pelangi")
    lookup = _postgres_plan(db, select(Product.id).where(search.matching(["jump", "pela"]).condition))
    assert "ix_products_search_prefixes" in lookup and "''jump'' & ''pela''" in lookup
    # a broad search tests each row's words as it walks the newest first: no search index to read
    filters = catalog.CatalogFilters(q="jump pela", sort="newest")
    broad = _postgres_plan(db, catalog._selection(filters, broad=True)[0].limit(24))
    assert "search_vector @@" in broad and "ix_products_search_prefixes" not in broad


def test_on_sqlite_sorting_by_price_walks_the_price_index_also_for_a_broad_search(db):
    """Each listing's lowest price worked out from its variants, then all sorted: 200 ms for a page
    of 100,000 listings by price. Kept on the product, the index gives the page in order."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner chooses from its statistics")
    plain_listing("Jumputan")
    for sort in ("price_asc", "price_desc"):
        listing = catalog._selection(catalog.CatalogFilters(sort=sort))[0]
        broad = catalog._selection(catalog.CatalogFilters(q="jumputan", sort=sort), broad=True)[0]
        assert "ix_products_min_price_id" in _plan(db, listing)
        assert "ix_products_min_price_id" in _plan(db, broad)
