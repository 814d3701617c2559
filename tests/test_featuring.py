import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role, User
from marketplace.curation import clock
from marketplace.curation.collections import CollectionDetails, create_collection
from marketplace.curation.exceptions import (
    CurationRefusal,
    DuplicateProduct,
    ProductHidden,
    ProductNotActive,
    ProductNotFound,
    ShopNotVerified,
    TooManyFeatured,
    WindowReversed,
)
from marketplace.curation.models import FeaturedProduct
from marketplace.curation.services import (
    MAX_FEATURED,
    FeatureEntry,
    add_featured,
    current_featured,
    featured_list,
    move_featured,
    remove_featured,
    replace_featured,
    set_feature_window,
)
from marketplace.extensions import db as _db
from marketplace.products.models import ProductImage, ProductStatus
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, post_form, queries_for

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def frozen(monkeypatch):
    """Stop the curation clock at NOW; returns a function that moves it."""
    moment = {"now": NOW}
    monkeypatch.setattr(clock, "now", lambda: moment["now"])
    return lambda new: moment.update(now=new)


def _ids(cards):
    return [card.id for card in cards]


def _feature(curator, *products, **windows):
    features = replace_featured(curator, [FeatureEntry(product.id, **windows) for product in products])
    _db.session.commit()
    return features


def test_replace_featured_keeps_the_given_order(db, curator):
    first, second, third = (ProductFactory() for _ in range(3))
    features = _feature(curator, third, first, second)
    assert [feature.position for feature in features] == [0, 1, 2]
    assert _ids(current_featured(NOW)) == [third.id, first.id, second.id]
    _feature(curator, second)
    assert _ids(current_featured(NOW)) == [second.id]
    assert [feature.product_id for feature in featured_list()] == [second.id]


def test_a_feature_shows_only_inside_its_window(db, curator):
    always, later, ended, current = (ProductFactory() for _ in range(4))
    replace_featured(curator, [
        FeatureEntry(always.id),
        FeatureEntry(later.id, starts_at=NOW + DAY),
        FeatureEntry(ended.id, starts_at=NOW - 3 * DAY, ends_at=NOW - DAY),
        FeatureEntry(current.id, starts_at=NOW - DAY, ends_at=NOW + DAY),
    ])
    db.session.commit()
    assert _ids(current_featured(NOW)) == [always.id, current.id]
    assert _ids(current_featured(NOW + 2 * DAY)) == [always.id, later.id]
    assert _ids(current_featured(NOW - 2 * DAY)) == [always.id, ended.id]
    # the window starts at its first moment and ends just before its last
    assert current.id in _ids(current_featured(NOW - DAY))
    assert current.id not in _ids(current_featured(NOW + DAY))


def test_a_window_in_another_time_zone_means_the_same_moment(db, curator):
    product = ProductFactory()
    starts = (NOW + timedelta(hours=1)).astimezone(timezone(timedelta(hours=7)))  # WIB
    replace_featured(curator, [FeatureEntry(product.id, starts_at=starts)])
    db.session.commit()
    assert current_featured(NOW) == []
    assert _ids(current_featured(NOW + timedelta(hours=1))) == [product.id]


def test_an_expired_feature_leaves_the_home_page_by_itself(client, db, curator, frozen):
    leaving = _with_photo(ProductFactory(title="Kain Pedada Pilihan Kurator"))
    staying = _with_photo(ProductFactory(title="Kain Jumputan Tetap Tampil"))
    replace_featured(curator, [FeatureEntry(leaving.id, ends_at=NOW + DAY), FeatureEntry(staying.id)])
    db.session.commit()
    assert "Kain Pedada Pilihan Kurator" in _featured_section(client)
    frozen(NOW + DAY)
    section = _featured_section(client)
    assert "Kain Pedada Pilihan Kurator" not in section and "Kain Jumputan Tetap Tampil" in section


def test_when_every_feature_has_ended_the_home_page_shows_the_newest_again(client, db, curator, frozen):
    _feature(curator, ProductFactory(title="Kain Pilihan Lama"), ends_at=NOW + DAY)
    _with_photo(ProductFactory(title="Kain Terbaru"))
    assert "Kain Terbaru" not in _featured_section(client)
    frozen(NOW + 2 * DAY)
    section = _featured_section(client)
    assert "Kain Terbaru" in section and "Kain Pilihan Lama" not in section


