import re

import pytest

from marketplace.extensions import db as _db
from marketplace.products.models import DyeType, Fabric, ProductImage, ProductStatus, Technique
from marketplace.products.search import PREFIX_LIMIT
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory
from tests.helpers import login, queries_for


def titles(client, query="") -> list[str]:
    page = client.get(f"/products{query}").get_data(as_text=True)
    return re.findall(r'<span class="title">([^<]+)</span>', page)


def test_only_active_unhidden_listings_of_verified_shops_are_public(client, db):
    ProductFactory(title="Tampil Aktif")
    ProductFactory(title="Masih Draf", status=ProductStatus.DRAFT)
    ProductFactory(title="Sudah Arsip", status=ProductStatus.ARCHIVED)
    ProductFactory(title="Disembunyikan", hidden=True, hidden_reason="Foto bukan milik sendiri")
    for state in (ShopState.PENDING, ShopState.SUSPENDED, ShopState.REJECTED):
        ProductFactory(title=f"Toko {state}", shop=ShopFactory(state=state))
    assert titles(client) == ["Tampil Aktif"]
    assert "Tampil Aktif" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("state", "status", "hidden"), [
    (ShopState.PENDING, ProductStatus.ACTIVE, False), (ShopState.VERIFIED, ProductStatus.DRAFT, False),
    (ShopState.VERIFIED, ProductStatus.ACTIVE, True), (ShopState.SUSPENDED, ProductStatus.ACTIVE, False),
])
def test_a_product_page_that_is_not_public_is_404_but_previewable_by_its_owner(
        app, client, db, state, status, hidden):
    product = ProductFactory(shop=ShopFactory(state=state), status=status, hidden=hidden)
    assert client.get(f"/products/{product.id}").status_code == 404
    owner = app.test_client()
    login(owner, product.shop.owner)
    assert "Pratinjau" in owner.get(f"/products/{product.id}").get_data(as_text=True)


def test_the_product_page_shows_provenance_stock_and_the_shop(client, db):
    product = ProductFactory(title="Kain Jumputan Pelangi", technique=Technique.JUMPUTAN,
                             motif_meaning="Warna pelangi melambangkan keberagaman.",
                             variants=[(250_000, 2), (400_000, 0)])
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    for text in ("Rp 250.000 – Rp 400.000", "Tinggal 2", "Habis", "Jumputan", "Pewarna alam",
                 "Terverifikasi Dekranasda Banyuasin", "keberagaman", "https://wa.me/6281234567890"):
        assert text in page


def test_made_to_order_says_how_long(client, db):
    product = ProductFactory(made_to_order=True, production_days=14, variants=[(900_000, 0)])
    assert "Dibuat sesuai pesanan, 14 hari" in client.get(f"/products/{product.id}").get_data(as_text=True)


def test_printed_cloth_is_always_labelled_as_printed(client, db):
    product = ProductFactory(technique=Technique.PRINTED, dye_type=DyeType.SYNTHETIC, dye_source="remazol")
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert "Tekstil motif batik (cetak, bukan batik)" in page and "Ini bukan batik" in page
    assert "cetak, bukan batik" in client.get("/products").get_data(as_text=True)


@pytest.mark.parametrize(("query", "expected"), [
    ("pedada", ["Kain Pedada Merah"]),
    ("PEDADA merah", ["Kain Pedada Merah"]),
    ("peda", ["Kain Pedada Merah"]),                 # a word's beginning is enough
    ("kembang janggut", ["Selendang Sutra"]),         # the motif
    ("Sungsang", ["Kain Pedada Merah"]),             # the shop's name
    ("indigo", ["Selendang Sutra"]),                  # the description
    ("tidakada", []),
    ('"; DROP TABLE products; --', []),
    ("pedada*)(:^", ["Kain Pedada Merah"]),         # query syntax is never passed through
    ("pedada OR selendang", []),                     # every word must match
])
def test_search_matches_title_motif_description_and_shop(client, db, query, expected):
    ProductFactory(title="Kain Pedada Merah", shop=ShopFactory(name="Batik Sungsang"),
                   description="Dicelup kulit kayu mangrove.")
    ProductFactory(title="Selendang Sutra", motif_name="Kembang Janggut", description="Biru dari indigo.",
                   shop=ShopFactory(name="Tenun Indah"),
                   motif_meaning="Janggut naga.", dye_source="indigo")
    assert titles(client, f"?q={query}") == expected


def test_a_term_longer_than_the_stored_beginnings_still_matches_whole_words_only(client, db):
    """PostgreSQL stores each word's first PREFIX_LIMIT letters for lookup; past them the words decide."""
    word = "mangrove" * 3
    assert len(word) > PREFIX_LIMIT
    ProductFactory(title=f"Kain {word.title()}")
    ProductFactory(title="Kain " + (word[:PREFIX_LIMIT] + "lain").title())
    assert titles(client, f"?q={word[:-1]}") == [f"Kain {word.title()}"]
    assert titles(client, f"?q={word}x") == []
    assert len(titles(client, f"?q={word[:PREFIX_LIMIT]}")) == 2


