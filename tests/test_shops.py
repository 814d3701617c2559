import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.auth.models import Role
from marketplace.main import queries as home_page
from marketplace.media.variants import sibling_keys
from marketplace.shops import services
from marketplace.shops.exceptions import InvalidWhatsApp, ReasonRequired
from marketplace.shops.models import Shop, ShopState
from marketplace.transitions import InvalidTransition
from tests.factories import CohortFactory, ShopFactory, UserFactory
from tests.helpers import counted_queries, image_upload, login, post_form, post_multipart

STORY = ("Saya Nurhayati dari Sungsang. Ibu saya mengajari jumputan sejak kecil, lalu saya belajar "
         "batik tulis di pelatihan Dekranasda Banyuasin.")


def application(**changes):
    return {"name": "Jumputan Sungsang", "story": STORY, "kecamatan": "Banyuasin II",
            "village": "Sungsang", "whatsapp": "0812-7345-6789", "nib": "", "cohort_id": "0", **changes}


#: what only an existing shop's settings form has
SETTINGS = {"shipping_base_fee": "15.000", "shipping_fee_per_kg": "10000", "free_shipping_from": ""}


def apply(client, **changes):
    return post_form(client, "/shops/apply", application(**changes))


def test_applying_opens_a_pending_shop_and_makes_the_user_an_artisan(client, db):
    user = UserFactory()
    cohort = CohortFactory()
    login(client, user)
    response = apply(client, nib="1234 5678 9012 3", cohort_id=str(cohort.id))
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    shop = db.session.scalar(select(Shop))
    assert (shop.state, shop.slug, shop.whatsapp, shop.nib) == (
        ShopState.PENDING, "jumputan-sungsang", "6281273456789", "1234567890123")
    assert shop.cohort_id == cohort.id
    db.session.refresh(user)
    assert user.has_role(Role.ARTISAN)


@pytest.mark.parametrize(("changes", "message"), [
    ({"nib": "123456789012"}, "tepat 13 angka"),
    ({"nib": "12345678901234"}, "tepat 13 angka"),
    ({"whatsapp": "12345"}, "nomor HP Indonesia"),
    ({"whatsapp": "021-555-1234"}, "nomor HP Indonesia"),
    ({"whatsapp": ""}, "nomor WhatsApp"),
    ({"kecamatan": "Ilir Barat I"}, "Not a valid choice"),
    ({"kecamatan": ""}, "Pilih kecamatan"),
    ({"story": "Pendek."}, "antara 40 dan 5000 karakter"),
    ({"name": ""}, "Beri nama toko"),
])
def test_bad_applications_are_refused_with_a_message(client, db, changes, message):
    login(client, UserFactory())
    response = apply(client, **changes)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Shop.id))) == 0


def test_a_shop_name_is_unique_whatever_its_case(client, db):
    ShopFactory(name="Jumputan Sungsang")
    login(client, UserFactory())
    response = apply(client, name="JUMPUTAN sungsang")
    assert "sudah dipakai toko lain" in response.get_data(as_text=True)


def test_a_second_shop_for_the_same_artisan_is_not_opened(client, db):
    shop = ShopFactory()
    login(client, shop.owner)
    response = post_form(client, "/shops/apply", application(name="Toko Kedua"), page="/")
    assert response.headers["Location"] == "/dashboard"
    assert db.session.scalar(select(func.count(Shop.id))) == 1


def test_the_slug_stays_when_the_shop_is_renamed(client, db):
    shop = ShopFactory(name="Batik Lama", slug="batik-lama")
    login(client, shop.owner)
    response = post_form(client, "/dashboard/shop", {**application(name="Batik Baru Sembawa"), **SETTINGS})
    assert response.status_code == 302
    db.session.refresh(shop)
    assert (shop.name, shop.slug) == ("Batik Baru Sembawa", "batik-lama")


@pytest.mark.parametrize(("raw", "normalised"), [
    ("0812-7345-6789", "6281273456789"), ("+62 812 7345 6789", "6281273456789"),
    ("62 812 7345 6789", "6281273456789"), ("812.7345.6789", "6281273456789"),
    ("(0852) 1234 567", "628521234567"),
])
def test_whatsapp_numbers_are_normalised(raw, normalised):
    assert services.normalize_whatsapp(raw) == normalised