def test_a_scheduled_feature_appears_when_its_time_comes(client, db, curator, frozen):
    product = ProductFactory(title="Kain Jumputan Terjadwal")
    _with_photo(ProductFactory(title="Kain Terbaru Lain"))
    _feature(curator, product, starts_at=NOW + DAY)
    assert "Kain Jumputan Terjadwal" not in _featured_section(client)
    frozen(NOW + DAY)
    assert "Kain Jumputan Terjadwal" in _featured_section(client)


def _with_photo(product):
    product.images.append(ProductImage(alt_text="kain", thumb_key=f"products/{'t' * 20}{product.id}.jpg",
                                       large_key=f"products/{'l' * 20}{product.id}.jpg", width=10, height=10))
    _db.session.commit()
    return product


def _featured_section(client) -> str:
    page = client.get("/").get_data(as_text=True)
    start = page.index("<h2>Pilihan</h2>") if "<h2>Pilihan</h2>" in page else -1
    if start < 0:
        return ""
    return page[start:page.index("</section>", start)]


def test_without_features_the_home_page_shows_the_newest_listing_of_each_shop(client, db, curator):
    shop = ShopFactory()
    older, newer = _with_photo(ProductFactory(shop=shop, title="Kain Lama")), _with_photo(
        ProductFactory(shop=shop, title="Kain Baru"))
    older.created_at = newer.created_at - DAY
    db.session.commit()
    section = _featured_section(client)
    assert "Kain Baru" in section and "Kain Lama" not in section
    _feature(curator, older)
    section = _featured_section(client)
    assert "Kain Lama" in section and "Kain Baru" not in section


@pytest.mark.parametrize("change", ["hidden", "archived", "draft", "sold_out", "suspended"])
def test_a_featured_listing_that_stops_being_sellable_drops_off_the_home_page(client, db, curator, change):
    product = ProductFactory(title="Kain Yang Berubah")
    kept = ProductFactory(title="Kain Yang Tetap")
    _feature(curator, product, kept)
    if change == "hidden":
        product.hidden = True
    elif change in ("archived", "draft"):
        product.status = ProductStatus(change)
    elif change == "sold_out":
        product.variants[0].stock_on_hand = 0
    else:
        product.shop.state = ShopState.SUSPENDED
    db.session.commit()
    assert _ids(current_featured()) == [kept.id]
    section = _featured_section(client)
    assert "Kain Yang Tetap" in section and "Kain Yang Berubah" not in section


def test_a_made_to_order_listing_without_stock_stays_featured(db, curator):
    product = ProductFactory(made_to_order=True, production_days=14, variants=[(400_000, 0)])
    _feature(curator, product)
    assert _ids(current_featured()) == [product.id]


def _bad_entries(kind, products, curator):
    good, other = products
    if kind == "unknown":
        return [FeatureEntry(good.id), FeatureEntry(987654)], ProductNotFound, "987654"
    if kind == "huge_id":
        return [FeatureEntry(2**40)], ProductNotFound, str(2**40)
    if kind == "reversed":
        entry = FeatureEntry(other.id, starts_at=NOW, ends_at=NOW - DAY)
        return [FeatureEntry(good.id), entry], WindowReversed, other.title
    if kind == "duplicate":
        entries = [FeatureEntry(good.id), FeatureEntry(other.id), FeatureEntry(good.id)]
        return entries, DuplicateProduct, good.title
    if kind == "too_many":
        return [FeatureEntry(good.id)] * (MAX_FEATURED + 1), TooManyFeatured, str(MAX_FEATURED)
    product = {"draft": lambda: ProductFactory(status=ProductStatus.DRAFT),
               "archived": lambda: ProductFactory(status=ProductStatus.ARCHIVED),
               "hidden": lambda: ProductFactory(hidden=True, hidden_reason="Foto buram"),
               "unverified": lambda: ProductFactory(shop=ShopFactory(state=ShopState.PENDING)),
               "suspended": lambda: ProductFactory(shop=ShopFactory(state=ShopState.SUSPENDED))}[kind]()
    error = {"draft": ProductNotActive, "archived": ProductNotActive, "hidden": ProductHidden,
             "unverified": ShopNotVerified, "suspended": ShopNotVerified}[kind]
    return [FeatureEntry(good.id), FeatureEntry(product.id)], error, product.title


@pytest.mark.parametrize("kind", ["unknown", "huge_id", "reversed", "duplicate", "too_many", "draft",
                                  "archived", "hidden", "unverified", "suspended"])
