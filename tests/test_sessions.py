from sqlalchemy import select

from marketplace.auth.models import User
from tests.factories import PASSWORD, UserFactory
from tests.helpers import login, logout, post_form


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
