import pytest

from config import ProductionConfig
from marketplace import create_app
from marketplace.web.security import safe_next_url
from tests.factories import UserFactory
from tests.helpers import login


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
    "javascript:alert(1)", "%09//evil.example", "/%0d%0aSet-Cookie:x=1", "/%09/evil.example",
    "http:/evil.example", "///evil.example", "", "evil.example",
])
def test_login_never_redirects_off_site(client, db, target):
    response = login(client, UserFactory(), next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/account", "/products?q=batik+tulis&page=2", "/cohorts#top"])
def test_login_returns_to_a_page_on_this_site(client, db, target):
    from urllib.parse import quote

    response = login(client, UserFactory(), next_url=quote(target, safe=""))
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", ["\t//evil", "/ok\r\nX: y", "/a\x7f"])
def test_control_characters_are_refused_by_the_next_check(target):
    assert safe_next_url(target) == "/"


@pytest.mark.parametrize(("path", "data"), [
    ("/login", {"email": "a@contoh.id", "password": "x"}),
    ("/register", {"name": "A", "email": "a@contoh.id", "password": "x", "password_confirm": "x"}),
    ("/language", {"lang": "en"}),
    ("/forgot-password", {"email": "a@contoh.id"}),
])
def test_forms_without_a_csrf_token_are_refused(client, db, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)


def test_a_csrf_token_from_another_session_is_refused(app, db):
    from tests.helpers import csrf_token

    other_token = csrf_token(app.test_client(), "/login")
    response = app.test_client().post("/language", data={"lang": "en", "csrf_token": other_token})
    assert response.status_code == 400


def test_session_cookie_is_httponly_and_samesite_lax(client, db):
    response = login(client, UserFactory())
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure(monkeypatch):
    config = ProductionConfig({"SECRET_KEY": "k" * 32, "DATABASE_URL": "sqlite://",
                               "PUBLIC_URL": "https://pasarbatik.example.id"})
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE


@pytest.mark.parametrize(("environ", "missing"), [
    ({}, "SECRET_KEY, DATABASE_URL"),
    ({"SECRET_KEY": "k" * 32}, "DATABASE_URL"),
    ({"DATABASE_URL": "postgresql+psycopg://db/marketplace"}, "SECRET_KEY"),
])
def test_production_refuses_to_start_without_its_secrets(monkeypatch, environ, missing):
    for name in ("SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MARKETPLACE_ENV", "production")
    monkeypatch.setenv("PUBLIC_URL", "https://pasarbatik.example.id")
    with pytest.raises(RuntimeError, match=f"environment variables: {missing}$"):
        create_app()
