"""Health checks for the load balancer, and the log line each request leaves."""

import json
import logging

import pytest

import config
from marketplace import create_app
from marketplace.extensions import limiter
from marketplace.web.mail import deliver_now
from tests.factories import UserFactory
from tests.helpers import login
from tests.redis_helpers import redis_url_or_skip


def _unreachable_database_app(tmp_path):
    url = f"sqlite:///{tmp_path}/missing/folder/db.sqlite"
    return create_app(config.TestConfig(url, str(tmp_path / "uploads")))


def _log_lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def test_healthz_answers_even_when_the_database_does_not(tmp_path):
    app = _unreachable_database_app(tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_is_ok_when_the_database_and_the_storage_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok", "storage": "ok"},
                                   "failed": []}


def test_readyz_answers_503_naming_the_database_when_it_is_down(tmp_path):
    app = _unreachable_database_app(tmp_path)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failed"] == ["database"]
    assert response.get_json()["checks"]["storage"] == "ok"


def test_readyz_answers_503_naming_redis_when_it_does_not_answer(make_app):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/3")  # nothing listens on port 1
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "failed": ["redis"],
                                   "checks": {"database": "ok", "storage": "ok", "redis": "failed"}}


def test_readyz_checks_redis_when_it_is_configured(make_app):
    app = make_app(REDIS_URL=redis_url_or_skip(3))
    response = app.test_client().get("/readyz")
    assert response.status_code == 200 and response.get_json()["checks"]["redis"] == "ok"


def test_health_checks_need_no_login_and_never_hit_a_rate_limit(make_app, monkeypatch):
    # the limiter is one object for every app: its default limits are put back after this test
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])
    client = make_app(RATELIMIT_DEFAULT="2 per minute").test_client()
    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]
    assert {client.get(path).status_code for path in ["/healthz", "/readyz"] * 5} == {200}


def test_each_request_leaves_one_json_line_with_the_incoming_request_id(make_app, capsys):
    client = make_app(LOG_FORMAT="json").test_client()
    capsys.readouterr()
    response = client.get("/healthz?probe=1", headers={"X-Request-ID": "lb-4f2a.9"})
    assert response.headers["X-Request-ID"] == "lb-4f2a.9"
    (line,) = _log_lines(capsys.readouterr().err)
    assert line["request_id"] == "lb-4f2a.9" and line["method"] == "GET" and line["path"] == "/healthz"
    assert line["status"] == 200 and line["user_id"] is None and line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 10_000


def test_the_log_line_names_the_logged_in_user_and_a_made_up_id_is_replaced(make_app, capsys):
    app = make_app(LOG_FORMAT="json")
    client = app.test_client()
    user = UserFactory()
    login(client, user)
    capsys.readouterr()
    response = client.get("/", headers={"X-Request-ID": "<script> with spaces" + "x" * 200})
    generated = response.headers["X-Request-ID"]
    assert len(generated) == 32 and generated.isalnum()
    (line,) = _log_lines(capsys.readouterr().err)
    assert (line["user_id"], line["request_id"], line["status"]) == (user.id, generated, 200)


@pytest.mark.parametrize(("proxies", "address"), [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_the_visitors_address_is_read_from_the_trusted_proxy_only(make_app, capsys, proxies, address):
    client = make_app(LOG_FORMAT="json", PROXY_COUNT=proxies).test_client()
    capsys.readouterr()
    client.get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"},
               environ_base={"REMOTE_ADDR": "127.0.0.1"})
    (line,) = _log_lines(capsys.readouterr().err)
    assert line["remote_addr"] == address


def test_an_error_is_logged_as_json_with_the_request_id(make_app, capsys, monkeypatch):
    app = make_app(LOG_FORMAT="json")

    def broken():
        raise RuntimeError("the loom jammed")

    monkeypatch.setitem(app.view_functions, "ops.healthz", broken)
    capsys.readouterr()
    response = app.test_client().get("/healthz", headers={"X-Request-ID": "jam-1"})
    assert response.status_code == 500
    error, request_line = _log_lines(capsys.readouterr().err)
    assert error["level"] == "ERROR" and error["request_id"] == "jam-1"
    assert "RuntimeError: the loom jammed" in error["exception"]
    assert (request_line["status"], request_line["request_id"]) == (500, "jam-1")


def test_a_request_id_is_made_when_none_comes_in(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_outside_production_the_line_is_plain_text(make_app, capsys):
    client = make_app(LOG_FORMAT="plain").test_client()
    capsys.readouterr()
    response = client.post("/missing-page")
    err = capsys.readouterr().err
    assert "POST /missing-page 404" in err and response.headers["X-Request-ID"] in err
    assert not _log_lines(err)


def test_an_unknown_log_format_stops_the_app_at_start(make_app):
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        make_app(LOG_FORMAT="xml")


def test_the_development_config_logs_each_email_at_info(tmp_path, capsys):
    development = config.DevelopmentConfig({"SECRET_KEY": "k" * 32, "DATABASE_URL": "sqlite://",
                                            "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    app = create_app(development)
    assert app.config["MAIL_BACKEND"] == "log" and app.logger.getEffectiveLevel() == logging.INFO
    with app.app_context():
        deliver_now("siti@example.com", "Pesanan BNY-2025-000001 dibayar", "Terima kasih.")
    err = capsys.readouterr().err
    assert "Email to siti@example.com: Pesanan BNY-2025-000001 dibayar" in err and "Terima kasih." in err
