import io
import zipfile

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.products.models import Product, ProductImage, ProductStatus, Variant
from marketplace.shops.models import ShopState
from tests.factories import ProductFactory, ShopFactory
from tests.helpers import image_upload, login, post_form, post_multipart, queries_for


def listing(**changes):
    return {"title": "Kain Batik Tulis Pedada Merah Bata", "technique": "batik_tulis",
            "description": "Dibatik tulis di Sungsang dan diwarnai kulit pedada tiga kali celup.",
            "dye_type": "natural", "dye_source": "mangrove pedada", "fabric": "katun_primissima",
            "motif_name": "Bunga Pedada", "motif_meaning": "Ketahanan pesisir.", "length_cm": "200",
            "width_cm": "115", "weight_grams": "350", "production_days": "",
            "variants-0-id": "", "variants-0-sku": "BPN-001", "variants-0-name": "Kain 2 m",
            "variants-0-price": "Rp 1.250.000", "variants-0-stock": "3", **changes}


@pytest.fixture
def artisan(client, db):
    shop = ShopFactory(state=ShopState.PENDING)
    login(client, shop.owner)
    return shop


def create(client, **changes):
    return post_form(client, "/dashboard/products/new", listing(**changes))


def test_a_pending_artisan_creates_a_draft_listing(client, artisan, db):
    response = create(client)
    assert response.status_code == 302
    product = db.session.scalar(select(Product))
    assert (product.status, product.shop_id) == (ProductStatus.DRAFT, artisan.id)
    assert product.prepared_by_id is None
    assert [(v.sku, v.price, v.stock_on_hand) for v in product.variants] == [("BPN-001", 1_250_000, 3)]
    assert "Bunga Pedada" in product.search_document and artisan.name in product.search_document


@pytest.mark.parametrize(("changes", "message"), [
    ({"variants-0-price": "0"}, "antara Rp 1.000 dan Rp 100.000.000"),
    ({"variants-0-price": "999"}, "antara Rp 1.000 dan Rp 100.000.000"),
    ({"variants-0-price": "100000001"}, "antara Rp 1.000 dan Rp 100.000.000"),
    ({"variants-0-price": "12,5"}, "rupiah tanpa desimal"),
    ({"variants-0-stock": "-1"}, "0 atau lebih"),
    ({"variants-0-stock": "dua"}, "angka bulat"),
    ({"variants-0-sku": "", "variants-0-name": "", "variants-0-price": "", "variants-0-stock": ""},
     "minimal satu varian"),
    ({"weight_grams": ""}, "ongkos kirim dihitung dari berat"),
    ({"technique": "sablon"}, "Not a valid choice"),
    ({"made_to_order": "y", "production_days": ""}, "berapa hari"),
    ({"title": ""}, "Beri judul"),
])
def test_bad_listings_are_refused_with_a_message(client, artisan, db, changes, message):
    response = create(client, **changes)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Product.id))) == 0


def test_a_sku_is_unique_within_the_shop_but_not_across_shops(client, artisan, db):
    ProductFactory(shop=artisan).variants[0].sku = "BPN-001"
    db.session.commit()
    refused = create(client)
    assert "SKU BPN-001 sudah dipakai" in refused.get_data(as_text=True)
    other_shop = ShopFactory()
    ProductFactory(shop=other_shop).variants[0].sku = "SAMA-1"
    db.session.commit()
    assert create(client, **{"variants-0-sku": "SAMA-1"}).status_code == 302


def test_two_variants_with_one_sku_are_refused(client, artisan, db):
    response = create(client, **{"variants-1-sku": "bpn-001", "variants-1-name": "Kain 2,5 m",
                                 "variants-1-price": "1500000", "variants-1-stock": "1"})
    assert "SKU bpn-001 sudah dipakai" in response.get_data(as_text=True)


def test_editing_updates_variants_adds_and_removes(client, artisan, db):
    product = ProductFactory(shop=artisan, variants=[(300_000, 2), (400_000, 1)])
    first, second = product.variants
    response = post_form(client, f"/dashboard/products/{product.id}/edit", listing(**{
        "variants-0-id": str(first.id), "variants-0-sku": "A-1", "variants-0-price": "325000",
        "variants-1-id": str(second.id), "variants-1-sku": "B-1", "variants-1-name": "Selendang",
        "variants-1-price": "400000", "variants-1-stock": "1", "variants-1-remove": "y",
        "variants-2-id": "", "variants-2-sku": "C-1", "variants-2-name": "Kain 2,5 m",
        "variants-2-price": "450000", "variants-2-stock": "4"}))
    assert response.status_code == 302
    db.session.expire_all()
    rows = db.session.execute(select(Variant.sku, Variant.price, Variant.stock_on_hand)
                              .where(Variant.product_id == product.id).order_by(Variant.position)).all()
    assert rows == [("A-1", 325_000, 3), ("C-1", 450_000, 4)]


