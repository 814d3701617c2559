"""Browsers an account has proved itself from, by its password or by its reset link.

A failed login counts against the account's limit; if every client shared one count, anyone could
keep an admin locked out by guessing wrong on purpose. A browser that has logged in to the account
before (or opened its reset link) carries a signed cookie naming it, and its attempts count in a
bucket of its own: the owner gets in while a guesser elsewhere waits, and a stolen cookie still
guesses slowly."""

import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from marketplace.auth.models import User

_SALT = "known-device"
#: a year: the owner of a phone should not have to prove themselves again every season
MAX_AGE = 365 * 24 * 60 * 60
#: accounts one browser remembers (a family shares a phone; a shop has a counter computer)
MAX_ACCOUNTS = 5


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _cookie_name() -> str:
    return current_app.config["DEVICE_COOKIE_NAME"]


def _read() -> dict:
    raw = request.cookies.get(_cookie_name())
    if not raw:
        return {}
    try:
        payload = _serializer().loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return {}
    valid = (isinstance(payload, dict) and isinstance(payload.get("id"), str)
             and isinstance(payload.get("users"), list))
    return payload if valid else {}


def device_id_for(user: User | None) -> str | None:
    """This browser's id when `user` has proved themselves from it, else None."""
    payload = _read()
    if user is None or user.id not in payload.get("users", []):
        return None
    return payload["id"]


def remember(response, user: User):
    """Name this browser as one `user` has proved themselves from; returns the response."""
    payload = _read() or {"id": secrets.token_urlsafe(16), "users": []}
    users = [known for known in payload["users"] if known != user.id] + [user.id]
    payload["users"] = users[-MAX_ACCOUNTS:]
    config = current_app.config
    response.set_cookie(_cookie_name(), _serializer().dumps(payload), max_age=MAX_AGE, path="/",
                        secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response