@pytest.mark.parametrize("raw", ["", "0711-123456", "+1 415 555 0100", "08123", "0812345678901234", "abc"])
def test_whatsapp_numbers_that_are_not_indonesian_mobiles_are_refused(raw):
    with pytest.raises(InvalidWhatsApp):
        services.normalize_whatsapp(raw)


@pytest.mark.parametrize(("start", "wanted"), [
    (ShopState.PENDING, ShopState.VERIFIED),
    (ShopState.PENDING, ShopState.REJECTED),
    (ShopState.VERIFIED, ShopState.SUSPENDED),
    (ShopState.SUSPENDED, ShopState.VERIFIED),
    (ShopState.REJECTED, ShopState.PENDING),
])
def test_allowed_shop_transitions(db, start, wanted):
    shop = ShopFactory(state=start)
    services.change_shop_state(shop, wanted, reason="NIB belum sesuai")
    assert shop.state == wanted and shop.state_changed_at is not None


@pytest.mark.parametrize(("start", "wanted"), [
    (ShopState.PENDING, ShopState.SUSPENDED),
    (ShopState.PENDING, ShopState.PENDING),
    (ShopState.REJECTED, ShopState.VERIFIED),
    (ShopState.VERIFIED, ShopState.PENDING),
    (ShopState.VERIFIED, ShopState.REJECTED),
    (ShopState.SUSPENDED, ShopState.REJECTED),
])
def test_other_shop_transitions_are_refused(db, start, wanted):
    shop = ShopFactory(state=start)
    with pytest.raises(InvalidTransition):
        services.change_shop_state(shop, wanted, reason="alasan")
    assert shop.state == start


@pytest.mark.parametrize(("start", "wanted"), [
    (ShopState.PENDING, ShopState.REJECTED), (ShopState.VERIFIED, ShopState.SUSPENDED)])
def test_rejecting_and_suspending_need_a_reason(db, start, wanted):
    shop = ShopFactory(state=start)
    with pytest.raises(ReasonRequired):
        services.change_shop_state(shop, wanted, reason="   ")
    assert shop.state == start


def test_a_verified_shop_page_shows_badges_story_and_whatsapp(client, db):
    cohort = CohortFactory(name="Pelatihan Batik Banyuasin x Jumputan")
    shop = ShopFactory(name="Batik Pedada Nurhayati", cohort=cohort)
    page = client.get(f"/shops/{shop.slug}").get_data(as_text=True)
    assert "Terverifikasi Dekranasda Banyuasin" in page
    assert "Alumni Pelatihan Batik Banyuasin x Jumputan 2024" in page
    assert "Saya belajar membatik" in page
    assert 'href="https://wa.me/6281234567890?text=Halo%20Batik%20Pedada%20Nurhayati' in page


@pytest.mark.parametrize("state", [ShopState.PENDING, ShopState.REJECTED, ShopState.SUSPENDED])
def test_a_shop_that_is_not_verified_is_not_public(client, db, state):
    shop = ShopFactory(state=state)
    assert client.get(f"/shops/{shop.slug}").status_code == 404
    assert shop.name not in client.get("/shops").get_data(as_text=True)


def test_the_owner_previews_a_pending_shop(client, db):
    shop = ShopFactory(state=ShopState.PENDING)
    login(client, shop.owner)
    page = client.get(f"/shops/{shop.slug}").get_data(as_text=True)
    assert "Pratinjau" in page and "Terverifikasi" not in page


def test_another_artisan_cannot_preview_a_pending_shop(client, db):
    pending = ShopFactory(state=ShopState.PENDING)
    login(client, ShopFactory().owner)
    assert client.get(f"/shops/{pending.slug}").status_code == 404


def test_applying_needs_a_login(client):
    assert client.get("/shops/apply").headers["Location"].startswith("/login")


