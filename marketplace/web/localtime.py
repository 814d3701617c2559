"""The marketplace's own time zone. Timestamps are stored in UTC; Banyuasin lives in Western
Indonesian Time (UTC+7, no daylight saving), and pages, statements and reports speak its days."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

REPORT_ZONE = "Asia/Jakarta"
ZONE = ZoneInfo(REPORT_ZONE)
UTC_OFFSET_HOURS = 7


def local_midnight_utc(day: date) -> datetime:
    """The start of `day` in Banyuasin, as the UTC instant the database compares with."""
    return datetime.combine(day, time(), ZONE).astimezone(UTC)


def as_local(moment: datetime) -> datetime:
    """A stored timestamp in Banyuasin time; SQLite gives back UTC without a zone."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(ZONE)


def local_date(moment: datetime | None) -> date | None:
    return None if moment is None else as_local(moment).date()


def today() -> date:
    return datetime.now(ZONE).date()
