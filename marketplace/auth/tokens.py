"""Bearer tokens for the JSON API. Only a SHA-256 hash of each token is stored: a copy of the
database gives nobody a working token. Functions add and flush; the caller commits."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from marketplace.auth.models import ApiToken, User
from marketplace.extensions import db, utcnow

LIFETIME = timedelta(days=30)
#: what every token starts with, so a leaked one is easy to recognise (and to search for)
PREFIX = "pbb_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, now: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`: the row, and the token itself, which is shown once and never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    now = now or utcnow()
    record = ApiToken(user=user, token_hash=_hash(token), created_at=now, expires_at=now + LIFETIME,
                      session_version=user.session_version)
    db.session.add(record)
    db.session.flush()
    return record, token


def find_token(token: str, now: datetime | None = None) -> ApiToken | None:
    """The live token record for `token`: None when unknown, expired, revoked or its user disabled."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    now = now or utcnow()
    if record is None or record.revoked_at is not None or _aware(record.expires_at) <= now:
        return None
    user = record.user
    return record if user.is_active and user.session_version == record.session_version else None


def revoke_token(record: ApiToken) -> None:
    record.revoked_at = record.revoked_at or utcnow()
    db.session.flush()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every moment stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)
