"""A list page and the size of its whole list in one statement (web/paging.py), as the artisan's
orders and the agency's payments are read."""

from sqlalchemy import select

from marketplace.auth.models import User
from marketplace.web.paging import counted_page
from tests.factories import UserFactory
from tests.helpers import counted_queries


def _everyone():
    return select(User.id).order_by(User.id)


def test_a_page_carries_the_size_of_the_whole_list_in_one_statement(db):
    ids = [UserFactory().id for _ in range(5)]
    with counted_queries() as statements:
        rows, total = counted_page(_everyone(), 2, 2)
    assert [row[0] for row in rows] == ids[2:4] and total == 5
    assert len(statements) == 1


def test_a_page_past_the_last_is_empty_and_still_says_how_many_there_are(db):
    for _ in range(3):
        UserFactory()
    assert counted_page(_everyone(), 9, 2) == ([], 3)


def test_an_empty_list_is_one_empty_page(db):
    assert counted_page(_everyone(), 1, 20) == ([], 0)
