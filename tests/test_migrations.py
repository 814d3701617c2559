from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

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


def insert_a_user_and_their_shop(connection) -> None:
    """User 1 and their verified shop 1, written as SQL: a test that upgrades data from an older
    revision cannot use the models, which follow the newest one."""
    connection.execute(text(
        "INSERT INTO users (id, email, name, password_hash, locale, session_version, active) "
        "VALUES (1, 'a@contoh.id', 'A', 'x', 'id', 1, true)"))
    connection.execute(text(
        "INSERT INTO shops (id, owner_id, name, slug, story, kecamatan, village, whatsapp, state, "
        "curator_publish_consent) VALUES (1, 1, 'Toko', 'toko', 'Cerita', 'Betung', 'Betung', "
        "'6281234567890', 'verified', false)"))


def test_upgrading_a_database_that_holds_shops_and_products_keeps_them(make_app):
    """Later migrations alter tables other rows point to; on SQLite that means copying the table."""
    make_app(schema=False)
    upgrade(revision="376232c2bf6c")  # shops and products, before shipping rates existed
    with db.engine.begin() as connection:
        insert_a_user_and_their_shop(connection)
        connection.execute(text(
            "INSERT INTO products (id, shop_id, title, description, technique, dye_type, dye_source, fabric, "
            "motif_name, motif_meaning, weight_grams, made_to_order, status, hidden, search_document) "
            "VALUES (1, 1, 'Kain', 'Kain', 'jumputan', 'natural', 'pedada', 'rayon', 'Pelangi', '', 300, "
            "false, 'active', false, '')"))
    upgrade()
    assert schema_differences() == []
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT shipping_base_fee FROM shops")).scalar() == 15_000
        assert connection.execute(text("SELECT count(*) FROM products")).scalar() == 1