def test_replace_refuses_a_bad_entry_by_name_and_changes_nothing(db, curator, kind):
    kept = ProductFactory()
    _feature(curator, kept)
    entries, error_type, named = _bad_entries(kind, (ProductFactory(), ProductFactory()), curator)
    with pytest.raises(error_type) as raised:
        replace_featured(curator, entries)
    assert isinstance(raised.value, CurationRefusal)
    assert named in str(raised.value)
    db.session.rollback()
    assert [feature.product_id for feature in featured_list()] == [kept.id]


def test_refusals_speak_the_curators_language(app, db):
    with app.test_request_context():
        assert str(ProductNotFound(5)) == "Tidak ada produk bernomor 5."


def test_replace_writes_one_audit_entry_with_the_list_before_and_after(db, curator):
    first, second = ProductFactory(), ProductFactory()
    _feature(curator, first)
    _feature(curator, second, first)
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor_name, entry.target_type) == ("featured.replace", "Siti Kurator",
                                                                   "featured_products")
    assert [place["product_id"] for place in entry.before["featured"]] == [first.id]
    assert [place["product_id"] for place in entry.after["featured"]] == [second.id, first.id]


def test_add_move_window_and_remove_are_audited(db, curator):
    products = [ProductFactory() for _ in range(3)]
    features = [add_featured(curator, product.id) for product in products]
    move_featured(curator, features[2], -1)
    move_featured(curator, features[0], -1)  # already first: nothing to record
    set_feature_window(curator, features[1], NOW, NOW + DAY)
    remove_featured(curator, features[0])
    db.session.commit()
    assert [feature.product_id for feature in featured_list()] == [products[2].id, products[1].id]
    assert [feature.position for feature in featured_list()] == [0, 1]
    actions = [entry.action for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["featured.add"] * 3 + ["featured.move", "featured.window", "featured.remove"]
    move = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "featured.move"))
    assert (move.before, move.after) == ({"position": 2}, {"position": 1})
    assert move.target_label == products[2].title


def test_add_refuses_a_product_already_featured(db, curator):
    product = ProductFactory()
    add_featured(curator, product.id)
    with pytest.raises(DuplicateProduct):
        add_featured(curator, product.id)


# --- the curators' page -------------------------------------------------------------------------


def _page(client):
    return client.get("/admin/featured").get_data(as_text=True)


def test_a_curator_features_a_product_by_number_with_dates_in_wib(client, db, curator):
    product = ProductFactory(title="Kain Batik Tulis Untuk Beranda")
    login(client, curator)
    response = post_form(client, "/admin/featured/add", {
        "product_id": str(product.id), "starts_at": "2025-03-10T07:00", "ends_at": "2025-03-17T07:00"},
        page="/admin/featured")
    assert response.status_code == 302
    feature = db.session.scalar(select(FeaturedProduct))
    assert clock.utc(feature.starts_at) == datetime(2025, 3, 10, 0, 0, tzinfo=UTC)  # 07:00 WIB
    page = _page(client)
    assert "Kain Batik Tulis Untuk Beranda" in page and "ditampilkan" in page.lower()
    assert 'value="2025-03-10T07:00"' in page  # shown back in WIB
    entry = db.session.scalar(select(AuditEntry))
    assert entry.action == "featured.add" and entry.actor_name == "Siti Kurator"


def test_a_curator_finds_a_product_by_title_and_features_it(client, db, curator):
    ProductFactory(title="Selendang Jumputan Bintik Tujuh")
    hidden = ProductFactory(title="Selendang Jumputan Tersembunyi", hidden=True)
    login(client, curator)
    page = client.get("/admin/featured?q=jumputan").get_data(as_text=True)
    assert "Selendang Jumputan Bintik Tujuh" in page and "Tersembunyi" not in page
    assert client.get("/admin/featured?q=%25").status_code == 200
    response = post_form(client, "/admin/featured/add", {"product_id": str(hidden.id)},
                         page="/admin/featured")
    assert response.status_code == 302
    assert "disembunyikan oleh kurator" in _page(client)
    assert db.session.scalar(select(FeaturedProduct)) is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"product_id": "987654"}, "Tidak ada produk bernomor 987654."),
    ({"product_id": "abc"}, "Isi angka bulat."),
    ({"product_id": "99999999999999"}, "Isi angka dari 1 sampai"),
    ({"product_id": "{id}", "starts_at": "2025-03-10T07:00", "ends_at": "2025-03-09T07:00"},
     "berakhir sebelum"),
    ({"product_id": "{id}", "starts_at": "besok pagi"}, "Masukkan tanggal dan jam"),
])
def test_bad_input_on_the_featured_page_gets_a_message(client, db, curator, fields, message):
    product = ProductFactory()
    login(client, curator)
    data = {name: value.format(id=product.id) for name, value in fields.items()}
    response = post_form(client, "/admin/featured/add", data, page="/admin/featured")
    assert response.status_code == 302
    assert message in _page(client)
    assert db.session.scalar(select(FeaturedProduct)) is None


