"""An artisan's incoming orders: a busy shop has hundreds in a year, so the list comes a page at a
time, newest first, in lists the dashboard's to-do links to, in the same few queries however many
orders there are."""

import re

import pytest

from marketplace.extensions import db as _db
from marketplace.orders.actions import process_order
from marketplace.orders.models import Order, OrderEvent, OrderStatus
from marketplace.orders.queries import INCOMING_PER_PAGE, order_for_page
from tests.factories import ShopFactory
from tests.helpers import login, queries_for
from tests.test_admin_payments import paid_order


def _copy(row, **changes):
    """A new row of the same table with `row`'s values but its key, unique token and number."""
    values = {column.key: getattr(row, column.key) for column in row.__table__.columns
              if column.key not in ("id", "token", "number")}
    return type(row)(**{**values, **changes})


def more_orders(order: Order, count: int, status: OrderStatus) -> list[Order]:
    """`count` orders like `order` (same shop, buyer and lines), each with a checkout of its own."""
    made = []
    for number in range(count):
        checkout = _copy(order.checkout, token=f"copy-{order.id}-{status}-{number}")
        _db.session.add(checkout)
        _db.session.flush()
        copy = _copy(order, checkout_id=checkout.id, status=status,
                     number=f"C{status[:3]}{order.id}-{number}")
        _db.session.add(copy)
        _db.session.flush()
        _db.session.add_all(_copy(line, order_id=copy.id) for line in order.lines)
        made.append(copy)
    _db.session.commit()
    return made


@pytest.fixture
def busy_shop(app, db, admin):
    """A shop with one order to prepare (paid) and 45 completed before it: (owner, paid order)."""
    order = paid_order(app, admin)
    more_orders(order, 45, OrderStatus.COMPLETED)
    return order.shop.owner, order


def _numbers(html: str) -> list[str]:
    return re.findall(r'/dashboard/orders/\d+">([^<]+)</a>', html)


def test_the_list_shows_a_page_of_the_newest_orders_and_links_the_next(app, client, busy_shop):
    owner, _order = busy_shop
    login(client, owner)
    first = client.get("/dashboard/orders").get_data(as_text=True)
    assert len(_numbers(first)) == INCOMING_PER_PAGE
    assert "46 pesanan" in first and 'rel="next" href="/dashboard/orders?page=2"' in first
    second = client.get("/dashboard/orders?page=2").get_data(as_text=True)
    assert len(_numbers(second)) == 46 - INCOMING_PER_PAGE
    assert set(_numbers(first)).isdisjoint(_numbers(second))


def test_the_to_prepare_list_holds_only_paid_and_prepared_orders(app, client, busy_shop):
    owner, order = busy_shop
    login(client, owner)
    page = client.get("/dashboard/orders?show=to_prepare").get_data(as_text=True)
    assert _numbers(page) == [order.number]
    assert 'aria-current="page">Perlu disiapkan' in page


def test_the_dashboard_to_do_links_to_the_orders_to_prepare(app, client, busy_shop):
    owner, _order = busy_shop
    login(client, owner)
    assert 'href="/dashboard/orders?show=to_prepare"' in client.get("/dashboard").get_data(as_text=True)


@pytest.mark.parametrize("query", ["show=everything", "show=", "page=abc", "page=-2", "page=99999999999"])
def test_an_unknown_list_or_page_number_shows_the_first_page_of_all(app, client, busy_shop, query):
    owner, _order = busy_shop
    login(client, owner)
    response = client.get(f"/dashboard/orders?{query}")
    assert response.status_code == 200
    assert len(_numbers(response.get_data(as_text=True))) == INCOMING_PER_PAGE


def test_a_page_past_the_last_says_there_is_nothing_here(app, client, busy_shop):
    owner, _order = busy_shop
    login(client, owner)
    page = client.get("/dashboard/orders?page=40").get_data(as_text=True)
    assert _numbers(page) == [] and "Tidak ada pesanan" in page


def test_the_list_takes_as_many_queries_with_46_orders_as_with_one(app, client, db, admin):
    order = paid_order(app, admin)
    login(client, order.shop.owner)
    few = queries_for(client, "/dashboard/orders")
    more_orders(order, 45, OrderStatus.COMPLETED)
    assert queries_for(client, "/dashboard/orders") == few


def test_another_artisan_sees_none_of_the_shops_orders(app, client, busy_shop):
    stranger = ShopFactory().owner
    login(client, stranger)
    assert _numbers(client.get("/dashboard/orders").get_data(as_text=True)) == []


def test_one_orders_page_takes_as_many_queries_however_long_its_history(app, client, db, admin):
    order = paid_order(app, admin)
    login(client, order.shop.owner)
    before = queries_for(client, f"/dashboard/orders/{order.id}")
    process_order(order, order.shop.owner)
    db.session.commit()
    page = client.get(f"/dashboard/orders/{order.id}").get_data(as_text=True)
    assert order.number in page
    assert queries_for(client, f"/dashboard/orders/{order.id}") == before <= 5


def test_an_order_is_read_with_every_line_and_every_step_of_its_history_in_order(app, client, db, admin):
    order = paid_order(app, admin)
    first_line = order.lines[0]
    db.session.add_all(_copy(first_line, title=f"Selendang Nomor {number}") for number in range(3))
    db.session.add_all(OrderEvent(order_id=order.id, from_status=OrderStatus.PAID, to_status=OrderStatus.PAID,
                                  note=f"catatan {number}") for number in range(4))
    db.session.commit()
    lines, events = [line.id for line in order.lines], [event.id for event in order.events]
    db.session.expire_all()
    read = order_for_page(order.id)
    # lines and history are joined in one statement: a row per pair, each kept once and in order
    assert [line.id for line in read.lines] == sorted(lines) and len(lines) == 4
    assert [event.id for event in read.events] == sorted(events) and len(events) >= 5
    login(client, order.shop.owner)
    page = client.get(f"/dashboard/orders/{order.id}").get_data(as_text=True)
    assert all(f"Selendang Nomor {number}" in page for number in range(3))
    assert page.index("catatan 0") < page.index("catatan 3")
