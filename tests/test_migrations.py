from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from marketplace.extensions import db


def schema_differences():
    """What autogenerate would still add: compared with the same options `flask db migrate` uses."""
    options = current_app.extensions["migrate"].configure_args
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=dict(options))
        return compare_metadata(context, db.metadata)


def test_upgrade_on_an_empty_database_reaches_the_models(make_app):
    make_app(schema=False)
    assert inspect(db.engine).get_table_names() == []
    upgrade()
    assert schema_differences() == []


def test_every_migration_can_be_undone_and_redone(make_app):
    make_app(schema=False)
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert schema_differences() == []


def test_constraints_follow_the_naming_convention(make_app):
    make_app(schema=False)
    upgrade()
    foreign_keys = inspect(db.engine).get_foreign_keys("role_grants")
    assert [key["name"] for key in foreign_keys] == ["fk_role_grants_user_id_users"]
