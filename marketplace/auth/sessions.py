"""Website sessions: who a session belongs to, and for how long.

A session ends when its user's session version has moved on (logout everywhere, a new password),
after a time without activity (shorter for the agency's roles, whose sessions confirm payments and
refunds), and for the agency a fixed time after logging in however active it stays. An account
with a second factor (every admin and curator) is only logged in by a login that gave it. Logging
in gives the session a new CSRF token, so a token planted or seen before the login is worth nothing
after."""

from datetime import timedelta
from functools import cache

from flask import current_app, flash, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login.signals import user_logged_in
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from marketplace.auth.models import AGENCY_ROLES, User
from marketplace.extensions import db, login_manager, utcnow

login_manager.login_message = _l("Please log in to open that page.")

#: session keys: when the user last proved who they are, when the session was last used, and
#: whether the login was made with the second factor (auth/mfa_routes.py)
AUTHENTICATED_AT, SEEN_AT, SECOND_FACTOR = "auth_at", "seen_at", "second_factor"
#: a session is marked as used at most this often, so that not every request rewrites the cookie
SEEN_GRANULARITY = timedelta(minutes=1)


@user_logged_in.connect
def _start_session(app, user, **extra) -> None:
    session.pop("csrf_token", None)  # Flask-WTF makes a new one for the next form
    session.pop(SECOND_FACTOR, None)  # the login that needs it sets it once the code is given
    now = utcnow().timestamp()
    session[AUTHENTICATED_AT] = session[SEEN_AT] = now


@cache
def _session_user_query():
    """The session's user with their roles in the same query: this runs on every request a logged-in
    user makes. Built once (`Session.get` builds its query and options again on each call, twice the
    cost of running it)."""
    return select(User).options(joinedload(User.role_grants)).where(User.id == bindparam("user_id"))


def load_user_from_session(session_user_id: str) -> User | None:
    """The user of a session, unless the session's version has been ended since it was made or the
    session has outlived its idle or absolute limit."""
    user_id, _, version = session_user_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.execute(_session_user_query(), {"user_id": int(user_id)}).unique().scalar_one_or_none()
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    if user.needs_second_factor() and not session.get(SECOND_FACTOR):
        return None  # logged in with the password alone: not enough for this account
    if _expired(user):
        _end_session()
        return None
    _mark_seen()
    return user


def _limits(user: User) -> tuple[timedelta, timedelta | None]:
    """How long the session may stay idle, and how long it may last at all (None: no limit)."""
    config = current_app.config
    if user.has_role(*AGENCY_ROLES):
        return (timedelta(minutes=config["AGENCY_SESSION_IDLE_MINUTES"]),
                timedelta(hours=config["AGENCY_SESSION_MAX_HOURS"]))
    return timedelta(minutes=config["SESSION_IDLE_MINUTES"]), None


def _expired(user: User) -> bool:
    seen, authenticated = session.get(SEEN_AT), session.get(AUTHENTICATED_AT)
    if not isinstance(seen, float | int) or not isinstance(authenticated, float | int):
        return True  # made before sessions carried their times
    idle, lifetime = _limits(user)
    now = utcnow().timestamp()
    if now - seen > idle.total_seconds():
        return True
    return lifetime is not None and now - authenticated > lifetime.total_seconds()


def _end_session() -> None:
    for key in ("_user_id", "_fresh", "_id", AUTHENTICATED_AT, SEEN_AT, SECOND_FACTOR):
        session.pop(key, None)
    flash(_("Your session has ended. Please log in again."), "info")


def _mark_seen() -> None:
    now = utcnow().timestamp()
    if now - session[SEEN_AT] >= SEEN_GRANULARITY.total_seconds():
        session[SEEN_AT] = now
