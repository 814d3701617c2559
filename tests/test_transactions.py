"""A request that only read ends its transaction with a commit, so PostgreSQL keeps the statements
psycopg prepared (web/transactions.py); anything that may have changed something is rolled back as
before."""

import pytest
from sqlalchemy import event, func, select, text

from marketplace.auth.models import User
from marketplace.extensions import db as _db
from marketplace.jobs.queue import enqueue_after_commit
from tests.factories import ProductFactory, UserFactory


@pytest.fixture
def endings(app):
    """How each transaction on the app's engine ended, in order."""
    ended = []
    event.listen(_db.engine, "commit", lambda connection: ended.append("commit"))
    event.listen(_db.engine, "rollback", lambda connection: ended.append("rollback"))
    return ended


def _route(app, name, view):
    app.add_url_rule(f"/test-only/{name}", name, view)


def test_a_page_that_only_read_ends_with_a_commit(client, db, endings):
    ProductFactory()
    endings.clear()
    assert client.get("/products").status_code == 200
    assert endings == ["commit"]


def test_a_flushed_change_nobody_committed_is_rolled_back(app, db, endings):
    def add_without_commit():
        _db.session.add(User(email="tidak-jadi@contoh.id", name="Tidak Jadi", password_hash="x"))
        _db.session.flush()
        return "ok"
    _route(app, "flushed", add_without_commit)
    assert app.test_client().get("/test-only/flushed").status_code == 200
    assert endings[-1] == "rollback"
    assert not db.session.scalar(select(func.count()).where(User.email == "tidak-jadi@contoh.id"))


def test_a_change_waiting_to_be_flushed_is_never_committed(app, db):
    user = UserFactory(name="Nama Lama")

    def rename_without_flush():
        _db.session.get(User, user.id).name = "Nama Baru"
        return "ok"
    _route(app, "dirty", rename_without_flush)
    assert app.test_client().get("/test-only/dirty").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Nama Lama"


def test_a_statement_written_as_text_counts_as_a_write(app, db, endings):
    user = UserFactory(name="Nama Lama")

    def update_by_text():
        _db.session.execute(text("UPDATE users SET name = 'Lewat Teks' WHERE id = :id"), {"id": user.id})
        return "ok"
    _route(app, "text", update_by_text)
    app.test_client().get("/test-only/text")
    assert endings[-1] == "rollback"
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Nama Lama"


def test_work_waiting_for_a_commit_is_dropped_not_started(app, db, endings, outbox):
    def queue_without_writing():
        _db.session.scalar(select(func.count(User.id)))
        enqueue_after_commit(print, "never")
        return "ok"
    _route(app, "queued", queue_without_writing)
    app.test_client().get("/test-only/queued")
    assert endings[-1] == "rollback"


def test_a_request_that_failed_is_rolled_back(app, db, endings):
    def fail_after_reading():
        _db.session.scalar(select(func.count(User.id)))
        raise RuntimeError("gagal")
    _route(app, "failed", fail_after_reading)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().get("/test-only/failed").status_code == 500
    assert endings[-1] == "rollback"


@pytest.mark.postgres_only
def test_postgresql_keeps_the_statements_pages_prepared(app, db):
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (set TEST_DATABASE_URL)")
    ProductFactory()
    db.session.commit()
    prepared = text("SELECT count(*) FROM pg_prepared_statements")
    _route(app, "prepared", lambda: str(_db.session.scalar(prepared)))
    client = app.test_client()
    for _ in range(20):  # psycopg prepares a statement the sixth time a connection runs it
        assert client.get("/products").status_code == 200
    assert int(client.get("/test-only/prepared").get_data(as_text=True)) > 0
