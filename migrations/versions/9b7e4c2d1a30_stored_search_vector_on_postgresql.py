"""stored search vector on PostgreSQL: ranking reads the words instead of parsing every match

Revision ID: 9b7e4c2d1a30
Revises: 85eb933c7e9c
Create Date: 2026-11-29 18:10:00

"""
from alembic import op

revision = "9b7e4c2d1a30"
down_revision = '85eb933c7e9c'
branch_labels = None
depends_on = None


# SQLite's FTS5 table is unchanged; PostgreSQL moves from an expression index over the document
# to a generated tsvector column with its own GIN index (see products/search.py).
def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_products_search_document_fts")
    op.execute("ALTER TABLE products ADD COLUMN search_vector tsvector "
               "GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED")
    op.execute("CREATE INDEX ix_products_search_vector ON products USING gin (search_vector)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_products_search_vector")
    op.execute("ALTER TABLE products DROP COLUMN IF EXISTS search_vector")
    op.execute("CREATE INDEX IF NOT EXISTS ix_products_search_document_fts ON products "
               "USING gin (to_tsvector('simple', search_document))")
