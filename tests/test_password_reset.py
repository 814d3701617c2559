import re
import time

import pytest
from itsdangerous import TimestampSigner

from marketplace.auth import services
from tests.factories import PASSWORD, UserFactory
from tests.helpers import login, post_form

NEW_PASSWORD = "cap-tulis-jumputan-3"


def request_reset(client, email):
    return post_form(client, "/forgot-password", {"email": email})


def reset_link(message) -> str:
    """The link's path, after checking that it is on the site's public address (PUBLIC_URL)."""
    return re.search(r"http://127\.0\.0\.1:5000(/reset-password/\S+)", message.get_content()).group(1)


def choose(client, link, password=NEW_PASSWORD):
    return post_form(client, link, {"password": password, "password_confirm": password})


def test_a_reset_link_is_emailed_and_sets_a_new_password(client, db, outbox):
    user = UserFactory(locale="en")
    response = request_reset(client, user.email.upper())
    assert response.status_code == 302
    assert len(outbox) == 1
    assert outbox[0]["To"] == user.email
    assert outbox[0]["Subject"] == "Choose a new password"  # in the account's language
    assert choose(client, reset_link(outbox[0])).status_code == 302
    assert login(client, user, PASSWORD).status_code == 200
    assert login(client, user, NEW_PASSWORD).status_code == 302


def test_unknown_email_gets_the_same_answer_and_no_mail(client, db, outbox):
    UserFactory(email="ada@contoh.id")
    known = request_reset(client, "ada@contoh.id")
    unknown = request_reset(client, "tidakada@contoh.id")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert len(outbox) == 1


def test_a_reset_link_works_only_once(client, db, outbox):
    user = UserFactory()
    request_reset(client, user.email)
    link = reset_link(outbox[0])
    assert choose(client, link).status_code == 302
    reused = choose(client, link, "another-good-pass-8")
    assert reused.status_code == 400
    assert "sudah pernah dipakai" in reused.get_data(as_text=True)


def test_a_reset_ends_every_session(app, db, outbox):
    user = UserFactory()
    logged_in = app.test_client()
    login(logged_in, user)
    request_reset(app.test_client(), user.email)
    choose(app.test_client(), reset_link(outbox[0]))
    assert logged_in.get("/account").status_code == 302


def test_an_expired_reset_link_is_refused(client, db, monkeypatch):
    user = UserFactory()
    with monkeypatch.context() as past:
        past.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 2 * 3600)
        token = services.make_reset_token(user)
    response = client.get(f"/reset-password/{token}")
    assert response.status_code == 400
    assert "kedaluwarsa" in response.get_data(as_text=True)


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "x" + token,
    lambda token: "not-a-token",
])
def test_a_tampered_reset_link_is_refused(client, db, tamper):
    token = services.make_reset_token(UserFactory())
    response = choose(client, f"/reset-password/{tamper(token)}")
    assert response.status_code == 400
    assert "tidak valid" in response.get_data(as_text=True)


def test_a_reset_to_a_common_password_is_refused(client, db, outbox):
    user = UserFactory()
    request_reset(client, user.email)
    response = choose(client, reset_link(outbox[0]), "password123")
    assert response.status_code == 200
    assert "terlalu umum" in response.get_data(as_text=True)


def test_a_forged_host_header_never_reaches_the_emailed_link(client, db, outbox):
    user = UserFactory()
    for forged in ({"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"}):
        page = client.get("/forgot-password", headers=forged).get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response = client.post("/forgot-password", data={"csrf_token": token, "email": user.email},
                               headers=forged)
        assert response.status_code == 302
    assert len(outbox) == 2
    for message in outbox:
        assert "evil.example" not in message.get_content()
        assert reset_link(message).startswith("/reset-password/")


def test_behind_a_proxy_the_forwarded_host_is_ignored_unless_configured(make_app):
    from flask import request

    app = make_app(PROXY_COUNT=1)
    seen = []
    app.before_request(lambda: seen.append(request.host))
    app.test_client().get("/healthz", headers={"X-Forwarded-Host": "evil.example"})
    assert seen == ["localhost"]


def test_the_request_log_names_the_reset_route_and_never_the_token(make_app, capsys):
    import json

    from marketplace.web.mail import outbox

    client = make_app(LOG_FORMAT="json").test_client()
    user = UserFactory()
    request_reset(client, user.email)
    link = reset_link(outbox()[0])
    capsys.readouterr()
    client.get(link)
    choose(client, link)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    token = link.rsplit("/", 1)[1]
    # the form, the form again for its CSRF token, the post
    assert [line["path"] for line in lines] == ["/reset-password/<token>"] * 3
    assert all(token not in json.dumps(line) for line in lines)


def test_an_error_on_the_reset_page_is_logged_without_the_token(make_app, capsys, monkeypatch):
    app = make_app()

    def broken(token):
        raise RuntimeError("the loom jammed")

    monkeypatch.setitem(app.view_functions, "auth.reset_password", broken)
    capsys.readouterr()
    assert app.test_client().get("/reset-password/secret-token-123").status_code == 500
    err = capsys.readouterr().err
    assert "Unhandled error on GET /reset-password/<token>" in err and "secret-token-123" not in err


@pytest.mark.parametrize("password", ["Batik2024!", "banyuasin-jumputan-1", "Dekranasda#2025",
                                      "pasarpasar99", "JUMPUTAN-12345"])
def test_a_reset_to_the_sites_own_words_is_refused(client, db, outbox, password):
    user = UserFactory()
    request_reset(client, user.email)
    response = choose(client, reset_link(outbox[0]), password)
    assert response.status_code == 200
    assert "kata-kata situs ini" in response.get_data(as_text=True)


@pytest.mark.parametrize("password", ["dewi.lestari-2024", "Dewi-Lestari-99!", "tenunpedadasari-1"])
def test_a_reset_to_the_owners_name_email_or_shop_name_is_refused(client, db, outbox, password):
    from tests.factories import ShopFactory

    user = UserFactory(email="dewi.lestari@contoh.id", name="Dewi Lestari")
    ShopFactory(owner=user, name="Tenun Pedada Sari")
    request_reset(client, user.email)
    response = choose(client, reset_link(outbox[0]), password)
    assert response.status_code == 200
    assert "nama toko Anda" in response.get_data(as_text=True)


def test_a_password_with_a_site_word_among_others_is_accepted(client, db, outbox):
    user = UserFactory()
    request_reset(client, user.email)
    assert choose(client, reset_link(outbox[0]), "kain-jumputan-dari-sungsang").status_code == 302
