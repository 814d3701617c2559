"""Extensions, created unbound and attached to an app in create_app."""

from datetime import UTC, datetime

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from redis import Redis
from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, registry


def utcnow() -> datetime:
    """Now, with its time zone: every timestamp the app writes."""
    return datetime.now(UTC)


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: DateTime(timezone=True)},
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


#: SQLite's own page cache per connection, in KiB. Its default (2 MiB) holds a few hundred pages:
#: counting a search's thousand matches in a large catalogue read most of them from the file again
#: every time (1.7 ms; 1.0 ms from 8 MiB up).
SQLITE_CACHE_KIB = 16_384


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless each connection asks for them.
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        # A file in write-ahead-log mode lets a write commit while pages are reading (gunicorn's
        # workers, the dev server's threads): with the default journal, a reader in the middle of a
        # page held off an artisan's save until it gave up with "database is locked". The mode is
        # kept in the file; an in-memory database answers "memory" and stays as it is.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def enum_column(enum_class, length: int = 24, name: str | None = None) -> Enum:
    """A string column limited to an enum's values by a CHECK, the same on SQLite and PostgreSQL.
    `name` tells the CHECKs apart where one table has two columns of the same enum."""
    return Enum(enum_class, native_enum=False, create_constraint=True, length=length,
                name=name or enum_class.__name__.lower(),
                values_callable=lambda members: [member.value for member in members])


#: this process's connection to REDIS_URL: what app servers share lives there (the job queue, the
#: page cache; `/readyz` asks it). Rate limits have their own storage, set up by Flask-Limiter.
def redis_connection() -> Redis | None:
    """The connection, made on first use and kept for the app; None when REDIS_URL is not set."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    extensions = current_app.extensions
    if "redis" not in extensions:
        extensions["redis"] = Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)
    return extensions["redis"]
