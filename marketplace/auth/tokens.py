"""Bearer tokens for the JSON API. Only a SHA-256 hash of each token is stored: a copy of the
database gives nobody a working token. Functions add and flush; the caller commits."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.auth.models import User, utcnow
from marketplace.extensions import db

LIFETIME = timedelta(days=30)
#: what every token starts with, so a leaked one is easy to recognise (and to search for)
PREFIX = "pbb_"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: hex SHA-256 of the token the client holds
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    #: the user's session version when issued: logging out everywhere or a new password ends it too
    session_version: Mapped[int]

    user: Mapped[User] = relationship()


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
