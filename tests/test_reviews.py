import pytest
from sqlalchemy import func, select

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.orders import actions as order_actions
from marketplace.orders import payment_actions
from marketplace.orders import services as orders
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment
from marketplace.products.models import Review
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, post_form
from tests.test_checkout import add, place


@pytest.fixture
def order(client, db):
    """A customer's order, paid by transfer; the test moves it on as far as it needs."""
    login(client, UserFactory(email="dewi@contoh.id", name="Dewi"))
    add(client, ProductFactory(title="Kain Jumputan Pelangi", variants=[(250_000, 3)]).variants[0], 1)
    place(client)
    payment_actions.confirm_transfer(_db.session.scalar(select(Payment)), UserFactory(roles=[Role.ADMIN]))
    _db.session.commit()
    return _db.session.scalar(select(Order))


def deliver(order):
    artisan = order.shop.owner
    orders.change_status(order, OrderStatus.PROCESSING, artisan)
    order_actions.ship_order(order, artisan, "jne", "PLM0000000009")
    orders.change_status(order, OrderStatus.DELIVERED, artisan)
    _db.session.commit()


def review(client, order, **data):
    line = order.lines[0]
    fields = {"rating": "5", "text": "Warnanya indah.", **data}
    return post_form(client, f"/order-lines/{line.id}/review", fields, page=f"/orders/{order.id}")


def count_reviews():
    return _db.session.scalar(select(func.count(Review.id)))


def test_after_delivery_a_customer_reviews_and_the_product_page_shows_it(client, order):
    deliver(order)
    assert review(client, order, rating="4").status_code == 302
    page = client.get(f"/products/{order.lines[0].product_id}").get_data(as_text=True)
    assert "4.0 dari 5 bintang dari 1 ulasan" in page and "Warnanya indah." in page and "Dewi" in page


def test_reviews_open_only_after_delivery(client, order):
    review(client, order)
    assert count_reviews() == 0
    assert "Kirim ulasan" not in client.get(f"/orders/{order.id}").get_data(as_text=True)


def test_a_purchase_is_reviewed_once(client, order):
    deliver(order)
    review(client, order)
    response = review(client, order, rating="1", text="lagi")
    assert count_reviews() == 1
    assert "Anda sudah memberi ulasan" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("rating", ["0", "6", "lima", ""])
def test_a_rating_outside_one_to_five_is_refused(client, order, rating):
    deliver(order)
    review(client, order, rating=rating)
    assert count_reviews() == 0


def test_nobody_reviews_someone_elses_purchase(app, order):
    deliver(order)
    stranger = app.test_client()
    login(stranger, UserFactory())
    assert review(stranger, order).status_code == 404
    assert count_reviews() == 0


def test_the_shop_replies_once_and_only_its_owner_can(app, client, order):
    deliver(order)
    review(client, order)
    saved = _db.session.scalar(select(Review))
    path, product_page = f"/reviews/{saved.id}/reply", f"/products/{saved.product_id}"
    other_artisan = app.test_client()
    login(other_artisan, ShopFactory().owner)
    assert post_form(other_artisan, path, {"text": "Bukan toko saya"}, page="/").status_code == 404
    owner = app.test_client()
    login(owner, order.shop.owner)
    post_form(owner, path, {"text": "Terima kasih, Bu Dewi!"}, page=product_page)
    post_form(owner, path, {"text": "Balasan kedua"}, page=product_page)
    _db.session.refresh(saved)
    assert saved.reply == "Terima kasih, Bu Dewi!"
    assert "Terima kasih, Bu Dewi!" in client.get(product_page).get_data(as_text=True)
