import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role
from marketplace.curation import clock
from marketplace.curation.collections import (
    CollectionDetails,
    add_to_collection,
    collection_cards,
    create_collection,
    published_collections,
)
from marketplace.curation.exceptions import DuplicateProduct, ProductNotActive, ShopNotVerified
from marketplace.curation.models import Collection, CollectionItem, FeaturedProduct
from marketplace.extensions import db as _db
from marketplace.products.models import ProductStatus
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import image_upload, login, post_form, post_multipart

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
LAUNCH = {"title_id": "Batik Banyuasin x Jumputan", "title_en": "Banyuasin Batik meets Jumputan",
          "description_id": "Koleksi peluncuran para perajin Banyuasin.",
          "description_en": "The launch collection of the Banyuasin artisans."}


def _collection(curator, products=(), slug="batik-banyuasin-x-jumputan", **changes):
    details = CollectionDetails(**{**LAUNCH, "slug": slug, "publish_from": NOW - DAY, **changes})
    if products:
        collection = create_collection(curator, details, [product.id for product in products])
    else:  # a published collection whose products were taken out since, as a test's empty start
        collection = create_collection(curator, replace(details, publish_from=None, publish_until=None))
        collection.publish_from, collection.publish_until = details.publish_from, details.publish_until
    _db.session.commit()
    return collection


