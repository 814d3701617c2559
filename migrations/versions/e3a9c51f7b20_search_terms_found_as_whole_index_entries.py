"""search terms found as whole index entries: the beginnings of words are indexed

Revision ID: e3a9c51f7b20
Revises: 048e1cd5f39d
Create Date: 2026-11-30 02:40:00

"""
from alembic import op

revision = "e3a9c51f7b20"
down_revision = "048e1cd5f39d"
branch_labels = None
depends_on = None

# Frozen copies of what products/search.py makes today; a migration never imports the app.
FTS_COLUMNS = "document, tokenize = 'unicode61 remove_diacritics 2'"
FTS_PREFIXES = ", prefix = '2 3 4 5 6 7 8 9 10'"
PREFIXES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION search_prefixes_of(document text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT array_to_tsvector(coalesce(array_agg(DISTINCT left(word, size)), '{}')) "
    "FROM unnest(tsvector_to_array(to_tsvector('simple', document))) AS word, "
    "generate_series(1, least(length(word), 20)) AS size $$")


def _rebuild_sqlite_index(options: str) -> None:
    op.execute("DROP TABLE IF EXISTS product_search")
    op.execute(f"CREATE VIRTUAL TABLE product_search USING fts5({options})")
    op.execute("INSERT INTO product_search (rowid, document) SELECT id, search_document FROM products")


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_index(FTS_COLUMNS + FTS_PREFIXES)
        return
    op.execute(PREFIXES_FUNCTION)
    op.execute("ALTER TABLE products ADD COLUMN search_prefixes tsvector "
               "GENERATED ALWAYS AS (search_prefixes_of(search_document)) STORED")
    op.execute("CREATE INDEX ix_products_search_prefixes ON products USING gin (search_prefixes)")
    # searches now find their matches through the beginnings; the words are read row by row
    op.execute("DROP INDEX IF EXISTS ix_products_search_vector")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_index(FTS_COLUMNS)
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_products_search_vector ON products USING gin (search_vector)")
    op.execute("DROP INDEX IF EXISTS ix_products_search_prefixes")
    op.execute("ALTER TABLE products DROP COLUMN IF EXISTS search_prefixes")
    op.execute("DROP FUNCTION IF EXISTS search_prefixes_of(text)")
