"""Reporting periods and months in the marketplace's own time zone. Timestamps are stored in UTC;
an order placed on 31 January at 23:00 in Banyuasin belongs to January, so months are taken in
Western Indonesian Time (UTC+7, no daylight saving) by the database itself."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from marketplace.web.localtime import REPORT_ZONE, UTC_OFFSET_HOURS, local_midnight_utc, today


class month_of(FunctionElement):  # noqa: N801 (used like a SQL function)
    """`YYYY-MM` of a timestamp column, in the report time zone, on SQLite and PostgreSQL."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of, "sqlite")
def _month_sqlite(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"strftime('%Y-%m', {column}, '+{UTC_OFFSET_HOURS} hours')"


@compiles(month_of, "postgresql")
def _month_postgresql(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"to_char(({column}) AT TIME ZONE '{REPORT_ZONE}', 'YYYY-MM')"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True)
class Period:
    """From the first to the last day, both included, in Banyuasin time."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return local_midnight_utc(self.first)

    @property
    def end(self) -> datetime:
        """Exclusive: midnight after the last day."""
        return local_midnight_utc(self.last + timedelta(days=1))

    def months(self) -> list[str]:
        """Every month the period touches, so a month without sales still shows as zero."""
        keys, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return keys

    @classmethod
    def year_to_date(cls) -> "Period":
        now = today()
        return cls(date(now.year, 1, 1), now)

    @classmethod
    def last_complete_months(cls, count: int = 12) -> "Period":
        """The `count` whole months before this one: what a bank asks a KUR applicant for."""
        first_of_this_month = today().replace(day=1)
        year, month = divmod(first_of_this_month.year * 12 + first_of_this_month.month - 1 - count, 12)
        return cls(date(year, month + 1, 1), first_of_this_month - timedelta(days=1))
