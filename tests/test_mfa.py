import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from marketplace.auth import mfa
from marketplace.auth.exceptions import WrongSecondFactor
from marketplace.auth.models import RecoveryCode, Role, User
from marketplace.extensions import db as _db
from marketplace.extensions import utcnow
from tests.api_support import error_of
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory
from tests.helpers import csrf_token, login, post_form, totp_code

CODE_PAGE, SETUP_PAGE = "/login/two-factor", "/login/two-factor/setup"


def password_only(client, user, next_url=None):
    path = "/login" + (f"?next={next_url}" if next_url else "")
    return post_form(client, path, {"email": user.email, "password": PASSWORD}, page="/login")


def give(client, code, page=CODE_PAGE):
    return post_form(client, page, {"code": code})


def text(response) -> str:
    return response.get_data(as_text=True)


def enrol(client) -> tuple[str, list[str]]:
    """Go through the enrolment page as a person with an authenticator app does: read the key,
    type the app's code. Returns the key and the recovery codes shown."""
    page = text(client.get(SETUP_PAGE))
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    shown = give(client, pyotp.TOTP(secret).now(), SETUP_PAGE)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    return secret, re.findall(r"<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>", text(shown))


def reload(user) -> User:
    _db.session.expire_all()
    return _db.session.get(User, user.id)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CURATOR])
def test_a_new_agency_member_is_sent_to_enrol_before_any_agency_page_answers(client, db, role):
    member = UserFactory(roles=[role], second_factor=False)
    response = password_only(client, member, next_url="/admin/")
    assert response.headers["Location"] == SETUP_PAGE
    assert client.get("/admin/").status_code == 302  # not logged in yet
    assert client.get("/account").status_code == 302
    page = text(client.get(SETUP_PAGE))
    assert "Pindai kode QR ini" in page and 'src="/two-factor/qr.svg"' in page
    qr = client.get("/two-factor/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.data.startswith(b"<svg")
    secret, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    stored = reload(member)
    assert stored.totp_secret == secret
    hashes = set(_db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == member.id)))
    assert len(hashes) == 10 and not any(code in hash_ for code in codes for hash_ in hashes)


def test_a_wrong_first_code_does_not_enrol(client, db):
    member = UserFactory(roles=[Role.ADMIN], second_factor=False)
    password_only(client, member)
    client.get(SETUP_PAGE)
    response = give(client, "000000", SETUP_PAGE)
    assert response.status_code == 200 and "Kode tidak benar" in text(response)
    assert reload(member).totp_secret is None
    assert client.get("/admin/").status_code == 302


