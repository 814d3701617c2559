"""One page of a list with the size of the whole list, read in one round trip."""

from sqlalchemy import Select, func, select

from marketplace.extensions import db


def counted_page(statement: Select, page_number: int, per_page: int) -> tuple[list, int]:
    """The rows of page `page_number` of `statement` (ordered) and how many rows it has in all. The
    count is a window over the whole result, taken before the page is cut, so a list page costs one
    statement rather than a count and a read (each a round trip on PostgreSQL). A page past the last
    has no row to carry it: that one is counted alone."""
    rows = db.session.execute(statement.add_columns(func.count().over())
                              .limit(per_page).offset((page_number - 1) * per_page)).all()
    if rows:
        return [row[:-1] for row in rows], rows[0][-1]
    if page_number == 1:
        return [], 0
    return [], db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