def test_a_curator_reorders_changes_dates_and_removes_with_buttons(client, db, curator):
    first, second = ProductFactory(title="Kain Pertama"), ProductFactory(title="Kain Kedua")
    first_id, second_id = (feature.id for feature in _feature(curator, first, second))
    login(client, curator)
    moved = post_form(client, f"/admin/featured/{second_id}/move", {"direction": "up"},
                      page="/admin/featured")
    assert moved.status_code == 302
    db.session.expire_all()
    assert [feature.product_id for feature in featured_list()] == [second.id, first.id]
    prefix = f"window-{first_id}-"
    post_form(client, f"/admin/featured/{first_id}/window",
              {prefix + "starts_at": "", prefix + "ends_at": "2030-01-01T00:00"}, page="/admin/featured")
    db.session.expire_all()
    assert clock.utc(db.session.get(FeaturedProduct, first_id).ends_at) == datetime(
        2029, 12, 31, 17, 0, tzinfo=UTC)
    post_form(client, f"/admin/featured/{first_id}/remove", {}, page="/admin/featured")
    db.session.expire_all()
    assert [feature.product_id for feature in featured_list()] == [second.id]
    assert client.post(f"/admin/featured/{first_id}/remove").status_code in (400, 404)


def test_moving_a_place_that_does_not_exist_is_a_404(client, db, curator):
    login(client, curator)
    response = post_form(client, "/admin/featured/999/move", {"direction": "up"}, page="/admin/featured")
    assert response.status_code == 404


def test_the_featured_page_says_why_a_product_is_not_shown(client, db, curator, frozen):
    sold_out, later = ProductFactory(variants=[(300_000, 0)]), ProductFactory()
    hidden = ProductFactory()
    replace_featured(curator, [FeatureEntry(sold_out.id), FeatureEntry(later.id, starts_at=NOW + DAY),
                               FeatureEntry(hidden.id)])
    hidden.hidden = True
    db.session.commit()
    login(client, curator)
    page = _page(client)
    assert "Habis: tidak ditampilkan" in page and "Terjadwal" in page and "Tidak lagi publik" in page


def test_customers_cannot_feature(client, db):
    product = ProductFactory()
    login(client, UserFactory(roles=[Role.CUSTOMER]))
    response = post_form(client, "/admin/featured/add", {"product_id": str(product.id)}, page="/")
    assert response.status_code == 403


def test_the_home_page_stays_within_its_query_budget_with_features_and_collections(make_app):
    counts = []
    for size in (4, 40):
        app = make_app()
        curator = UserFactory(roles=[Role.CURATOR])
        products = [_with_photo(ProductFactory()) for _ in range(size)]
        replace_featured(curator, [FeatureEntry(product.id) for product in products[:8]])
        for number in range(3):
            create_collection(curator, CollectionDetails(
                slug=f"koleksi-{number}", title_id=f"Koleksi {number}", description_id="Kain pilihan.",
                publish_from=NOW), [products[number].id])
        _db.session.commit()
        counts.append(queries_for(app.test_client(), "/"))
    assert counts[0] == counts[1] <= 5, counts


@pytest.mark.postgres_only
def test_two_curators_featuring_one_product_at_once_get_one_feature_and_one_refusal(make_app):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 4, "max_overflow": 0})
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency guarantees are shown on PostgreSQL (set TEST_DATABASE_URL)")
    product_id = ProductFactory().id
    curators = [UserFactory(roles=[Role.CURATOR]).id for _ in range(2)]
    results, start = [], threading.Barrier(2)

    def feature(curator_id):
        with app.app_context():
            curator = _db.session.get(User, curator_id)
            start.wait()
            try:
                add_featured(curator, product_id)
                _db.session.commit()
                results.append("featured")
            except DuplicateProduct:
                _db.session.rollback()
                results.append("refused")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=feature, args=(curator,)) for curator in curators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["featured", "refused"]
    assert len(_db.session.scalars(select(FeaturedProduct)).all()) == 1
