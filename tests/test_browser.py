"""Smoke test in a real browser: Debian's Chromium driven by Playwright."""


import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.auth.models import Role
from marketplace.orders import payment_actions
from marketplace.orders.models import Order
from marketplace.payments.models import Payment
from marketplace.products.models import Product, ProductStatus
from marketplace.shops.models import ShopState
from marketplace.shops.services import change_shop_state
from tests.factories import PASSWORD, ProductFactory, ShopFactory, UserFactory
from tests.helpers import link_path

pytestmark = pytest.mark.browser


def test_a_visitor_switches_language_and_logs_in(page, db):
    user = UserFactory(email="dewi@contoh.id")
    db.session.commit()

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Batik dan jumputan")

    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Batik and jumputan")

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="My account").is_visible()
    page.get_by_role("link", name="My account").click()
    assert "dewi@contoh.id" in page.content()


def test_the_home_page_fits_a_phone_screen(page, db):
    page.goto("/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_a_new_artisan_lists_a_cloth_that_visitors_see_only_once_the_shop_is_verified(
        page, live_server, db, tmp_path, outbox):
    photo = tmp_path / "kain-pedada.png"
    Image.new("RGB", (900, 700), "#7a3b1d").save(photo)

    page.goto("/register")
    page.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    page.get_by_label("Email").fill("sri@contoh.id")
    page.get_by_label("Kata sandi baru").fill("tenun-jumputan-9")
    page.get_by_label("Ulangi kata sandi").fill("tenun-jumputan-9")
    page.get_by_role("button", name="Buat akun").click()
    assert "Periksa kotak masuk Anda" in page.content()
    page.goto(link_path(outbox[-1], "/register/confirm/"))
    page.get_by_label("Kata sandi").fill("tenun-jumputan-9")
    page.get_by_role("button", name="Selesaikan pembuatan akun saya").click()
    assert "Selamat datang" in page.content()

    page.goto("/shops/apply")
    page.get_by_label("Nama toko").fill("Jumputan Sri Sungsang")
    page.get_by_label("Cerita Anda").fill("Saya belajar jumputan dari ibu, lalu batik tulis di pelatihan "
                                          "Dekranasda Banyuasin tahun 2024.")
    page.get_by_label("Kecamatan").select_option("Banyuasin II")
    page.get_by_label("Desa atau kelurahan").fill("Sungsang")
    page.get_by_label("Nomor WhatsApp").fill("0812 7345 6789")
    page.get_by_role("button", name="Kirim pengajuan").click()
    assert "Menunggu verifikasi" in page.content()

    page.get_by_role("link", name="Produk baru").first.click()
    page.get_by_label("Judul").fill("Kain Jumputan Pelangi Sungsang")
    page.get_by_label("Deskripsi").fill("Kain jumputan diikat tangan dan dicelup tiga warna.")
    page.get_by_label("Teknik").select_option("jumputan")
    page.get_by_label("Sumber pewarna").fill("remazol")
    page.get_by_label("Pewarna", exact=True).select_option("synthetic")
    page.get_by_label("Motif", exact=True).fill("Jumputan Pelangi")
    page.get_by_label("Berat dengan kemasan (gram)").fill("300")
    page.locator("#variants-0-sku").fill("JSS-001")
    page.locator("#variants-0-name").fill("Kain 2 m")
    page.locator("#variants-0-price").fill("275.000")
    page.locator("#variants-0-stock").fill("4")
    page.get_by_role("button", name="Simpan produk").click()

    page.get_by_label("Foto (JPEG, PNG, atau WebP, maksimal 8 MB)").set_input_files(str(photo))
    page.get_by_label("Isi foto (untuk pembeli tunanetra)").fill("Kain jumputan pelangi dibentangkan")
    page.get_by_role("button", name="Unggah foto").click()
    assert page.locator("img[alt='Kain jumputan pelangi dibentangkan']").count() == 1

    page.get_by_role("link", name="Kembali ke toko saya").click()
    page.get_by_role("button", name="Terbitkan").click()
    product = db.session.scalar(select(Product))
    assert product.status == ProductStatus.ACTIVE

    visitor = page.context.browser.new_page(base_url=live_server)
    assert visitor.goto(f"/products/{product.id}").status == 404
    assert "Kain Jumputan Pelangi Sungsang" not in visitor.goto("/products?q=pelangi").text()

    change_shop_state(product.shop, ShopState.VERIFIED)
    db.session.commit()
    assert visitor.goto(f"/products/{product.id}").status == 200
    assert "Rp 275.000" in visitor.content()
    visitor.close()


def test_a_customer_buys_from_two_shops_and_reviews_after_both_artisans_ship(page, live_server, db):
    first = ProductFactory(title="Kain Pedada Sungsang", shop=ShopFactory(name="Batik Sungsang"),
                           variants=[(350_000, 2)])
    second = ProductFactory(title="Selendang Jumputan", shop=ShopFactory(name="Jumputan Betung"),
                            variants=[(150_000, 4)])
    customer = UserFactory(email="dewi@contoh.id", name="Dewi Lestari")
    db.session.commit()
    log_in(page, customer.email)
    for product in (first, second):
        page.goto(f"/products/{product.id}")
        page.get_by_role("button", name="Masukkan ke keranjang").click()
    page.goto("/cart")
    assert "Batik Sungsang" in page.content() and "Jumputan Betung" in page.content()
    page.get_by_role("link", name="Checkout").click()
    address = (("Telepon penerima", "0812 3456 7890"), ("Jalan, nomor rumah, RT/RW", "Jl. Merdeka 5"),
               ("Desa atau kelurahan", "Talang Semut"), ("Kecamatan", "Bukit Kecil"),
               ("Kabupaten atau kota", "Kota Palembang"), ("Kode pos", "30135"))
    for label, value in address:
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Provinsi").select_option("Sumatera Selatan")
    page.get_by_label("Transfer bank").check()
    page.get_by_role("button", name="Buat pesanan").click()
    assert "Transfer tepat Rp 550.000" in page.content()

    payment_actions.confirm_transfer(db.session.scalar(select(Payment)), UserFactory(roles=[Role.ADMIN]))
    db.session.commit()
    for order in db.session.scalars(select(Order)):
        artisan = page.context.browser.new_page(base_url=live_server)
        log_in(artisan, order.shop.owner.email)
        artisan.goto(f"/dashboard/orders/{order.id}")
        artisan.get_by_role("button", name="Mulai siapkan").click()
        artisan.get_by_label("Kurir").select_option(label="JNE REG")
        artisan.get_by_label("Nomor resi").fill(f"PLM{order.id:010d}")
        artisan.get_by_role("button", name="Tandai sudah dikirim").click()
        artisan.get_by_role("button", name="Tandai sudah sampai").click()
        artisan.close()

    page.goto("/orders")
    numbers = page.locator("article h2 a")
    assert numbers.count() == 2
    numbers.first.click()
    timeline = page.locator("ol.timeline").inner_text()
    for step in ("Menunggu pembayaran", "Dibayar", "Sedang disiapkan", "Dikirim", "Sudah sampai"):
        assert step in timeline
    page.locator("label", has_text="★★★★★").first.click()
    page.get_by_label("Ulasan Anda").first.fill("Kainnya halus dan warnanya indah.")
    page.get_by_role("button", name="Kirim ulasan").first.click()
    assert "Terima kasih atas ulasan Anda!" in page.content()


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
