"""Account rules: registration, authentication, sessions and passwords. Functions add and flush;
the caller commits."""

import hashlib
from collections.abc import Iterable

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from marketplace.auth.exceptions import EmailTaken, InvalidResetToken, WeakPassword, WrongPassword
from marketplace.auth.models import Role, User
from marketplace.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from marketplace.extensions import db

_RESET_SALT = "password-reset"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def check_password_policy(password: str, about_user: Iterable[str] = ()) -> None:
    problem = password_problem(password, current_app.config["PASSWORD_MIN_LENGTH"], about_user)
    if problem:
        raise WeakPassword(problem)


def create_user(email: str, name: str, password: str, roles=(Role.CUSTOMER,), locale="id") -> User:
    if find_user_by_email(email):
        raise EmailTaken(email)
    check_password_policy(password, (email, name))
    user = User(email=normalize_email(email), name=name.strip(), locale=locale,
                password_hash=hash_password(password))
    for role in roles:
        user.grant(role)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials belong to, or None; unknown email and wrong password look alike."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def end_sessions(user: User) -> None:
    """Every session (and copied cookie) of this user stops working."""
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword()
    set_password(user, new_password)


def set_password(user: User, new_password: str) -> None:
    check_password_policy(new_password, (user.email, user.name, *_shop_names(user)))
    user.password_hash = hash_password(new_password)
    end_sessions(user)


def _shop_names(user: User) -> list[str]:
    """The name of the user's shop, read from its table by name: shops build on accounts, so
    accounts do not import them."""
    shops = db.metadata.tables["shops"]
    return list(db.session.scalars(select(shops.c.name).where(shops.c.owner_id == user.id)))


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_RESET_SALT)


def _password_fingerprint(user: User) -> str:
    # Part of the token, so the link dies once the password it was made for has changed.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"user": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User:
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        payload = _reset_serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidResetToken("expired") from error
    except BadSignature as error:
        raise InvalidResetToken("invalid") from error
    user = db.session.get(User, payload.get("user")) if isinstance(payload, dict) else None
    if user is None or payload.get("pw") != _password_fingerprint(user):
        raise InvalidResetToken("used")
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    set_password(user, new_password)
    return user
