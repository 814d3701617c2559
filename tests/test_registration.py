import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from marketplace.auth.models import Role, User
from tests.factories import PASSWORD, UserFactory
from tests.helpers import link_path, login, post_form

GOOD = {"name": "Sri Wahyuni", "email": "Sri.Wahyuni@Contoh.id",
        "password": "tenun-jumputan-9", "password_confirm": "tenun-jumputan-9"}
CONFIRM = "/register/confirm/"


def register(client, **changes):
    return post_form(client, "/register", {**GOOD, **changes})


def finish(client, link, password=GOOD["password"]):
    return post_form(client, link, {"password": password})


def without_csrf(response) -> str:
    return re.sub(r'name="csrf_token"[^>]*>', "", response.get_data(as_text=True))


def users(db) -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_registering_sends_a_link_and_creates_nothing_until_it_is_used(client, db, outbox):
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"] == "/register/sent"
    assert "Periksa kotak masuk" in client.get("/register/sent").get_data(as_text=True)
    assert users(db) == 0
    assert client.get("/account").status_code == 302  # not logged in
    assert [message["To"] for message in outbox] == ["sri.wahyuni@contoh.id"]
    assert GOOD["password"] not in outbox[0].get_content()


def test_the_link_asks_for_the_chosen_password_then_logs_the_customer_in(client, db, outbox):
    register(client)
    link = link_path(outbox[0], CONFIRM)
    assert "sri.wahyuni@contoh.id" in client.get(link).get_data(as_text=True)
    response = finish(client, link)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "sri.wahyuni@contoh.id" and user.name == "Sri Wahyuni"
    assert user.roles == {Role.CUSTOMER}
    assert user.password_hash.startswith("$argon2id$")
    assert "tenun-jumputan-9" not in user.password_hash
    assert "Sri Wahyuni" in client.get("/account").get_data(as_text=True)


@pytest.mark.parametrize("going_to", ["/shops/apply", "/checkout"])
def test_registering_on_the_way_to_a_page_lands_there_once_the_link_is_used(client, db, outbox, going_to):
    login_page = client.get(going_to, follow_redirects=True).get_data(as_text=True)
    assert f'href="/register?next={going_to}"' in login_page
    sent = post_form(client, f"/register?next={going_to}", GOOD, page="/register")
    assert sent.status_code == 302
    response = finish(client, link_path(outbox[0], CONFIRM))
    assert response.status_code == 302 and response.headers["Location"] == going_to


@pytest.mark.parametrize("elsewhere", ["https://jahat.example/", "//jahat.example/", "/\\jahat.example",
                                       "javascript:alert(1)"])
def test_registering_never_leads_to_another_site(client, db, outbox, elsewhere):
    login_page = client.get("/login", query_string={"next": elsewhere}).get_data(as_text=True)
    assert re.findall(r'href="/register[^"]*"', login_page) == ['href="/register"'] * 2
    post_form(client, "/register", GOOD, query_string={"next": elsewhere})
    response = finish(client, link_path(outbox[0], CONFIRM))
    assert response.headers["Location"] == "/"


def test_the_link_sent_to_a_stranger_creates_nothing_without_the_chosen_password(app, db, outbox):
    register(app.test_client())
    owner_of_the_inbox = app.test_client()
    response = finish(owner_of_the_inbox, link_path(outbox[0], CONFIRM), "tebakan-pemilik-1")
    assert response.status_code == 200
    assert "Ini bukan kata sandi yang Anda pilih" in response.get_data(as_text=True)
    assert users(db) == 0


def test_a_used_link_says_the_account_exists(client, db, outbox):
    register(client)
    link = link_path(outbox[0], CONFIRM)
    finish(client, link)
    again = finish(client, link)
    assert again.status_code == 409
    assert "Email ini sudah dipakai" in again.get_data(as_text=True)
    assert users(db) == 1


def test_a_tampered_or_expired_link_is_refused(app, client, db, outbox):
    register(client)
    link = link_path(outbox[0], CONFIRM)
    assert client.get(link[:-3] + "xyz").status_code == 400
    stale = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="registration")
    token = stale.dumps({"email": "a@contoh.id", "name": "A", "locale": "id", "pw": "x"})
    app.config["REGISTRATION_MAX_AGE"] = -1
    expired = client.get(CONFIRM + token)
    assert expired.status_code == 400 and "kedaluwarsa" in expired.get_data(as_text=True)