def _png(size=(1600, 900)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#7a3b1d").save(buffer, "PNG")
    return buffer.getvalue()


# --- the public pages ---------------------------------------------------------------------------


def test_a_published_collection_shows_in_indonesian_and_in_english(client, db, curator):
    _collection(curator, [ProductFactory(title="Kain Jumputan Pelangi")])
    page = client.get("/collections/batik-banyuasin-x-jumputan").get_data(as_text=True)
    assert "<h1>Batik Banyuasin x Jumputan</h1>" in page and "Koleksi peluncuran" in page
    assert "Kain Jumputan Pelangi" in page
    post_form(client, "/language", {"lang": "en"})
    page = client.get("/collections/batik-banyuasin-x-jumputan").get_data(as_text=True)
    assert "<h1>Banyuasin Batik meets Jumputan</h1>" in page and "The launch collection" in page


def test_english_visitors_read_indonesian_where_no_english_was_written(client, db, curator):
    _collection(curator, title_en="", description_en="")
    post_form(client, "/language", {"lang": "en"})
    page = client.get("/collections/batik-banyuasin-x-jumputan").get_data(as_text=True)
    assert "<h1>Batik Banyuasin x Jumputan</h1>" in page and "Koleksi peluncuran" in page


def test_english_visitors_read_the_english_title_on_the_home_page_and_the_index(client, db, curator):
    _collection(curator, [ProductFactory()])
    post_form(client, "/language", {"lang": "en"})
    for path in ("/", "/collections"):
        page = client.get(path).get_data(as_text=True)
        assert "Banyuasin Batik meets Jumputan" in page and "Batik Banyuasin x Jumputan" not in page


@pytest.mark.parametrize("window", [{"publish_from": None}, {"publish_from": NOW + DAY},
                                    {"publish_from": NOW - 2 * DAY, "publish_until": NOW - DAY}],
                         ids=["draft", "scheduled", "ended"])
def test_an_unpublished_collection_is_a_404_but_curators_get_a_preview(client, db, curator, window,
                                                                       monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    _collection(curator, **window)
    assert client.get("/collections/batik-banyuasin-x-jumputan").status_code == 404
    assert "Batik Banyuasin x Jumputan" not in client.get("/collections").get_data(as_text=True)
    assert "/collections/batik-banyuasin-x-jumputan" not in client.get("/").get_data(as_text=True)
    login(client, UserFactory(roles=[Role.CUSTOMER]))
    assert client.get("/collections/batik-banyuasin-x-jumputan").status_code == 404
    login(client, curator)
    preview = client.get("/collections/batik-banyuasin-x-jumputan")
    assert preview.status_code == 200 and "Pratinjau" in preview.get_data(as_text=True)


def test_an_unknown_collection_is_a_404(client, db):
    assert client.get("/collections/tidak-ada").status_code == 404


def test_the_home_page_and_the_index_link_the_collections_published_now(client, db, curator, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    _collection(curator, slug="koleksi-peluncuran")
    _collection(curator, slug="koleksi-draf", title_id="Koleksi Draf", publish_from=None)
    _collection(curator, slug="koleksi-lebaran", title_id="Koleksi Lebaran", publish_from=NOW - DAY,
                publish_until=NOW + DAY)
    for path in ("/", "/collections"):
        page = client.get(path).get_data(as_text=True)
        assert 'href="/collections/koleksi-peluncuran"' in page and "Koleksi Lebaran" in page
        assert "Koleksi Draf" not in page
    monkeypatch.setattr(clock, "now", lambda: NOW + DAY)
    assert "Koleksi Lebaran" not in client.get("/").get_data(as_text=True)
    assert [c.slug for c in published_collections(NOW + DAY)] == ["koleksi-peluncuran"]


def test_listings_that_changed_show_as_sold_out_or_no_longer_available(client, db, curator):
    shown, sold_out, made_to_order = (ProductFactory(title=f"Kain {name}") for name in
                                      ("Tersedia", "Habis Terjual", "Pesanan"))
    gone = {change: ProductFactory(title=f"Kain {change}") for change in
            ("hidden", "archived", "draft", "suspended")}
    collection = _collection(curator, [shown, sold_out, made_to_order, *gone.values()])
    sold_out.variants[0].stock_on_hand = 0
    made_to_order.made_to_order, made_to_order.production_days = True, 14
    made_to_order.variants[0].stock_on_hand = 0
    gone["hidden"].hidden = True
    gone["archived"].status = ProductStatus.ARCHIVED
    gone["draft"].status = ProductStatus.DRAFT
    gone["suspended"].shop.state = ShopState.SUSPENDED
    db.session.commit()
    response = client.get("/collections/batik-banyuasin-x-jumputan")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kain Tersedia" in page and "Kain Habis Terjual" in page and "Kain Pesanan" in page
    assert page.count('<span class="stock out">Habis</span>') == 1
    assert page.count("Tidak tersedia lagi") == 4
    assert not any(f"Kain {change}" in page for change in gone)
    assert [card.available for card in collection_cards(collection)] == [True] * 3 + [False] * 4


def test_the_cover_is_sized_and_described_on_every_page(client, db, curator):
    collection = _collection(curator)
    collection.cover_key = "collections/" + "c" * 24 + ".jpg"
    db.session.commit()
    page = client.get("/collections/batik-banyuasin-x-jumputan").get_data(as_text=True)
    assert 'width="1200" height="500"' in page and 'alt="Sampul Batik Banyuasin x Jumputan"' in page
    home = client.get("/").get_data(as_text=True)
    at = home.index(collection.cover_key)
    assert 'loading="lazy"' in home[at:home.index(">", at)]


# --- the services -------------------------------------------------------------------------------


@pytest.mark.parametrize(("make", "error"), [
    (lambda: ProductFactory(status=ProductStatus.DRAFT), ProductNotActive),
    (lambda: ProductFactory(shop=ShopFactory(state=ShopState.PENDING)), ShopNotVerified),
])
def test_only_public_listings_can_be_added(db, curator, make, error):
    collection = _collection(curator)
    with pytest.raises(error):
        add_to_collection(curator, collection, make().id)


def test_a_product_is_in_a_collection_once(db, curator):
    product = ProductFactory()
    collection = _collection(curator, [product])
    with pytest.raises(DuplicateProduct):
        add_to_collection(curator, collection, product.id)


# --- the curators' pages ------------------------------------------------------------------------


def _form(**changes):
    return {**LAUNCH, "slug": "", "publish_from": "", "publish_until": "", **changes}


def test_a_curator_creates_a_draft_with_a_slug_made_from_its_title(client, db, curator):
    login(client, curator)
    response = post_form(client, "/admin/collections/new", _form())
    assert response.status_code == 302
    collection = db.session.scalar(select(Collection))
    assert collection.slug == "batik-banyuasin-x-jumputan" and collection.publish_from is None
    assert response.headers["Location"] == f"/admin/collections/{collection.id}"
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.actor_name, entry.after["title_en"]) == (
        "collection.create", "Siti Kurator", "Banyuasin Batik meets Jumputan")
    page = client.get("/admin/collections").get_data(as_text=True)
    assert "Batik Banyuasin x Jumputan" in page and "Draf" in page


def test_a_curator_publishes_with_a_window_written_in_wib(client, db, curator):
    collection = _collection(curator, [ProductFactory()], publish_from=None)
    login(client, curator)
    path = f"/admin/collections/{collection.id}"
    response = post_form(client, path, _form(slug=collection.slug, publish_from="2025-03-01T08:00",
                                             publish_until="2025-04-01T00:00"))
    assert response.status_code == 302
    db.session.expire_all()
    assert clock.utc(collection.publish_from) == datetime(2025, 3, 1, 1, 0, tzinfo=UTC)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "collection.update"))
    assert entry.before["publish_from"] is None and entry.after["publish_from"].startswith("2025-03-01T01:00")