def test_inline_price_and_stock_edit(client, artisan, db):
    variant = ProductFactory(shop=artisan).variants[0]
    response = post_form(client, f"/dashboard/variants/{variant.id}", {"price": "Rp 275.000", "stock": "7"},
                         page="/dashboard")
    assert response.status_code == 302
    db.session.refresh(variant)
    assert (variant.price, variant.stock_on_hand) == (275_000, 7)


@pytest.mark.parametrize("data", [{"price": "0", "stock": "1"}, {"price": "275000", "stock": "-3"},
                                  {"price": "", "stock": "1"}])
def test_inline_edit_refuses_bad_values(client, artisan, db, data):
    variant = ProductFactory(shop=artisan).variants[0]
    post_form(client, f"/dashboard/variants/{variant.id}", data, page="/dashboard")
    db.session.refresh(variant)
    assert (variant.price, variant.stock_on_hand) == (350_000, 5)


def test_stock_cannot_drop_below_what_unpaid_orders_hold(client, artisan, db):
    variant = ProductFactory(shop=artisan).variants[0]
    variant.stock_reserved = 4
    db.session.commit()
    response = post_form(client, f"/dashboard/variants/{variant.id}", {"price": "350000", "stock": "2"},
                         page="/dashboard", follow_redirects=True)
    assert "tidak boleh kurang dari 4 unit" in response.get_data(as_text=True)
    db.session.refresh(variant)
    assert variant.stock_on_hand == 5


def test_publish_archive_and_back_to_draft(client, artisan, db):
    product = ProductFactory(shop=artisan, status=ProductStatus.DRAFT)
    for status in ("active", "archived", "draft", "active"):
        assert post_form(client, f"/dashboard/products/{product.id}/status", {"status": status},
                         page="/dashboard").status_code == 302
        db.session.refresh(product)
        assert product.status == status
    assert post_form(client, f"/dashboard/products/{product.id}/status", {"status": "deleted"},
                     page="/dashboard").status_code == 400


def test_duplicating_makes_a_draft_with_new_skus_and_no_stock(client, artisan, db):
    product = ProductFactory(shop=artisan)
    response = post_form(client, f"/dashboard/products/{product.id}/duplicate", {}, page="/dashboard")
    assert response.status_code == 302
    copy = db.session.scalar(select(Product).where(Product.id != product.id))
    assert copy.status == ProductStatus.DRAFT and copy.title == product.title
    assert [(v.sku, v.stock_on_hand) for v in copy.variants] == [(f"{product.variants[0].sku}-2", 0)]


def png_bytes(size=(640, 480), color="#7a3b1d") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, product, data, filename, alt="Kain batik pedada dibentangkan"):
    path = f"/dashboard/products/{product.id}/images"
    return post_multipart(client, path, {"alt_text": alt, "image": image_upload(data, filename)}, page=path)


def test_a_photo_is_stored_in_two_sizes_and_shown(client, artisan, db):
    product = ProductFactory(shop=artisan)
    assert upload(client, product, png_bytes(), "kain.png").status_code == 302
    image = db.session.scalar(select(ProductImage))
    assert image.alt_text == "Kain batik pedada dibentangkan"
    assert client.get(f"/media/{image.thumb_key}").status_code == 200
    assert client.get(f"/media/{image.large_key}").status_code == 200


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("foto.jpg", b"bukan gambar")
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "filename", "message"), [
    (png_bytes() + b"\0" * (11 * 1024 * 1024), "besar.png", "lebih besar dari 8 MB"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "motif.svg",
     "Unggah gambar JPEG, PNG, atau WebP"),
    (png_bytes(), "kain.jpg", "tidak sesuai dengan jenis gambarnya"),
    (_zip_bytes(), "kain.jpg", "Unggah gambar JPEG, PNG, atau WebP"),
    (png_bytes(), "../../config.py", "Unggah gambar JPEG, PNG, atau WebP"),
])
def test_bad_photos_are_refused_with_a_form_message(client, artisan, db, data, filename, message):
    product = ProductFactory(shop=artisan)
    response = upload(client, product, data, filename)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProductImage.id))) == 0


def test_a_listing_takes_at_most_eight_photos(client, artisan, db):
    product = ProductFactory(shop=artisan)
    for number in range(8):
        response = upload(client, product, png_bytes(color=f"#7a3b{number}d"), f"k{number}.png")
        assert response.status_code == 302
    refused = upload(client, product, png_bytes(), "k9.png")
    assert "paling banyak 8 foto" in refused.get_data(as_text=True)


