import pytest
from sqlalchemy import func, select

from marketplace.auth.models import Role, User
from tests.factories import UserFactory
from tests.helpers import post_form

GOOD = {"name": "Sri Wahyuni", "email": "Sri.Wahyuni@Contoh.id",
        "password": "tenun-jumputan-9", "password_confirm": "tenun-jumputan-9"}


def register(client, **changes):
    return post_form(client, "/register", {**GOOD, **changes})


def test_registration_creates_a_customer_and_logs_them_in(client, db):
    response = register(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "sri.wahyuni@contoh.id"
    assert user.roles == {Role.CUSTOMER}
    assert user.password_hash.startswith("$argon2id$")
    assert "tenun-jumputan-9" not in user.password_hash
    assert "Sri Wahyuni" in client.get("/account").get_data(as_text=True)


def test_an_email_taken_in_another_case_is_refused(client, db):
    UserFactory(email="sri.wahyuni@contoh.id")
    response = register(client, email="SRI.WAHYUNI@CONTOH.ID")
    assert response.status_code == 200
    assert "Email ini sudah dipakai" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 1


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
def test_bad_registrations_are_refused_with_a_message(client, db, changes, message):
    response = register(client, **changes)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_registration_form_labels_every_input(client):
    page = client.get("/register").get_data(as_text=True)
    for field in ("name", "email", "password", "password_confirm"):
        assert f'<label for="{field}"' in page