def test_an_empty_collection_cannot_be_published_and_the_curator_is_told_why(client, db, curator):
    collection = _collection(curator, publish_from=None)
    login(client, curator)
    path = f"/admin/collections/{collection.id}"
    response = post_form(client, path, _form(slug=collection.slug, publish_from="2025-03-01T08:00"))
    assert response.status_code == 200
    assert "Tambahkan setidaknya satu produk sebelum menerbitkan koleksi." in response.get_data(as_text=True)
    db.session.expire_all()
    assert collection.publish_from is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "collection.update")) is None


def test_a_new_collection_with_a_publication_date_is_refused_until_it_has_products(client, db, curator):
    login(client, curator)
    response = post_form(client, "/admin/collections/new",
                         _form(slug="pedada-baru", publish_from="2025-03-01T08:00"))
    assert response.status_code == 200
    assert "Tambahkan setidaknya satu produk sebelum menerbitkan koleksi." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Collection.id))) == 0
    assert client.get("/collections/pedada-baru").status_code == 404


@pytest.mark.parametrize(("changes", "message"), [
    ({"slug": "sudah-dipakai"}, "Koleksi lain sudah memakai alamat web ini."),
    ({"slug": "Bukan Alamat!"}, "Tulis alamat web dengan huruf kecil"),
    ({"publish_from": "2025-03-10T08:00", "publish_until": "2025-03-01T08:00"}, "berakhir sebelum dimulai"),
    ({"publish_from": "kemarin"}, "Masukkan tanggal dan jam"),
    ({"title_id": ""}, "Beri koleksi judul dalam bahasa Indonesia."),
])
def test_bad_collection_input_gets_a_message_on_its_field(client, db, curator, changes, message):
    _collection(curator, slug="sudah-dipakai")
    login(client, curator)
    response = post_form(client, "/admin/collections/new", _form(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Collection)) == 1


