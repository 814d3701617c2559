"""Reads of columns for the busy pages: a statement built once, run on the session's connection.

A small statement run through `Session.execute` costs about 80 µs in Python (the ORM's compile state,
its loading and its result around a statement that loads no entity), 35 µs run on the connection,
and about 170 µs when it is also built again on each call; a page such as the artisan's dashboard
sends eight. Statements here name columns (no entity to load), and are built once by a function
under `functools.cache` with `bindparam`s for their values, then cached compiled by SQLAlchemy."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import CursorResult, Executable

from marketplace.extensions import db


def rows(statement: Executable, values: Mapping[str, Any] | None = None) -> CursorResult:
    """The result of `statement` (columns, no entity) on the session's connection, in the session's
    transaction, after what the session holds is flushed, as `Session.execute` would (nothing to do
    when it holds nothing)."""
    db.session.flush()
    return db.session.connection().execute(statement, values or {})