def picture(color) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), color).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_logo_and_banner_are_stored_and_shown_and_replaced(client, db):
    login(client, UserFactory())
    response = post_multipart(client, "/shops/apply", {
        **application(), "logo": image_upload(picture("red"), "a.jpg"),
        "banner": image_upload(picture("blue"), "b.jpg")})
    assert response.status_code == 302
    shop = db.session.scalar(select(Shop))
    old_logo = shop.logo_key
    assert client.get(f"/media/{shop.logo_key}").status_code == 200
    assert f'/media/{shop.banner_key} 1200w' in client.get(f"/shops/{shop.slug}").get_data(as_text=True)
    changed = post_multipart(client, "/dashboard/shop",
                             {**application(), **SETTINGS, "logo": image_upload(picture("green"), "c.jpg")})
    assert changed.status_code == 302
    db.session.refresh(shop)
    assert shop.logo_key != old_logo
    for replaced in sibling_keys(old_logo):  # every size of the old logo is gone
        assert client.get(f"/media/{replaced}").status_code == 404


def test_a_logo_that_is_not_an_image_is_refused_on_its_field(client, db):
    login(client, UserFactory())
    response = post_multipart(client, "/shops/apply",
                              {**application(), "logo": image_upload(b"%PDF-1.7 ...", "logo.png")})
    assert response.status_code == 200
    assert "Unggah gambar JPEG, PNG, atau WebP" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Shop.id))) == 0


def test_shipping_and_payment_settings_are_saved(client, db):
    shop = ShopFactory()
    login(client, shop.owner)
    response = post_form(client, "/dashboard/shop", {
        **application(name=shop.name), "shipping_base_fee": "Rp 20.000", "shipping_fee_per_kg": "7500",
        "free_shipping_from": "1.000.000", "allows_pickup": "y", "allows_cod": "y"})
    assert response.status_code == 302
    db.session.refresh(shop)
    rates = (shop.shipping_base_fee, shop.shipping_fee_per_kg, shop.free_shipping_from)
    assert rates == (20_000, 7_500, 1_000_000)
    assert shop.allows_pickup and shop.allows_cod


def test_negative_shipping_fees_are_refused(client, db):
    shop = ShopFactory()
    login(client, shop.owner)
    response = post_form(client, "/dashboard/shop", {**application(name=shop.name), **SETTINGS,
                                                     "shipping_base_fee": "-5000"})
    assert response.status_code == 200
    db.session.refresh(shop)
    assert shop.shipping_base_fee == 15_000


def test_the_shop_list_comes_in_pages_with_one_query_for_all_their_cohorts(client, db, monkeypatch):
    from marketplace.products import catalog

    monkeypatch.setattr(catalog, "SHOPS_PER_PAGE", 2)
    for name in ("Batik Ayu", "Batik Bunga", "Batik Cempaka", "Batik Delima", "Batik Embun"):
        ShopFactory(name=name, cohort=CohortFactory())
    first = client.get("/shops").get_data(as_text=True)
    assert "Batik Ayu" in first and "Batik Bunga" in first and "Batik Cempaka" not in first
    assert "Pelatihan Batik Angkatan" in first  # the cohort badge
    assert 'rel="next"' in first and "Halaman 1 dari 3" in first
    last = client.get("/shops?page=3").get_data(as_text=True)
    assert "Batik Embun" in last and 'rel="prev"' in last and 'rel="next"' not in last
    with counted_queries() as few:
        client.get("/shops?page=2")
    monkeypatch.setattr(catalog, "SHOPS_PER_PAGE", 5)
    with counted_queries() as many:
        client.get("/shops")
    assert len(many) == len(few)  # the cohorts of a page in one query, not one per shop


def test_the_home_page_shows_a_few_shops_and_links_to_all_of_them(client, db, monkeypatch):
    monkeypatch.setattr(home_page, "HOME_SHOPS", 3)
    names = [f"Jumputan {letter}" for letter in "ABCDE"]
    for name in names:
        ShopFactory(name=name)
    home = client.get("/").get_data(as_text=True)
    shown = [name for name in names if f">{name}</a>" in home]
    assert len(shown) == 3 and 'href="/shops"' in home
    places = [home.index(f">{name}</a>") for name in shown]
    assert places == sorted(places)  # by name