def test_a_curator_uploads_a_cover_and_a_non_image_is_refused(client, db, curator, app):
    collection = _collection(curator)
    login(client, curator)
    path = f"/admin/collections/{collection.id}"
    refused = post_multipart(client, f"{path}/cover",
                             {"cover": image_upload(b"%PDF-1.4 not a photo", "sampul.pdf")}, page=path)
    assert refused.status_code == 302
    assert "Unggah gambar JPEG, PNG, atau WebP." in client.get(path).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Collection, collection.id).cover_key is None
    post_multipart(client, f"{path}/cover", {"cover": image_upload(_png(), "sampul.png")}, page=path)
    db.session.expire_all()
    key = db.session.get(Collection, collection.id).cover_key
    assert key.startswith("collections/")
    with Image.open(io.BytesIO(client.get(f"/media/{key}").data)) as stored:
        assert stored.size == (1200, 500) and stored.format == "JPEG"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "collection.cover"))
    assert entry.after == {"cover_key": key}


def test_a_curator_adds_reorders_and_removes_products(client, db, curator):
    first, second = ProductFactory(title="Kain Pertama"), ProductFactory(title="Kain Kedua")
    collection = _collection(curator)
    login(client, curator)
    path = f"/admin/collections/{collection.id}"
    for product in (first, second):
        response = post_form(client, f"{path}/products", {"product_id": str(product.id)}, page=path)
        assert response.status_code == 302
    second_item = db.session.scalar(select(CollectionItem).where(CollectionItem.product_id == second.id))
    post_form(client, f"{path}/items/{second_item.id}/move", {"direction": "up"}, page=path)
    page = client.get(path).get_data(as_text=True)
    assert page.index("Kain Kedua") < page.index("Kain Pertama")
    post_form(client, f"{path}/items/{second_item.id}/remove", {}, page=path)
    db.session.expire_all()
    assert [item.product_id for item in db.session.get(Collection, collection.id).items] == [first.id]
    actions = [entry.action for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["collection.create", "collection.add_product", "collection.add_product",
                       "collection.move_product", "collection.remove_product"]


@pytest.mark.parametrize(("product_id", "message"), [
    ("987654", "Tidak ada produk bernomor 987654."),
    ("{hidden}", "disembunyikan oleh kurator"),
    ("{present}", "sudah ada di daftar"),
])
def test_a_refused_product_is_named_on_the_collection_page(client, db, curator, product_id, message):
    present, hidden = ProductFactory(), ProductFactory(hidden=True)
    collection = _collection(curator, [present])
    login(client, curator)
    path = f"/admin/collections/{collection.id}"
    number = product_id.format(hidden=hidden.id, present=present.id)
    assert post_form(client, f"{path}/products", {"product_id": number}, page=path).status_code == 302
    assert message in client.get(path).get_data(as_text=True)
    assert len(db.session.get(Collection, collection.id).items) == 1


def test_items_and_collections_that_do_not_exist_are_404s(client, db, curator):
    collection = _collection(curator)
    other = _collection(curator, [ProductFactory()], slug="lain")
    login(client, curator)
    path = f"/admin/collections/{collection.id}"
    item = other.items[0]
    assert post_form(client, f"{path}/items/{item.id}/remove", {}, page=path).status_code == 404
    assert client.get("/admin/collections/999").status_code == 404


def test_artisans_cannot_edit_collections(client, db, curator):
    collection = _collection(curator)
    login(client, UserFactory(roles=[Role.CUSTOMER, Role.ARTISAN]))
    assert client.get(f"/admin/collections/{collection.id}").status_code == 403


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_features_products_and_publishes_the_launch_collection_once(runner, client, db):
    for _ in range(2):
        result = runner.invoke(args=["seed-demo", "--no-images"])
        assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Collection)) == 1
    assert db.session.scalar(select(func.count()).select_from(FeaturedProduct)) == 4
    home = client.get("/").get_data(as_text=True)
    assert 'href="/collections/batik-banyuasin-x-jumputan"' in home
    page = client.get("/collections/batik-banyuasin-x-jumputan").get_data(as_text=True)
    assert "Koleksi peluncuran" in page and page.count('class="product-card"') == 6
    post_form(client, "/language", {"lang": "en"})
    assert "The launch collection" in client.get("/collections/batik-banyuasin-x-jumputan").get_data(
        as_text=True)
