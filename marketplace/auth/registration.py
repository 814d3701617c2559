"""Creating an account through a link sent to its email.

Registering answers the same whether or not the email already has an account: a new address gets a
link to finish, the owner of a taken one an email saying someone tried (with a link to reset the
password, in case it was them and they forgot). Nothing is stored until the link is used, so
nobody can hold an address they do not read. The link carries the name and a keyed fingerprint of
the chosen password, never the password or its hash; finishing asks for the password again, so a
link sent to someone else's address by a stranger creates nothing the stranger controls."""

import hashlib
import hmac

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from marketplace.auth.exceptions import InvalidRegistrationLink, NotTheChosenPassword
from marketplace.auth.models import User
from marketplace.auth.services import (
    check_password_policy,
    create_user,
    find_user_by_email,
    make_reset_token,
    normalize_email,
)
from marketplace.web.mail import send_email, site_context

_SALT = "registration"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _fingerprint(email: str, password: str) -> str:
    # Keyed with the secret key: the link alone gives nothing to guess the password against.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{_SALT}\0{email}\0{password}".encode(), hashlib.sha256).hexdigest()


def request_registration(email: str, name: str, password: str, locale: str = "id",
                         next_path: str | None = None) -> None:
    """Check what can be checked without telling whether the email is taken, then send the link
    (or, for a taken email, tell its owner). The answer to the visitor is the same either way.
    `next_path` (a path on this site, checked by the caller) is where the link lands once used:
    the page the person was on their way to, such as the shop application or checkout."""
    check_password_policy(password)
    email = normalize_email(email)
    owner = find_user_by_email(email)
    with site_context():
        if owner is not None:
            _tell_owner(owner)
        else:
            _send_link(email, name.strip(), password, locale, next_path)


def _send_link(email: str, name: str, password: str, locale: str, next_path: str | None) -> None:
    token = _serializer().dumps({"email": email, "name": name, "locale": locale,
                                 "pw": _fingerprint(email, password), "next": next_path})
    link = url_for("auth.confirm_registration", token=token, _external=True)
    hours = current_app.config["REGISTRATION_MAX_AGE"] // 3600
    with force_locale(locale):
        send_email(email, _("Finish creating your account"),
                   render_template("email/registration_link.txt", name=name, link=link, hours=hours))


def _tell_owner(owner: User) -> None:
    link = url_for("auth.reset_password", token=make_reset_token(owner), _external=True)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(owner.locale):
        send_email(owner.email, _("Someone tried to register with your email"),
                   render_template("email/registration_taken.txt", user=owner, link=link,
                                   minutes=minutes))


def pending_registration(token: str) -> dict:
    """What a registration link carries; InvalidRegistrationLink when it is expired or tampered."""
    try:
        payload = _serializer().loads(token, max_age=current_app.config["REGISTRATION_MAX_AGE"])
    except SignatureExpired as error:
        raise InvalidRegistrationLink("expired") from error
    except BadSignature as error:
        raise InvalidRegistrationLink("invalid") from error
    if not (isinstance(payload, dict) and {"email", "name", "locale", "pw"} <= payload.keys()):
        raise InvalidRegistrationLink("invalid")
    return payload


def confirm_registration(token: str, password: str) -> User:
    """The new account, once the password chosen when registering is given again. A second use of
    the link is refused as EmailTaken (the account exists: log in)."""
    pending = pending_registration(token)
    if not hmac.compare_digest(pending["pw"], _fingerprint(pending["email"], password)):
        raise NotTheChosenPassword()
    return create_user(pending["email"], pending["name"], password, locale=pending["locale"])
