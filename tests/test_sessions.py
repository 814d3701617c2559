from datetime import timedelta

import pytest
from sqlalchemy import select

from config import ProductionConfig
from marketplace.auth.models import Role, User
from marketplace.extensions import utcnow
from tests.factories import PASSWORD, UserFactory
from tests.helpers import csrf_token, login, logout, post_form


def test_login_with_the_right_password_opens_the_account(client, db):
    user = UserFactory()
    response = login(client, user)
    assert response.status_code == 302
    assert user.email in client.get("/account").get_data(as_text=True)


def test_email_is_matched_without_regard_to_case(client, db):
    user = UserFactory(email="marlina@contoh.id")
    assert login(client, "  MARLINA@contoh.ID ").status_code == 302
    assert client.get("/account").status_code == 200
    assert user.email == "marlina@contoh.id"


def test_wrong_password_and_unknown_email_give_the_same_answer(client, db):
    UserFactory(email="ada@contoh.id")
    wrong_password = login(client, "ada@contoh.id", "bukan-sandinya-1")
    unknown_email = login(client, "tidakada@contoh.id", "bukan-sandinya-1")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert "Email atau kata sandi salah." in wrong_password.get_data(as_text=True)
    strip = lambda page: page.get_data(as_text=True).split('name="csrf_token"')[0]  # noqa: E731
    assert strip(wrong_password) == strip(unknown_email)


def test_an_inactive_account_cannot_log_in(client, db):
    user = UserFactory(active=False)
    assert login(client, user).status_code == 200
    assert client.get("/account").status_code == 302


def test_account_page_needs_a_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout_ends_the_session_on_every_client(app, db):
    user = UserFactory()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    assert laptop.get("/account").status_code == 200
    logout(phone)
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302


def test_a_copied_session_cookie_stops_working_after_logout(app, db):
    user = UserFactory()
    browser = app.test_client()
    login(browser, user)
    stolen = browser.get_cookie("session").value
    logout(browser)
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account").status_code == 302


def test_logout_needs_a_post_with_a_csrf_token(client, db):
    login(client, UserFactory())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200


def change_password(client, current, new):
    return post_form(client, "/account", {"current_password": current, "password": new,
                                          "password_confirm": new})


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, db):
    user = UserFactory()
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    response = change_password(here, PASSWORD, "motif-bunga-tanjung-5")
    assert response.status_code == 302
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
    fresh = app.test_client()
    assert login(fresh, user, "motif-bunga-tanjung-5").status_code == 302


def test_changing_the_password_needs_the_current_one(client, db):
    user = UserFactory()
    login(client, user)
    response = change_password(client, "bukan-sandinya-1", "motif-bunga-tanjung-5")
    assert "Kata sandi saat ini salah." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(User.session_version).where(User.id == user.id)) == 1


def test_a_common_new_password_is_refused(client, db):
    login(client, UserFactory())
    response = change_password(client, PASSWORD, "qwertyuiop")
    assert "terlalu umum" in response.get_data(as_text=True)


def test_logging_in_gives_the_session_a_new_csrf_token(client, db):
    before = csrf_token(client, "/login")
    login(client, UserFactory())
    after = csrf_token(client, "/")
    assert after != before
    assert client.post("/language", data={"lang": "en", "csrf_token": before}).status_code == 400
    assert client.post("/language", data={"lang": "en", "csrf_token": after}).status_code == 302


def age_session(client, idle=timedelta(0), since_login=timedelta(0)):
    """Move the session's clock back: its last use `idle` ago, its login `since_login` ago."""
    now = utcnow()
    with client.session_transaction() as session:
        session["seen_at"] = (now - idle).timestamp()
        session["auth_at"] = (now - since_login).timestamp()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CURATOR])
def test_an_agency_session_ends_after_two_idle_hours(client, db, role):
    login(client, UserFactory(roles=[role]))
    age_session(client, idle=timedelta(hours=1, minutes=59))
    assert client.get("/account").status_code == 200  # and the use is noted
    age_session(client, idle=timedelta(hours=2, seconds=1))
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "Sesi Anda telah berakhir" in client.get("/login").get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_a_customer_session_lasts_seven_idle_days(client, db):
    login(client, UserFactory(roles=[Role.CUSTOMER, Role.ARTISAN]))
    age_session(client, idle=timedelta(days=6, hours=23), since_login=timedelta(days=40))
    assert client.get("/account").status_code == 200
    age_session(client, idle=timedelta(days=7, seconds=1))
    assert client.get("/account").status_code == 302


def test_using_the_site_keeps_the_session_alive(client, db):
    login(client, UserFactory(roles=[Role.ADMIN]))
    age_session(client, idle=timedelta(hours=1, minutes=50), since_login=timedelta(hours=2))
    assert client.get("/account").status_code == 200
    with client.session_transaction() as session:
        assert utcnow().timestamp() - session["seen_at"] < 60


def test_an_agency_session_ends_twelve_hours_after_login_however_active(client, db):
    login(client, UserFactory(roles=[Role.ADMIN]))
    age_session(client, idle=timedelta(minutes=1), since_login=timedelta(hours=11, minutes=59))
    assert client.get("/account").status_code == 200
    age_session(client, idle=timedelta(minutes=1), since_login=timedelta(hours=12, seconds=1))
    assert client.get("/account").status_code == 302


def test_the_session_limits_are_settings(make_app):
    app = make_app(SESSION_IDLE_MINUTES=5, AGENCY_SESSION_MAX_HOURS=1)
    customer, admin = app.test_client(), app.test_client()
    login(customer, UserFactory())
    login(admin, UserFactory(roles=[Role.ADMIN]))
    age_session(customer, idle=timedelta(minutes=6))
    age_session(admin, idle=timedelta(minutes=1), since_login=timedelta(minutes=61))
    assert customer.get("/account").status_code == 302
    assert admin.get("/account").status_code == 302


def test_a_session_without_its_times_is_not_trusted(client, db):
    login(client, UserFactory())
    with client.session_transaction() as session:
        del session["seen_at"]
    assert client.get("/account").status_code == 302


def test_production_names_the_session_cookie_with_the_host_prefix(make_app):
    production = ProductionConfig({"SECRET_KEY": "x" * 32, "DATABASE_URL": "postgresql://db/x",
                                   "PUBLIC_URL": "https://pasarbatik.example.id"})
    cookie_settings = {name: getattr(production, name) for name in dir(production)
                       if name.startswith("SESSION_COOKIE_") or name == "DEVICE_COOKIE_NAME"}
    assert cookie_settings["SESSION_COOKIE_NAME"] == "__Host-session"
    app = make_app(**cookie_settings)
    client = app.test_client()
    page = "https://localhost/login"  # over HTTPS, Flask-WTF also wants the page as the referrer
    response = post_form(client, page, {"email": UserFactory().email, "password": PASSWORD},
                         headers={"Referer": page})
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(cookie for cookie in cookies if cookie.startswith("__Host-session="))
    attributes = [part.strip().lower() for part in session_cookie.split(";")[1:]]
    assert "secure" in attributes and "path=/" in attributes and "httponly" in attributes
    assert not any(part.startswith("domain") for part in attributes)
    device_cookie = next(cookie for cookie in cookies if cookie.startswith("__Host-known_device="))
    assert "Secure" in device_cookie and "Path=/" in device_cookie and "Domain" not in device_cookie
