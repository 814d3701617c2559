"""The agency's work in a real browser: a curator verifies a new shop, features one of its cloths,
and the cloth appears on the home page."""

import pyotp
import pytest

from marketplace.auth.models import Role
from marketplace.shops.models import ShopState
from tests.factories import PASSWORD, ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_curator_approves_a_shop_features_its_cloth_and_it_appears_on_the_home_page(page, db):
    curator = UserFactory(email="kurator@dekranasda.id", name="Rahmawati", roles=[Role.CURATOR],
                          second_factor=False)
    shop = ShopFactory(name="Jumputan Talang Kelapa", state=ShopState.PENDING)
    cloth = ProductFactory(shop=shop, title="Selendang Jumputan Pelangi", variants=[(350_000, 3)])
    db.session.commit()

    page.goto("/")
    assert "Selendang Jumputan Pelangi" not in page.content()

    page.goto("/login")
    page.get_by_label("Email").fill(curator.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()

    # A new curator sets up the authenticator app before any agency page answers.
    assert page.get_by_role("heading", name="Aktifkan verifikasi dua langkah").is_visible()
    assert page.get_by_role("img", name="Kode QR untuk aplikasi autentikator").is_visible()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Kode").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Lanjutkan").click()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Dinas").click()
    page.get_by_role("navigation", name="Menu dinas").get_by_role("link", name="Toko").click()
    page.get_by_role("link", name="Jumputan Talang Kelapa").first.click()
    page.get_by_role("button", name="Setujui dan verifikasi").click()
    page.wait_for_load_state()
    assert "Terverifikasi" in page.content()

    page.goto("/admin/featured")
    page.get_by_label("Nomor produk").first.fill(str(cloth.id))
    page.get_by_role("button", name="Jadikan pilihan").first.click()
    page.wait_for_load_state()
    assert "Selendang Jumputan Pelangi" in page.content()

    page.goto("/")
    featured = page.locator("section", has=page.get_by_role("heading", name="Pilihan", exact=True))
    assert featured.get_by_text("Selendang Jumputan Pelangi").is_visible()
