import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import User
from marketplace.extensions import db


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(record, *fields: str) -> dict[str, Any]:
    """The named attributes of `record` as JSON values, for an entry's before or after."""
    return {field: _plain(getattr(record, field)) for field in fields}


def _label(record) -> str:
    for attribute in ("name", "title", "number", "email", "reference"):
        value = getattr(record, attribute, None)
        if value:
            return str(value)[:200]
    return f"{type(record).__name__} {_identity(record)}"


def _identity(record) -> str:
    return "-".join(str(part) for part in inspect(record).identity or ())


def record_action(actor: User, action: str, record, *, before: dict | None = None,
                  after: dict | None = None, reason: str | None = None) -> AuditEntry:
    """Write one entry for an agency action on `record`. Flushes the record first so a new one
    has its id; the caller's commit makes the action and its entry land together."""
    db.session.flush()
    entry = AuditEntry(actor_id=actor.id, actor_name=actor.name, action=action,
                       target_type=type(record).__tablename__, target_id=_identity(record),
                       target_label=_label(record), before=before, after=after, reason=reason)
    db.session.add(entry)
    return entry
