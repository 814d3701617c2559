"""Keyword search over products, behind one function: SQLite's FTS5 on the embedded default,
PostgreSQL's full-text search in production. Both read `Product.search_document`, which the
services keep up to date."""

import re
from dataclasses import dataclass

from sqlalchemy import (
    DDL,
    ColumnElement,
    Float,
    Integer,
    Subquery,
    and_,
    event,
    func,
    literal_column,
    select,
    text,
)

from marketplace.extensions import db
from marketplace.products.models import Product
from marketplace.shops.models import Shop
from marketplace.shops.services import shop_renamed

FTS_TABLE = "product_search"
#: SQLite's FTS5 also indexes the beginnings of every word of these lengths: a search term (the
#: beginning of a word) is then one lookup instead of a merge of every word it begins
FTS_PREFIX_LENGTHS = "2 3 4 5 6 7 8 9 10"
#: PostgreSQL keeps the words of each document in a stored column: ranking reads it instead of
#: parsing every matching document again (ten times faster on a large catalogue)
VECTOR_COLUMN = "search_vector"
#: ...and the beginnings of its words, up to PREFIX_LIMIT letters, in another, with a GIN index: a
#: term is then looked up as a whole entry. Matching `term:*` against the words themselves makes
#: GIN gather every word the term begins into a bitmap first, three times slower at 100,000
#: listings (8.9 to 3.2 ms to count 1,000 matches of a two-word search)
PREFIXES_COLUMN = "search_prefixes"
PREFIXES_FUNCTION = "search_prefixes_of"
PREFIXES_INDEX = "ix_products_search_prefixes"
PREFIX_LIMIT = 20
MAX_TERMS = 8

# SQLite keeps its index in an FTS5 table next to products, PostgreSQL in generated tsvector
# columns, one with a GIN index. Neither can be described by the models, so they are made here
# when the products table is (the migrations make them too) and autogenerate is told to leave
# them alone.
FTS_DDL = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(document, "
           f"tokenize = 'unicode61 remove_diacritics 2', prefix = '{FTS_PREFIX_LENGTHS}')")
event.listen(Product.__table__, "after_create", DDL(FTS_DDL).execute_if(dialect="sqlite"))
event.listen(Product.__table__, "before_drop",
             DDL(f"DROP TABLE IF EXISTS {FTS_TABLE}").execute_if(dialect="sqlite"))
POSTGRES_DDL = (
    # Every beginning of every word, the whole word included (a word is its own longest beginning)
    f"CREATE OR REPLACE FUNCTION {PREFIXES_FUNCTION}(document text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT array_to_tsvector(coalesce(array_agg(DISTINCT left(word, size)), '{}')) "
    "FROM unnest(tsvector_to_array(to_tsvector('simple', document))) AS word, "
    f"generate_series(1, least(length(word), {PREFIX_LIMIT})) AS size $$",
    f"ALTER TABLE products ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED",
    f"ALTER TABLE products ADD COLUMN IF NOT EXISTS {PREFIXES_COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({PREFIXES_FUNCTION}(search_document)) STORED",
    f"CREATE INDEX IF NOT EXISTS {PREFIXES_INDEX} ON products USING gin ({PREFIXES_COLUMN})",
)
for statement in POSTGRES_DDL:
    event.listen(Product.__table__, "after_create", DDL(statement).execute_if(dialect="postgresql"))


def is_search_object(name: str | None) -> bool:
    """The search index's own tables and index, which the models do not describe."""
    return bool(name) and (name in (FTS_TABLE, VECTOR_COLUMN, PREFIXES_COLUMN, PREFIXES_INDEX)
                           or name.startswith(FTS_TABLE + "_"))


def include_in_autogenerate(name, type_, parent_names) -> bool:
    return not is_search_object(name)


def search_terms(query: str) -> list[str]:
    """Words only: whatever else a visitor types never reaches the query language."""
    return re.findall(r"[^\W_]+", query.lower())[:MAX_TERMS]


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def build_document(product: Product, shop: Shop) -> str:
    parts = (product.title, product.motif_name, shop.name, product.dye_source, product.description,
             product.motif_meaning)
    return "\n".join(part for part in parts if part)


