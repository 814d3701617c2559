"""The artisan's dashboard opens on what waits for them (issue #18): orders to prepare, transfers
the agency has still to confirm, problems buyers reported, reviews to answer."""

from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.extensions import utcnow
from marketplace.orders.actions import ship_order
from marketplace.orders.models import Order
from marketplace.orders.queries import artisan_todo
from marketplace.products.models import Review
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import counted_queries, login
from tests.test_admin_payments import paid_order, transfer_checkout
from tests.test_cart import add
from tests.test_checkout import place


def test_a_paid_order_is_one_to_prepare_and_a_review_without_reply_one_to_answer(app, db, admin):
    order = paid_order(app, admin)
    line = order.lines[0]
    _db.session.add(Review(order_line_id=line.id, product_id=line.product_id, buyer_id=order.buyer_id,
                           rating=5, text="Halus dan wangi"))
    _db.session.commit()
    todo = artisan_todo(order.shop_id)
    assert (todo.to_prepare, todo.awaiting_agency, todo.problems) == (1, 0, 0)
    assert todo.reviews_to_answer == ((line.product_id, line.title, 1),)


def test_a_transfer_with_a_receipt_waits_for_the_agency_not_for_the_artisan(app, db):
    payment = transfer_checkout(app, receipt=True)
    shop_id = payment.checkout.orders[0].shop_id
    todo = artisan_todo(shop_id)
    assert (todo.to_prepare, todo.awaiting_agency) == (0, 1)


def test_a_problem_reported_on_a_shipped_order_is_counted(app, db, admin):
    order = paid_order(app, admin)
    order.status, order.problem_reported_at = "shipped", utcnow()
    _db.session.commit()
    assert artisan_todo(order.shop_id).problems == 1


def test_the_counts_and_the_reviews_to_answer_take_one_query_however_many_orders(app, db, admin):
    shop_id = paid_order(app, admin).shop_id
    with counted_queries() as queries:
        artisan_todo(shop_id)
    assert len(queries) == 1


def test_the_dashboard_opens_on_what_needs_doing(app, client, db, admin):
    order = paid_order(app, admin)
    login(client, order.shop.owner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Yang perlu dikerjakan" in page
    assert "1 pesanan perlu disiapkan" in page


def test_with_nothing_waiting_the_dashboard_says_so(client, db):
    shop = ShopFactory()
    login(client, shop.owner)
    assert "Tidak ada yang menunggu Anda sekarang" in client.get("/dashboard").get_data(as_text=True)


def test_an_order_paid_in_cash_on_delivery_is_one_to_prepare_until_shipped(app, client, db):
    product = ProductFactory(shop=ShopFactory(allows_cod=True))
    login(client, UserFactory())
    add(client, product.variants[0], 1)
    assert place(client, method="cod").status_code == 302
    order = _db.session.scalar(select(Order))
    assert artisan_todo(order.shop_id).to_prepare == 1
    ship_order(order, order.shop.owner, "jne", "PLM0000000001")
    _db.session.commit()
    assert artisan_todo(order.shop_id).to_prepare == 0


def test_a_finished_order_waits_for_nobody_even_with_a_problem_reported_on_it(app, db, admin):
    order = paid_order(app, admin)
    order.status, order.problem_reported_at = "completed", utcnow()
    _db.session.commit()
    todo = artisan_todo(order.shop_id)
    assert (todo.to_prepare, todo.awaiting_agency, todo.problems) == (0, 0, 0)
