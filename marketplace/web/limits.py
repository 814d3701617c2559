"""What rate limits count by, beyond the client's address (Flask-Limiter's default key)."""

from flask import current_app, g
from flask_limiter.util import get_remote_address
from flask_login import current_user


def setting(name: str):
    """A limit read from the app's config when the request is checked, so tests can change it."""
    return lambda: current_app.config[name]


def account_or_address() -> str:
    """The signed-in account (by its API token or its session), else the client's address: what
    one person does counts once whichever door or address they come through."""
    user = g.get("api_user")
    if user is None and current_user.is_authenticated:
        user = current_user
    return f"account:{user.id}" if user is not None else get_remote_address()