def index_product(product: Product) -> None:
    """Refresh the product's document (and, on SQLite, its FTS row). Call after a flush."""
    product.search_document = build_document(product, product.shop)
    db.session.flush()
    if _is_sqlite():
        params = {"id": product.id, "document": product.search_document}
        db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), params)
        db.session.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, document) VALUES (:id, :document)"),
                           params)


def remove_from_index(product_id: int) -> None:
    if _is_sqlite():
        db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": product_id})


@shop_renamed.connect
def reindex_shop(shop: Shop) -> None:
    for product in db.session.scalars(select(Product).where(Product.shop_id == shop.id)):
        index_product(product)


@dataclass(frozen=True)
class Matches:
    """The products containing every term as a word prefix (`condition`), and how well each
    matches (`rank`, lower is better on both databases)."""
    condition: ColumnElement
    rank: ColumnElement
    #: SQLite's FTS rows with their rank, joined on the product id when the rank is wanted
    fts_rows: Subquery | None = None

    def applied_to(self, query, ranked: bool):
        if ranked and self.fts_rows is not None:
            return query.join(self.fts_rows, self.fts_rows.c.product_id == Product.id)
        return query.where(self.condition)


def matching(terms: list[str], broad: bool = False) -> Matches:
    """`broad`: the terms are known to match many listings (the catalogue counted past its limit)
    and the page follows an index of products in its order (newest first, or by price)."""
    return _sqlite_matching(terms, broad) if _is_sqlite() else _postgres_matching(terms, broad)


def _sqlite_matching(terms: list[str], broad: bool) -> Matches:
    match = " ".join(f'"{term}"*' for term in terms)
    rows = (text(f"SELECT rowid AS product_id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} "
                 f"WHERE {FTS_TABLE} MATCH :match")
            .bindparams(match=match)
            .columns(product_id=Integer, rank=Float)
            .subquery("matches"))
    # Unranked, the matches are a set of ids. SQLite's planner fetches each match by its id and
    # sorts them all, whatever their number; for a broad search `id + 0`, which no index serves,
    # makes it walk the products in the page's order instead and stop after one page (12 ms to
    # 1.6 ms for 8,900 matches of 100,000 listings).
    ids = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
        text(f"{FTS_TABLE} MATCH :match").bindparams(match=match))
    tested = Product.id + 0 if broad else Product.id
    return Matches(condition=tested.in_(ids), rank=rows.c.rank, fts_rows=rows)


def _postgres_matching(terms: list[str], broad: bool) -> Matches:
    config = literal_column("'simple'::regconfig")
    words = literal_column(f"products.{VECTOR_COLUMN}")
    as_beginnings = func.to_tsquery(config, " & ".join(f"{term}:*" for term in terms))
    rank = -func.ts_rank(words, as_beginnings)
    # Tested on the product row itself, not in a second pass over products joined by id, so the
    # catalogue's own order (newest first from its index) can stop after one page. A broad search
    # does just that: each row's words are tested as it walks, and no index is read first.
    if broad:
        return Matches(condition=words.op("@@")(as_beginnings), rank=rank)
    beginnings = literal_column(f"products.{PREFIXES_COLUMN}")
    as_entries = func.to_tsquery(config, " & ".join(term[:PREFIX_LIMIT] for term in terms))
    condition = beginnings.op("@@")(as_entries)
    if any(len(term) > PREFIX_LIMIT for term in terms):
        # only the first PREFIX_LIMIT letters are stored; the words themselves tell the rest
        condition = and_(condition, words.op("@@")(as_beginnings))
    return Matches(condition=condition, rank=rank)


def add_documents(documents: list[tuple[int, str]]) -> None:
    """Index new products in bulk, given (id, search document) pairs whose rows already hold the
    document (for the demo catalogue's generated listings). PostgreSQL's index follows by itself."""
    if documents and _is_sqlite():
        db.session.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, document) VALUES (:id, :document)"),
                           [{"id": product_id, "document": document} for product_id, document in documents])
