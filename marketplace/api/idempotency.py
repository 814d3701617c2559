"""Idempotency keys for POST /checkout: the same key and body within 24 hours answers with the first
response; the same key with another body is refused.

The key is claimed by inserting its row first, in the same transaction as the work it guards. The
unique (user, key) constraint makes a concurrent request with the same key wait on that insert
until the first one commits (then it replays the stored answer) or rolls back (then it does the
work itself). So however many arrive at once, one checkout is made."""

import hashlib
import json
import re
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from marketplace.api.errors import ApiError
from marketplace.api.models import MAX_KEY_LENGTH, IdempotencyKey
from marketplace.auth.models import User
from marketplace.extensions import db, utcnow

WINDOW = timedelta(hours=24)
_KEY = re.compile(r"^[!-~]{1,255}$")  # visible ASCII, no spaces
HEADER = {"in": "header", "name": "Idempotency-Key", "required": True,
          "description": "Unique for each checkout the client means to place (a UUID, for example).",
          "schema": {"type": "string", "pattern": _KEY.pattern, "minLength": 1, "maxLength": MAX_KEY_LENGTH}}


def body_hash(body) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def check_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise ApiError(400, "idempotency_key_required",
                       _l("Send an Idempotency-Key header, unique for each checkout you mean to place."))
    if not _KEY.fullmatch(key):
        raise ApiError(400, "invalid_idempotency_key",
                       _l("The Idempotency-Key header must be at most 255 visible ASCII characters, "
                          "without spaces."))
    return key


def claim(user: User, key: str, request_hash: str) -> IdempotencyKey | tuple[dict, int]:
    """Our new claim on `key`, or the first answer to replay. Raises 409 for another body or a first
    request that is still running."""
    # The user's keys older than the window are forgotten, so this key may start afresh.
    db.session.execute(delete(IdempotencyKey).where(
        IdempotencyKey.user_id == user.id, IdempotencyKey.created_at < utcnow() - WINDOW))
    record = IdempotencyKey(user_id=user.id, key=key, request_hash=request_hash)
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:
        return _earlier(user, key, request_hash)
    return record


def _earlier(user: User, key: str, request_hash: str) -> tuple[dict, int]:
    earlier = db.session.scalar(select(IdempotencyKey).where(
        IdempotencyKey.user_id == user.id, IdempotencyKey.key == key))
    if earlier is None or earlier.status_code is None:
        raise ApiError(409, "idempotency_key_in_use",
                       _l("A request with this Idempotency-Key is still being processed."))
    if earlier.request_hash != request_hash:
        raise ApiError(409, "idempotency_key_reused",
                       _l("This Idempotency-Key was used with a different request body."))
    return earlier.response_body, earlier.status_code


def remember(record: IdempotencyKey, body: dict, status: int) -> None:
    record.response_body, record.status_code = body, status
    db.session.flush()