def test_photos_can_be_reordered_and_removed(client, artisan, db):
    product = ProductFactory(shop=artisan)
    upload(client, product, png_bytes(color="red"), "a.png", alt="pertama")
    upload(client, product, png_bytes(color="blue"), "b.png", alt="kedua")
    second = db.session.scalar(select(ProductImage).where(ProductImage.alt_text == "kedua"))
    post_form(client, f"/dashboard/images/{second.id}/move", {"direction": "up"},
              page=f"/dashboard/products/{product.id}/images")
    db.session.expire_all()
    assert [image.alt_text for image in db.session.get(Product, product.id).images] == ["kedua", "pertama"]
    images_page = f"/dashboard/products/{product.id}/images"
    post_form(client, f"/dashboard/images/{second.id}/delete", {}, page=images_page)
    assert client.get(f"/media/{second.thumb_key}").status_code == 404


def _others_routes(product, image):
    variant = product.variants[0]
    return [("get", f"/dashboard/products/{product.id}/edit", None),
            ("post", f"/dashboard/products/{product.id}/edit", listing()),
            ("post", f"/dashboard/products/{product.id}/status", {"status": "archived"}),
            ("post", f"/dashboard/products/{product.id}/duplicate", {}),
            ("post", f"/dashboard/variants/{variant.id}", {"price": "1000", "stock": "0"}),
            ("get", f"/dashboard/products/{product.id}/images", None),
            ("post", f"/dashboard/images/{image.id}/delete", {}),
            ("post", f"/dashboard/images/{image.id}/move", {"direction": "down"})]


@pytest.mark.parametrize("route", range(8))
def test_an_artisan_cannot_touch_another_artisans_listing(app, client, artisan, db, route):
    victim = ProductFactory(status=ProductStatus.DRAFT)
    image = ProductImage(product=victim, alt_text="x", thumb_key="products/aaaaaaaaaaaaaaaaaaaa.jpg",
                         large_key="products/bbbbbbbbbbbbbbbbbbbb.jpg", width=10, height=10)
    db.session.add(image)
    db.session.commit()
    method, path, data = _others_routes(victim, image)[route]
    response = client.get(path) if method == "get" else post_form(client, path, data, page="/dashboard")
    assert response.status_code == 404
    db.session.expire_all()
    unchanged = db.session.get(Product, victim.id)
    assert (unchanged.status, len(unchanged.images), unchanged.variants[0].price) == (
        ProductStatus.DRAFT, 1, 350_000)
    assert db.session.scalar(select(func.count(Product.id))) == 1


def test_someone_without_a_shop_is_sent_to_apply(client, db):
    from tests.factories import UserFactory

    login(client, UserFactory())
    assert client.get("/dashboard").headers["Location"] == "/shops/apply"
    assert client.get("/dashboard/products/new").status_code == 404


def test_the_dashboard_lists_what_is_running_low(client, artisan, db):
    ProductFactory(shop=artisan, title="Hampir Habis", variants=[(300_000, 1)])
    ProductFactory(shop=artisan, title="Masih Banyak", variants=[(300_000, 9)])
    ProductFactory(shop=artisan, title="Dibuat Kalau Dipesan", made_to_order=True, production_days=10,
                   variants=[(900_000, 0)])
    page = client.get("/dashboard").get_data(as_text=True)
    running_low = page.split("Stok menipis", 1)[1].split("Produk saya", 1)[0]
    assert "Hampir Habis" in running_low
    assert "Masih Banyak" not in running_low and "Dibuat Kalau Dipesan" not in running_low


def test_running_low_counts_units_unpaid_orders_hold_and_leaves_archived_listings_out(client, artisan,
                                                                                     db):
    held = ProductFactory(shop=artisan, title="Ditahan Pesanan", variants=[(300_000, 8)])
    held.variants[0].stock_reserved = 6
    ProductFactory(shop=artisan, title="Sudah Diarsipkan", status=ProductStatus.ARCHIVED,
                   variants=[(300_000, 1)])
    db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    running_low = page.split("Stok menipis", 1)[1].split("Produk saya", 1)[0]
    assert "Ditahan Pesanan" in running_low and "Tinggal 2" in running_low
    assert "Sudah Diarsipkan" not in running_low


def test_the_dashboard_takes_as_many_queries_with_twelve_listings_as_with_one(client, artisan, db):
    ProductFactory(shop=artisan, variants=[(300_000, 2)])
    one = queries_for(client, "/dashboard")
    for number in range(11):
        product = ProductFactory(shop=artisan, variants=[(300_000, 5), (350_000, 1)])
        product.images.append(ProductImage(alt_text="kain", thumb_key=f"products/t{number}.jpg",
                                           large_key=f"products/l{number}.jpg", width=10, height=10))
    db.session.commit()
    assert queries_for(client, "/dashboard") == one


def test_each_listing_on_the_dashboard_says_what_it_does_not_say_yet(client, artisan, db):
    product = ProductFactory(shop=artisan, title="Tanpa Cerita", description="", motif_name="",
                             length_cm=None)
    page = client.get("/dashboard").get_data(as_text=True)
    missing = page.split(f'id="missing-{product.id}"', 1)[1].split("</div>", 1)[0]
    assert "Foto" in missing and "Motif" in missing and "Ukuran" in missing
    assert "Sumber pewarna" not in missing