def test_a_new_and_a_taken_email_get_the_same_answer(app, db, outbox):
    UserFactory(email="sri.wahyuni@contoh.id")
    taken_client, new_client = app.test_client(), app.test_client()
    taken = register(taken_client, email="SRI.WAHYUNI@CONTOH.ID")
    new = register(new_client, email="dewi@contoh.id")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    assert taken.get_data() == new.get_data()
    assert without_csrf(taken_client.get("/register/sent")) == without_csrf(new_client.get("/register/sent"))
    assert users(db) == 1 and len(outbox) == 2


def test_the_owner_of_a_taken_email_is_told_with_a_reset_link_on_the_public_address(make_app):
    from marketplace.web.mail import outbox as sent

    app = make_app(PUBLIC_URL="https://pasar-batik.test")
    owner = UserFactory(email="sri.wahyuni@contoh.id", locale="en")
    client = app.test_client()
    register(client, headers={"Host": "attacker.test"})
    [message] = sent()
    assert message["To"] == owner.email
    assert message["Subject"] == "Someone tried to register with your email"
    assert "https://pasar-batik.test/reset-password/" in message.get_content()
    assert "attacker.test" not in message.get_content()
    reset = link_path(message, "/reset-password/")
    new_password = {"password": "cap-tulis-baru-77", "password_confirm": "cap-tulis-baru-77"}
    changed = post_form(client, reset, new_password)
    assert changed.status_code == 302
    assert login(client, owner, "cap-tulis-baru-77").status_code == 302
    assert login(app.test_client(), owner, PASSWORD).status_code == 200


@pytest.mark.parametrize(("changes", "message"), [
    ({"password": "pendek123", "password_confirm": "pendek123"}, "minimal 10 karakter"),
    ({"password": "1234567890", "password_confirm": "1234567890"}, "terlalu umum"),
    ({"password": "Bismillah123", "password_confirm": "Bismillah123"}, "terlalu umum"),
    ({"password": "aaaaaaaaaaaa", "password_confirm": "aaaaaaaaaaaa"}, "terlalu umum"),
    ({"password_confirm": "something-else-1"}, "tidak sama"),
    ({"email": "bukan-email"}, "alamat email yang benar"),
    ({"email": "nama@"}, "alamat email yang benar"),
    ({"email": ""}, "Masukkan alamat email"),
    ({"name": ""}, "Masukkan nama"),
])
def test_bad_registrations_are_refused_with_a_message_and_send_nothing(client, db, outbox, changes,
                                                                        message):
    response = register(client, **changes)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert users(db) == 0 and outbox == []


def test_a_weak_password_is_refused_the_same_for_a_taken_email(client, db, outbox):
    UserFactory(email="sri.wahyuni@contoh.id")
    response = register(client, password="1234567890", password_confirm="1234567890")
    assert response.status_code == 200 and "terlalu umum" in response.get_data(as_text=True)
    assert outbox == []


def test_registration_form_labels_every_input(client):
    page = client.get("/register").get_data(as_text=True)
    for field in ("name", "email", "password", "password_confirm"):
        assert f'<label for="{field}"' in page


def test_registrations_to_one_email_are_limited_whatever_the_address(make_app):
    app = make_app(REGISTER_LIMIT_PER_EMAIL="2 per hour")
    statuses = [register(app.test_client(), environ_base={"REMOTE_ADDR": f"10.0.0.{number}"}).status_code
                for number in range(3)]
    assert statuses == [302, 302, 429]
    assert register(app.test_client(), email="lain@contoh.id").status_code == 302


def test_registrations_from_one_address_are_limited(make_app):
    app = make_app(REGISTER_LIMIT_PER_IP="2 per hour")
    client = app.test_client()
    statuses = [register(client, email=f"orang{number}@contoh.id").status_code for number in range(3)]
    assert statuses == [302, 302, 429]


def test_mistyped_registrations_do_not_count_towards_the_limit(make_app):
    app = make_app(REGISTER_LIMIT_PER_EMAIL="1 per hour")
    client = app.test_client()
    for _ in range(3):
        assert register(client, password_confirm="something-else-1").status_code == 200
    assert register(client).status_code == 302
