from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.auth.models import ApiToken, Role, User
from marketplace.auth.tokens import LIFETIME, issue_token
from marketplace.extensions import db as _db
from marketplace.extensions import utcnow
from tests.api_support import Api, error_of, token_for
from tests.factories import PASSWORD, UserFactory
from tests.helpers import link_path, login, logout, post_form


def test_registering_sends_a_link_to_finish_on_the_website(client, db, outbox):
    response = client.post("/api/v1/auth/register",
                           json={"email": "Sari@Contoh.id", "name": "Sari", "password": "tenun-songket-99"})
    assert response.status_code == 202
    assert set(response.get_json()) == {"message"}
    assert _db.session.scalar(select(User)) is None
    link = link_path(outbox[0], "/register/confirm/")
    assert post_form(client, link, {"password": "tenun-songket-99"}).status_code == 302
    user = _db.session.scalar(select(User))
    assert user.email == "sari@contoh.id" and user.roles == {Role.CUSTOMER}


def test_registering_a_taken_email_answers_the_same_and_tells_its_owner(client, db, outbox):
    UserFactory(email="sari@contoh.id")
    body = {"name": "Sari", "password": "tenun-songket-99"}
    taken = client.post("/api/v1/auth/register", json={**body, "email": "SARI@contoh.id"})
    new = client.post("/api/v1/auth/register", json={**body, "email": "dewi@contoh.id"})
    assert taken.status_code == new.status_code == 202
    assert taken.get_json() == new.get_json()
    assert [message["To"] for message in outbox] == ["sari@contoh.id", "dewi@contoh.id"]
    assert "/reset-password/" in outbox[0].get_content()


def test_registrations_are_limited_per_email_across_the_website_and_the_api(make_app):
    app = make_app(REGISTER_LIMIT_PER_EMAIL="1 per hour")
    client = app.test_client()
    body = {"email": "sari@contoh.id", "name": "Sari", "password": "tenun-songket-99"}
    assert client.post("/api/v1/auth/register", json=body).status_code == 202
    refused = client.post("/api/v1/auth/register", json=body)
    assert refused.status_code == 429 and error_of(refused)["details"]["retry_after"] > 0
    page = post_form(app.test_client(), "/register", {**body, "password_confirm": body["password"]})
    assert page.status_code == 429


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "sari@contoh.id", "name": "Sari", "password": "pendek"}, "password"),
    ({"email": "bukan-email", "name": "Sari", "password": "tenun-songket-99"}, "email"),
    ({"email": "sari@contoh.id", "name": "Sari", "password": 12345678901}, "password"),
    ({"email": "sari@contoh.id", "name": "", "password": "tenun-songket-99"}, "name"),
    ({"email": "sari@contoh.id", "name": "Sari", "password": "tenun-songket-99", "role": "admin"}, "role"),
    ({"name": "Sari", "password": "tenun-songket-99"}, "email"),
])
def test_invalid_registrations_are_422_with_the_field_named(client, db, body, field):
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_failed" and field in error["details"]


@pytest.mark.parametrize("raw", [b"{", b"{\"email\": }", b"\xff\xfe", b"[" * 5000 + b"]" * 5000])
def test_malformed_json_is_400(client, db, raw):
    response = client.post("/api/v1/auth/register", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_json"


def test_a_body_that_is_not_an_object_is_422(client, db):
    response = client.post("/api/v1/auth/register", json=[1, 2, 3])
    assert response.status_code == 422
    assert error_of(response)["details"]


def test_a_body_too_large_is_413(client, db):
    response = client.post("/api/v1/auth/register", data=b'{"name": "' + b"x" * 300_000 + b'"}',
                           content_type="application/json")
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"


def test_a_token_is_stored_only_as_its_hash(client, db):
    user = UserFactory()
    token = token_for(client, user)
    stored = _db.session.scalar(select(ApiToken))
    assert token.startswith("pbb_") and len(token) > 40
    assert stored.token_hash != token and token not in stored.token_hash and len(stored.token_hash) == 64


def test_a_token_expires_after_thirty_days(client, db):
    user = UserFactory()
    response = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD})
    expires = response.get_json()["expires_at"]
    assert expires.startswith((utcnow() + LIFETIME).date().isoformat())


def test_me_answers_the_tokens_user_and_roles(client, db):
    user = UserFactory(roles=[Role.CUSTOMER, Role.ARTISAN])
    body = Api(client, user).get("/me").get_json()
    assert body["id"] == user.id and body["roles"] == ["artisan", "customer"]


def test_wrong_password_is_401(client, db):
    user = UserFactory()
    response = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": "salah-sekali"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_credentials"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer pbb_not-a-token", "Basic dXNlcjpwYXNz",
                                    "Token x"])
def test_routes_for_signed_in_users_need_a_valid_token(client, db, header):
    response = client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    error_of(response)


def test_a_cookie_session_is_not_accepted(client, db):
    user = UserFactory()
    login(client, user)
    assert client.get("/account").status_code == 200  # the cookie works on the website
    assert client.get("/api/v1/me").status_code == 401


def test_an_expired_token_is_refused(client, db):
    user = UserFactory()
    _record, token = issue_token(user, now=utcnow() - LIFETIME - timedelta(seconds=1))
    _db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_token_almost_thirty_days_old_still_works(client, db):
    user = UserFactory()
    _record, token = issue_token(user, now=utcnow() - LIFETIME + timedelta(minutes=1))
    _db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_revoked_token_stops_working_and_others_keep_working(client, db):
    user = UserFactory()
    first, second = Api(client, user), Api(client, user)
    assert first.delete("/auth/tokens/current").status_code == 204
    assert first.get("/me").status_code == 401
    assert second.get("/me").status_code == 200


def test_logging_out_everywhere_on_the_website_ends_the_tokens(client, db):
    user = UserFactory()
    api = Api(client, user)
    login(client, user)
    logout(client)
    assert api.get("/me").status_code == 401


def test_a_disabled_account_cannot_use_its_token(client, db):
    user = UserFactory()
    api = Api(client, user)
    _db.session.get(User, user.id).active = False
    _db.session.commit()
    assert api.get("/me").status_code == 401


def test_token_requests_are_rate_limited_per_account(make_app):
    app = make_app(LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    client = app.test_client()
    user = UserFactory()
    statuses = [client.post("/api/v1/auth/tokens", json={"email": user.email, "password": "salah-sekali"})
                .status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    response = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert error_of(response)["details"]["retry_after"] > 0


def test_successful_token_requests_do_not_count_towards_the_limit(make_app):
    app = make_app(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    client = app.test_client()
    user = UserFactory()
    for _ in range(4):
        token_for(client, user)


def test_api_posts_need_no_csrf_token_while_the_website_does(client, db):
    assert client.post("/register", data={"email": "a@contoh.id"}).status_code == 400
    response = client.post("/api/v1/auth/register",
                           json={"email": "sari@contoh.id", "name": "Sari", "password": "tenun-songket-99"})
    assert response.status_code == 202


def test_messages_follow_the_accounts_language_or_accept_language(client, db):
    response = client.get("/api/v1/me", headers={"Accept-Language": "en"})
    assert "valid token" in error_of(response)["message"]
    response = client.get("/api/v1/me", headers={"Accept-Language": "id"})
    assert "valid token" not in error_of(response)["message"]


def test_the_api_sets_no_cookie(client, db):
    api = Api(client, UserFactory())
    for response in (api.get("/me"), api.get("/cart"), client.get("/api/v1/products")):
        assert response.status_code == 200 and "Set-Cookie" not in response.headers
