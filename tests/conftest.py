import contextvars
import os
import threading

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text
from werkzeug.serving import make_server

from config import TestConfig
from marketplace import create_app
from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.web.mail import outbox as _outbox
from tests.factories import UserFactory
from tests.helpers import login

pytest_plugins = ["tests.browser", "tests.localstripe_server", "tests.midtrans_server", "tests.moto_server"]


class IsolatedClient(FlaskClient):
    """Each request runs in an empty context, as a request from another process would: it gets its
    own app context, `g` (cached user, locale) and database session instead of the test's."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


class IsolatedCliRunner(FlaskCliRunner):
    def invoke(self, *args, **kwargs):
        return contextvars.Context().run(super().invoke, *args, **kwargs)


def _database_url(tmp_path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


def _drop_everything() -> None:
    _db.session.remove()
    _db.drop_all()
    with _db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def make_app(tmp_path):
    """Build an app on a fresh, empty database; `schema=False` leaves the tables to the test."""
    apps = []

    def build(schema=True, **overrides):
        if apps:  # the previous app's session would hold locks that block dropping the tables
            _db.session.remove()
        config = TestConfig(_database_url(tmp_path), str(tmp_path / "uploads"))
        for name, value in overrides.items():  # before create_app: the engine options are read there
            setattr(config, name, value)
        app = create_app(config)
        app.test_client_class = IsolatedClient
        app.test_cli_runner_class = IsolatedCliRunner
        context = app.app_context()
        context.push()
        _drop_everything()
        if schema:
            _db.create_all()
        apps.append((app, context))
        return app

    yield build
    for _app, context in reversed(apps):
        _drop_everything()
        _db.engine.dispose()
        context.pop()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    return _outbox()


@pytest.fixture
def customer(client, db):
    """A customer signed in on `client` (modules that need another kind override this fixture)."""
    user = UserFactory(email="dewi@contoh.id")
    login(client, user)
    return user


@pytest.fixture
def curator(db):
    """A curator of the agency (not logged in; a module whose tests act as one logs it in by
    overriding this fixture)."""
    return UserFactory(roles=[Role.CURATOR], name="Siti Kurator")


@pytest.fixture
def admin(db):
    """An admin of the agency (not logged in, as `curator`)."""
    return UserFactory(roles=[Role.ADMIN], name="Admin Dinas")


@pytest.fixture
def live_server(app):
    """The app served over HTTP on a loopback port, for a browser or a webhook sender."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()
