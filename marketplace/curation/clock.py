"""The one clock featuring and collections read, so a test can stop it by monkeypatching `now`."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def utc(moment: datetime | None) -> datetime | None:
    """The moment in UTC. One without a zone is taken as UTC: SQLite hands datetimes back without
    theirs, and SQLite stores whatever clock time it is given, so everything stored here is UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
