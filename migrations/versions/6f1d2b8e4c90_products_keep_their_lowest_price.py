"""products keep their lowest price; each facet gets an index per order of the catalogue

Sorted by price, the catalogue walks ix_products_min_price_id; filtered by technique, dye or
fabric, it walks that facet's index for its order instead of testing the facet on every row.

Revision ID: 6f1d2b8e4c90
Revises: e3a9c51f7b20
Create Date: 2026-11-30 02:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "6f1d2b8e4c90"
down_revision = "e3a9c51f7b20"
branch_labels = None
depends_on = None


def _refresh_min_price(row: str) -> str:
    return (f"UPDATE products SET min_price = (SELECT min(price) FROM variants "
            f"WHERE product_id = {row}.product_id) WHERE id = {row}.product_id;")


#: the same statements as marketplace.products.models.MIN_PRICE_TRIGGERS, copied so this migration
#: keeps working whatever the code becomes
MIN_PRICE_TRIGGERS = {
    "sqlite": [
        f"CREATE TRIGGER variants_min_price_after_insert AFTER INSERT ON variants "
        f"BEGIN {_refresh_min_price('NEW')} END",
        f"CREATE TRIGGER variants_min_price_after_update AFTER UPDATE OF price, product_id ON variants "
        f"BEGIN {_refresh_min_price('OLD')} {_refresh_min_price('NEW')} END",
        f"CREATE TRIGGER variants_min_price_after_delete AFTER DELETE ON variants "
        f"BEGIN {_refresh_min_price('OLD')} END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION variants_keep_min_price() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        f"IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.product_id <> NEW.product_id) THEN "
        f"{_refresh_min_price('OLD')} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_refresh_min_price('NEW')} END IF; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER variants_keep_min_price AFTER INSERT OR DELETE OR UPDATE OF price, product_id "
        "ON variants FOR EACH ROW EXECUTE FUNCTION variants_keep_min_price()",
    ],
}
FACETS = ("technique", "dye_type", "fabric")
DROP_TRIGGERS = {
    "sqlite": [f"DROP TRIGGER IF EXISTS variants_min_price_after_{verb}"
               for verb in ("insert", "update", "delete")],
    "postgresql": ["DROP TRIGGER IF EXISTS variants_keep_min_price ON variants",
                   "DROP FUNCTION IF EXISTS variants_keep_min_price()"],
}


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("min_price", sa.Integer(), nullable=True))
        batch_op.create_index("ix_products_min_price_id", ["min_price", "id"], unique=False)
        for facet in FACETS:
            batch_op.drop_index(f"ix_products_{facet}")
            batch_op.create_index(f"ix_products_{facet}_created_at_id", [facet, "created_at", "id"], unique=False)
            batch_op.create_index(f"ix_products_{facet}_min_price_id", [facet, "min_price", "id"], unique=False)
    op.execute("UPDATE products SET min_price = "
               "(SELECT min(price) FROM variants WHERE variants.product_id = products.id)")
    for statement in MIN_PRICE_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    for statement in DROP_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    with op.batch_alter_table("products", schema=None) as batch_op:
        for facet in FACETS:
            batch_op.drop_index(f"ix_products_{facet}_min_price_id")
            batch_op.drop_index(f"ix_products_{facet}_created_at_id")
            batch_op.create_index(f"ix_products_{facet}", [facet], unique=False)
        batch_op.drop_index("ix_products_min_price_id")
        batch_op.drop_column("min_price")
