import pytest
from flask import abort, request
from sqlalchemy import func, select

from marketplace.auth.models import User
from marketplace.extensions import csrf
from marketplace.extensions import db as _db
from tests.factories import UserFactory
from tests.helpers import post_form


@pytest.fixture
def app(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)

    @app.route("/boom")
    @app.route("/api/v1/boom")
    def boom():
        _db.session.add(User(email="half@contoh.id", name="Half", password_hash="x"))
        _db.session.flush()
        raise RuntimeError("secret traceback detail")

    @app.route("/denied")
    @app.route("/api/v1/denied")
    def denied():
        abort(403)

    @app.route("/upload", methods=["POST"])
    @app.route("/api/v1/upload", methods=["POST"])
    @csrf.exempt
    def upload():
        return str(len(request.get_data()))

    return app


@pytest.mark.parametrize(("language", "title"), [("id", "Terjadi kesalahan"), ("en", "Something went wrong")])
def test_a_500_rolls_back_and_never_shows_a_traceback(client, db, language, title):
    post_form(client, "/language", {"lang": language})
    response = client.get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert title in page
    assert "Traceback" not in page and "secret traceback detail" not in page
    assert db.session.scalar(select(func.count(User.id))) == 0


@pytest.mark.parametrize(("path", "status", "indonesian", "english"), [
    ("/does-not-exist", 404, "Halaman tidak ditemukan", "Page not found"),
    ("/denied", 403, "Akses ditolak", "Access denied"),
    ("/logout", 405, "Tidak diizinkan", "Not allowed"),
])
def test_error_pages_in_both_languages(client, db, path, status, indonesian, english):
    response = client.get(path)
    assert response.status_code == status
    assert indonesian in response.get_data(as_text=True)
    post_form(client, "/language", {"lang": "en"})
    assert english in client.get(path).get_data(as_text=True)


def test_a_400_page(client, db):
    response = client.post("/language", data={"lang": "en"})
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.get_data(as_text=True)


def test_a_413_page(client, db):
    response = client.post("/upload", data={"file": "x" * 4096})
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


def test_a_429_page_says_when_to_retry(client, db):
    UserFactory(email="ada@contoh.id")
    for _ in range(6):
        response = post_form(client, "/login", {"email": "ada@contoh.id", "password": "salah-salah-1"})
    assert response.status_code == 429
    assert "menit" in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "method", "status", "code"), [
    ("/api/v1/nothing-here", "get", 404, "not_found"),
    ("/api/v1/denied", "get", 403, "forbidden"),
    ("/api/v1/", "delete", 405, "method_not_allowed"),
    ("/api/v1/boom", "get", 500, "internal_error"),
])
def test_api_errors_are_json(client, db, path, method, status, code):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.is_json
    body = response.get_json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "secret traceback detail" not in response.get_data(as_text=True)


def test_api_413_is_json(client):
    response = client.post("/api/v1/upload", data="x" * 4096, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_api_index_describes_itself(client):
    body = client.get("/api/v1/").get_json()
    assert body["version"] == "v1" and body["currency"] == "IDR"