def test_search_follows_a_shop_rename(client, db):
    shop = ShopFactory(name="Batik Lama")
    ProductFactory(shop=shop, title="Kain Songket Motif")
    from marketplace.shops.services import ShopDetails, update_shop

    update_shop(shop, ShopDetails(name="Tenun Talang Kelapa", story=shop.story, kecamatan="Talang Kelapa",
                                  village="Sukajadi", whatsapp="081234567890"))
    _db.session.commit()
    assert titles(client, "?q=talang") == ["Kain Songket Motif"]


@pytest.fixture
def assortment(db):
    cap = ShopFactory(name="Batik Cap Betung")
    return {
        "tulis": ProductFactory(title="Tulis Alam Sutra", fabric=Fabric.SUTRA, variants=[(2_500_000, 1)]),
        "cap": ProductFactory(shop=cap, title="Cap Sintetis", technique=Technique.BATIK_CAP,
                              dye_type=DyeType.SYNTHETIC, dye_source="naptol", variants=[(300_000, 0)]),
        "jumputan": ProductFactory(title="Jumputan Rayon", technique=Technique.JUMPUTAN, fabric=Fabric.RAYON,
                                   variants=[(150_000, 4), (600_000, 1)]),
        "pesanan": ProductFactory(title="Pesanan Khusus", made_to_order=True, production_days=21,
                                  variants=[(1_000_000, 0)]),
    }


@pytest.mark.parametrize(("query", "expected"), [
    ("?technique=batik_cap", {"Cap Sintetis"}),
    ("?technique=jumputan", {"Jumputan Rayon"}),
    ("?dye_type=synthetic", {"Cap Sintetis"}),
    ("?dye_type=natural&fabric=sutra", {"Tulis Alam Sutra"}),
    ("?fabric=rayon", {"Jumputan Rayon"}),
    ("?shop=batik-cap-betung", {"Cap Sintetis"}),
    ("?min_price=500000&max_price=700000", {"Jumputan Rayon"}),
    ("?min_price=Rp+1.000.000", {"Tulis Alam Sutra", "Pesanan Khusus"}),
    ("?max_price=200000", {"Jumputan Rayon"}),
    ("?in_stock=1", {"Tulis Alam Sutra", "Jumputan Rayon", "Pesanan Khusus"}),
    ("?in_stock=1&technique=batik_cap", set()),
])
def test_each_filter_and_their_combinations(client, assortment, query, expected):
    assert set(titles(client, query)) == expected


@pytest.mark.parametrize(("sort", "expected"), [
    ("price_asc", ["Jumputan Rayon", "Cap Sintetis", "Pesanan Khusus", "Tulis Alam Sutra"]),
    ("price_desc", ["Tulis Alam Sutra", "Pesanan Khusus", "Cap Sintetis", "Jumputan Rayon"]),
    ("newest", ["Pesanan Khusus", "Jumputan Rayon", "Cap Sintetis", "Tulis Alam Sutra"]),
])
def test_sorting(client, assortment, sort, expected):
    assert titles(client, f"?sort={sort}") == expected


@pytest.mark.parametrize("query", [
    "?technique=sablon", "?dye_type=%00", "?min_price=-5", "?max_price=abc", "?min_price=99999999999999",
    "?sort=random()", "?page=-1", "?page=abc", "?page=99999999999", "?fabric[]=x", "?q=" + "x" * 500,
    "?shop=" + "%F0%9F%A7%B5" * 20, "?in_stock=maybe",
])
def test_malformed_parameters_never_break_the_catalog(client, assortment, query):
    response = client.get(f"/products{query}")
    assert response.status_code == 200


def test_unusable_filters_are_named(client, assortment):
    page = client.get("/products?technique=sablon&min_price=murah").get_data(as_text=True)
    assert "diabaikan: technique, min_price" in page


def test_pagination_keeps_the_filters(client, db):
    for number in range(30):
        ProductFactory(title=f"Jumputan {number:02d}", technique=Technique.JUMPUTAN)
    ProductFactory(title="Tulis Lain")
    first = client.get("/products?technique=jumputan&sort=price_asc").get_data(as_text=True)
    assert "Halaman 1 dari 2" in first
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "technique=jumputan" in next_link and "sort=price_asc" in next_link and "page=2" in next_link
    assert len(titles(client, next_link.removeprefix("/products"))) == 6


def _listings(count, shop):
    products = [ProductFactory(shop=shop, variants=[(200_000, 3), (300_000, 1)]) for _ in range(count)]
    for product in products:
        product.images.extend(ProductImage(alt_text="kain", thumb_key=f"products/{'a' * 20}{i}.jpg",
                                           large_key=f"products/{'b' * 20}{i}.jpg", width=10, height=10,
                                           position=i) for i in range(2))
    _db.session.commit()
    return products


@pytest.mark.parametrize("path", ["/products", "/products?q=kain&technique=batik_tulis", "/", "/shops/{slug}",
                                  "/products/{first}", "/shops", "/products?page=2"])
def test_pages_run_the_same_small_number_of_queries_for_4_and_40_products(make_app, path):
    counts = []
    for size in (4, 40):
        app = make_app()
        shop = ShopFactory(slug="toko")
        first = _listings(size, shop)[0]
        counts.append(queries_for(app.test_client(), path.format(slug=shop.slug, first=first.id)))
    assert counts[0] == counts[1] <= 4, counts