def test_signing_in_with_the_apps_code(client, db):
    admin = UserFactory(roles=[Role.ADMIN])
    response = password_only(client, admin, next_url="/admin/payments")
    assert response.headers["Location"] == CODE_PAGE
    assert client.get("/admin/").status_code == 302
    finished = give(client, totp_code(admin))
    assert finished.status_code == 302 and finished.headers["Location"] == "/admin/payments"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_counts_towards_the_limit(make_app):
    app = make_app(LOGIN_LIMIT_PER_ACCOUNT="3 per 5 minutes")
    admin = UserFactory(roles=[Role.ADMIN])
    client = app.test_client()
    password_only(client, admin)
    statuses = [give(client, "123456").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert give(client, totp_code(admin)).status_code == 429
    assert client.get("/admin/").status_code == 302


def test_a_code_is_accepted_once(app, db):
    admin = UserFactory(roles=[Role.ADMIN])
    first, second = app.test_client(), app.test_client()
    code = totp_code(admin)
    password_only(first, admin)
    assert give(first, code).status_code == 302
    password_only(second, admin)
    replayed = give(second, code)
    assert replayed.status_code == 200 and "sudah dipakai" in text(replayed)
    assert second.get("/admin/").status_code == 302


def test_a_code_from_the_step_before_or_after_is_accepted_but_not_older(db):
    admin = UserFactory(roles=[Role.ADMIN])
    totp, now = pyotp.TOTP(TOTP_SECRET), utcnow()
    mfa.verify(admin, totp.at(now - timedelta(seconds=30)), now=now)
    mfa.verify(admin, totp.at(now + timedelta(seconds=30)), now=now)
    with pytest.raises(WrongSecondFactor):
        mfa.verify(admin, totp.at(now), now=now)  # older than the step already used
    with pytest.raises(WrongSecondFactor):
        mfa.verify(admin, totp.at(now + timedelta(minutes=5)), now=now)


def test_a_recovery_code_works_once(app, db):
    member = UserFactory(roles=[Role.CURATOR], second_factor=False)
    client = app.test_client()
    password_only(client, member)
    _secret, codes = enrol(client)
    lost_phone = app.test_client()
    password_only(lost_phone, member)
    assert give(lost_phone, codes[3].upper().replace("-", " ")).status_code == 302
    assert lost_phone.get("/admin/").status_code == 200
    again = app.test_client()
    password_only(again, member)
    assert give(again, codes[3]).status_code == 200
    assert again.get("/admin/").status_code == 302
    assert "Kode pemulihan tersisa: 9" in text(lost_phone.get("/account"))


def test_the_code_page_needs_the_password_first_and_expires(client, db):
    admin = UserFactory(roles=[Role.ADMIN])
    assert client.get(CODE_PAGE).headers["Location"] == "/login"
    password_only(client, admin)
    with client.session_transaction() as session:
        session["mfa_pending"] = {**session["mfa_pending"], "at": session["mfa_pending"]["at"] - 301}
    late = client.post(CODE_PAGE, data={"csrf_token": csrf_token(client, "/login"), "code": totp_code(admin)})
    assert late.headers["Location"] == "/login"
    assert client.get("/admin/").status_code == 302


def test_a_session_with_the_password_alone_reaches_no_agency_page(client, db):
    """A customer made curator while logged in (no second factor in that session) is logged out."""
    user = UserFactory()
    login(client, user)
    assert client.get("/account").status_code == 200
    stored = reload(user)
    stored.grant(Role.CURATOR)
    _db.session.commit()
    assert client.get("/admin/").status_code == 302
    assert client.get("/account").status_code == 302


def test_an_artisan_may_turn_two_step_sign_in_on_and_off(client, db):
    artisan = UserFactory(roles=[Role.ARTISAN])
    login(client, artisan)
    assert "Aktifkan verifikasi dua langkah" in text(client.get("/account"))
    page = text(client.get("/account/two-factor"))
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    shown = give(client, pyotp.TOTP(secret).now(), "/account/two-factor")
    assert shown.status_code == 200 and "kode pemulihan" in text(shown).lower()
    assert client.get("/account").status_code == 200  # this session stays logged in
    other = client.application.test_client()
    assert password_only(other, artisan).headers["Location"] == CODE_PAGE
    token = csrf_token(client, "/account")
    off = client.post("/account/two-factor/off", data={"csrf_token": token, "code": totp_code(artisan)})
    assert off.status_code == 302 and reload(artisan).totp_secret is None
    assert password_only(client.application.test_client(), artisan).headers["Location"] == "/"


def test_an_admin_cannot_turn_two_step_sign_in_off(client, db):
    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin)
    token = csrf_token(client, "/account")
    client.post("/account/two-factor/off", data={"csrf_token": token, "code": totp_code(admin)})
    assert reload(admin).totp_secret == TOTP_SECRET


def test_an_api_token_for_the_agency_needs_the_second_factor(client, db):
    admin = UserFactory(roles=[Role.ADMIN])
    body = {"email": admin.email, "password": PASSWORD}
    missing = client.post("/api/v1/auth/tokens", json=body)
    assert missing.status_code == 401 and error_of(missing)["code"] == "second_factor_required"
    wrong = client.post("/api/v1/auth/tokens", json={**body, "totp": "000000"})
    assert wrong.status_code == 401 and error_of(wrong)["code"] == "invalid_second_factor"
    code = totp_code(admin)
    issued = client.post("/api/v1/auth/tokens", json={**body, "totp": code})
    assert issued.status_code == 201
    replayed = client.post("/api/v1/auth/tokens", json={**body, "totp": code})
    assert replayed.status_code == 401


def test_an_agency_member_who_has_not_enrolled_gets_no_api_token(client, db):
    curator = UserFactory(roles=[Role.CURATOR], second_factor=False)
    response = client.post("/api/v1/auth/tokens", json={"email": curator.email, "password": PASSWORD,
                                                          "totp": "123456"})
    assert response.status_code == 403
    assert error_of(response)["code"] == "second_factor_enrolment_required"


def test_a_customer_gets_a_token_without_a_code(client, db):
    customer = UserFactory()
    response = client.post("/api/v1/auth/tokens", json={"email": customer.email, "password": PASSWORD})
    assert response.status_code == 201


def test_the_qr_code_is_only_for_someone_enrolling(client, db):
    assert client.get("/two-factor/qr.svg").status_code == 404
