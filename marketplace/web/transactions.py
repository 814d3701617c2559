"""How a request's transaction ends. One that only read ends with COMMIT rather than ROLLBACK: the
two are the same to a transaction that changed nothing, but psycopg forgets the statements it has
prepared on the server at every rollback, so PostgreSQL parsed and planned every query of every
page again (planning the catalogue's page took longer than running it). Ended with a commit, a
connection keeps them, and psycopg prepares a statement once it has run it five times.

Only a transaction that certainly wrote nothing is committed: no statement but a SELECT went
through the connection, the session holds no change waiting to be flushed, nothing waits for its
commit (jobs, emails) and the request raised nothing. Anything else is rolled back, as before."""

import logging
import re

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from marketplace.extensions import db
from marketplace.jobs.queue import AFTER_COMMIT, IN_PROCESS_AFTER_COMMIT

logger = logging.getLogger(__name__)

#: set on a connection's info by any statement that is not a read, until its transaction ends
WROTE = "wrote_in_this_transaction"
_READ = re.compile(r"\s*SELECT\b", re.IGNORECASE)


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, cursor, statement, parameters, context, executemany):
    if not _READ.match(statement):
        connection.info[WROTE] = True


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _forget_writes(connection):
    connection.info.pop(WROTE, None)


def only_read(session) -> bool:
    """Whether the session's transaction has certainly changed nothing and asked for nothing."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    if session.info.get(AFTER_COMMIT) or session.info.get(IN_PROCESS_AFTER_COMMIT):
        return False
    return not session.connection().info.get(WROTE)


def _end_reading(error: BaseException | None) -> None:
    if error is not None:
        return  # Flask-SQLAlchemy's teardown, next, rolls it back
    session = db.session()
    try:
        if only_read(session):
            session.commit()
    except Exception:  # a connection lost meanwhile: the rollback that follows deals with it
        logger.warning("a read-only transaction could not be committed", exc_info=True)


def register(app: Flask) -> None:
    """After db.init_app: Flask runs app-context teardowns in reverse order, so this one comes before
    Flask-SQLAlchemy's, which closes the session (rolling back what is still open)."""
    app.teardown_appcontext(_end_reading)
