import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from marketplace.api.models import IdempotencyKey
from marketplace.auth.models import Role, User
from marketplace.extensions import db as _db
from marketplace.extensions import utcnow
from marketplace.orders.models import Checkout, Order, OrderStatus
from marketplace.products.models import Variant
from tests.api_support import ADDRESS, Api, error_of
from tests.factories import ProductFactory, ShopFactory, UserFactory


@pytest.fixture
def variant(db):
    return ProductFactory(shop=ShopFactory(name="Batik Sungsang", allows_cod=True),
                          variants=[(350_000, 3)]).variants[0]


@pytest.fixture
def buyer(client, db):
    return Api(client, UserFactory())


def checkouts() -> int:
    return _db.session.scalar(select(func.count(Checkout.id)))


def test_the_cart_takes_changes_and_prices_by_shop(buyer, variant):
    response = buyer.post("/cart/items", json={"variant_id": variant.id, "quantity": 2})
    assert response.status_code == 201
    body = response.get_json()
    assert body["items"][0]["quantity"] == 2 and body["total"] == 700_000 + body["shops"][0]["shipping_fee"]
    changed = buyer.patch(f"/cart/items/{variant.id}", json={"quantity": 1}).get_json()
    assert changed["items"][0]["quantity"] == 1
    assert buyer.delete(f"/cart/items/{variant.id}").get_json()["items"] == []
    assert buyer.get("/cart").get_json() == {"items": [], "shops": [], "total": 0, "currency": "IDR",
                                             "payment_methods": [], "ship_to": None}


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"variant_id": 999_999}, 422, "variant_id"), ({"variant_id": "1"}, 422, "variant_id"),
    ({"variant_id": 1, "quantity": 0}, 422, "quantity"),
    ({"variant_id": 1, "quantity": True}, 422, "quantity"),
    ({"variant_id": 2**70}, 422, "variant_id"), ({}, 422, "variant_id"),
])
def test_invalid_cart_items_name_the_field(buyer, variant, body, status, field):
    response = buyer.post("/cart/items", json=body)
    assert response.status_code == status
    assert field in error_of(response)["details"]


def test_more_than_in_stock_is_a_conflict(buyer, variant):
    response = buyer.post("/cart/items", json={"variant_id": variant.id, "quantity": 4})
    assert response.status_code == 409 and error_of(response)["code"] == "not_enough_stock"


def test_another_users_cart_lines_cannot_be_reached(client, buyer, variant):
    buyer.post("/cart/items", json={"variant_id": variant.id})
    other = Api(client, UserFactory())
    assert other.patch(f"/cart/items/{variant.id}", json={"quantity": 2}).status_code == 404
    assert other.delete(f"/cart/items/{variant.id}").status_code == 404
    assert buyer.get("/cart").get_json()["items"][0]["quantity"] == 1


def test_the_cart_needs_a_token(client, db):
    assert client.get("/api/v1/cart").status_code == 401


def test_checkout_places_orders_and_says_how_to_pay(buyer, variant):
    buyer.post("/cart/items", json={"variant_id": variant.id, "quantity": 2})
    response = buyer.checkout()
    assert response.status_code == 201
    body = response.get_json()
    payment = body["payment"]
    assert (payment["method"], payment["status"]) == ("bank_transfer", "pending")
    assert payment["amount"] == body["total"]
    assert payment["bank"]["account_number"] == "1234567890" and payment["client_secret"] is None
    order = body["orders"][0]
    assert order["status"] == "awaiting_payment" and order["lines"][0]["quantity"] == 2
    assert order["shipping_address"]["postal_code"] == ADDRESS["postal_code"]
    assert buyer.get("/cart").get_json()["items"] == []
    assert buyer.get(f"/checkouts/{body['id']}").get_json()["id"] == body["id"]


def test_cash_on_delivery_moves_the_orders_to_processing(buyer, variant):
    buyer.post("/cart/items", json={"variant_id": variant.id})
    body = buyer.checkout("cod").get_json()
    assert body["orders"][0]["status"] == "processing" and body["payment"]["bank"] is None


def test_checkout_needs_an_idempotency_key(buyer, variant):
    buyer.post("/cart/items", json={"variant_id": variant.id})
    response = buyer.post("/checkout", json={**ADDRESS, "payment_method": "bank_transfer"})
    assert response.status_code == 400 and error_of(response)["code"] == "idempotency_key_required"
    assert checkouts() == 0


def test_the_same_key_and_body_answer_the_first_response_once(buyer, variant):
    buyer.post("/cart/items", json={"variant_id": variant.id})
    first = buyer.checkout(key="checkout-1")
    again = buyer.checkout(key="checkout-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert checkouts() == 1


def test_the_same_key_with_another_body_is_409(buyer, variant):
    buyer.post("/cart/items", json={"variant_id": variant.id})
    buyer.checkout(key="checkout-1")
    response = buyer.checkout(key="checkout-1", recipient="Orang Lain")
    assert response.status_code == 409 and error_of(response)["code"] == "idempotency_key_reused"
    assert checkouts() == 1


def test_keys_belong_to_their_user(client, buyer, variant):
    other = Api(client, UserFactory())
    buyer.post("/cart/items", json={"variant_id": variant.id})
    other.post("/cart/items", json={"variant_id": variant.id})
    assert buyer.checkout(key="k").status_code == 201
    assert other.checkout(key="k").status_code == 201
    assert checkouts() == 2


def test_a_key_older_than_a_day_may_be_used_again(buyer, variant):
    buyer.post("/cart/items", json={"variant_id": variant.id})
    first = buyer.checkout(key="k").get_json()
    _db.session.execute(update(IdempotencyKey).values(created_at=utcnow() - timedelta(hours=24, minutes=1)))
    _db.session.commit()
    buyer.post("/cart/items", json={"variant_id": variant.id})
    again = buyer.checkout(key="k")
    assert again.status_code == 201 and again.get_json()["id"] != first["id"]
    assert checkouts() == 2


def test_a_refused_checkout_leaves_the_key_free_for_a_retry(buyer, variant):
    assert buyer.checkout(key="k").status_code == 409  # the cart is empty
    buyer.post("/cart/items", json={"variant_id": variant.id})
    assert buyer.checkout(key="k").status_code == 201


@pytest.mark.parametrize(("changes", "field"), [
    ({"payment_method": "card"}, "payment_method"), ({"payment_method": "bitcoin"}, "payment_method"),
    ({"postal_code": "3013"}, "postal_code"), ({"province": "Atlantis"}, "province"),
    ({"recipient": None}, "recipient"),
])
def test_an_invalid_checkout_names_the_field(buyer, variant, changes, field):
    buyer.post("/cart/items", json={"variant_id": variant.id})
    response = buyer.checkout(**changes)
    assert response.status_code == 422 and field in error_of(response)["details"]
    assert checkouts() == 0


def test_an_idempotency_key_that_is_not_printable_ascii_is_400(buyer, variant):
    response = buyer.post("/checkout", json={**ADDRESS, "payment_method": "cod"},
                          headers={"Idempotency-Key": "k" * 300})
    assert response.status_code == 400


def _placed(buyer, variant, method="bank_transfer") -> dict:
    buyer.post("/cart/items", json={"variant_id": variant.id})
    return buyer.checkout(method).get_json()["orders"][0]


def test_customers_follow_their_orders_and_not_others(client, buyer, variant):
    order = _placed(buyer, variant)
    listed = buyer.get("/orders").get_json()
    assert (listed["total"], listed["items"][0]["id"]) == (1, order["id"])
    assert buyer.get(f"/orders/{order['id']}").get_json()["number"] == order["number"]
    other = Api(client, UserFactory())
    assert other.get(f"/orders/{order['id']}").status_code == 404
    assert other.post(f"/orders/{order['id']}/cancel").status_code == 404
    assert other.get(f"/checkouts/{order['checkout_id']}").status_code == 404


def test_a_customer_cancels_an_unpaid_order_and_its_stock_returns(buyer, variant):
    order = _placed(buyer, variant)
    response = buyer.post(f"/orders/{order['id']}/cancel", json={"reason": "Salah ukuran"})
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert _db.session.get(Variant, variant.id).stock_reserved == 0
    again = buyer.post(f"/orders/{order['id']}/cancel")  # a retry answers with the current state
    assert again.status_code == 200 and again.get_json()["status"] == "cancelled"


def test_the_shop_ships_and_delivers_and_the_customer_reviews(client, buyer, variant):
    order = _placed(buyer, variant, "cod")
    owner = Api(client, _db.session.get(User, variant.product.shop.owner_id))
    shop_orders = owner.get("/shops/batik-sungsang/orders").get_json()
    assert shop_orders["items"][0]["id"] == order["id"]
    assert owner.post(f"/orders/{order['id']}/ship", json={"courier": "jne"}).status_code == 422
    shipped = owner.post(f"/orders/{order['id']}/ship",
                         json={"courier": "jne", "tracking_number": "JN0000000001"})
    assert shipped.get_json()["status"] == "shipped"
    line = order["lines"][0]["id"]
    assert buyer.post(f"/orders/{order['id']}/reviews", json={"order_line_id": line, "rating": 5}
                      ).status_code == 409
    assert owner.post(f"/orders/{order['id']}/deliver").get_json()["status"] == "delivered"
    review = buyer.post(f"/orders/{order['id']}/reviews", json={"order_line_id": line, "rating": 5,
                                                                "text": "Warnanya indah"})
    assert review.status_code == 201 and review.get_json()["rating"] == 5
    again = buyer.post(f"/orders/{order['id']}/reviews", json={"order_line_id": line, "rating": 4})
    assert again.status_code == 409


def test_reviews_check_the_line_and_the_rating(buyer, variant):
    order = _placed(buyer, variant)
    response = buyer.post(f"/orders/{order['id']}/reviews", json={"order_line_id": 999, "rating": 5})
    assert "order_line_id" in error_of(response)["details"]
    response = buyer.post(f"/orders/{order['id']}/reviews", json={"order_line_id": 1, "rating": 6})
    assert "rating" in error_of(response)["details"]


def test_other_shops_and_customers_cannot_fulfil_an_order(client, buyer, variant):
    order = _placed(buyer, variant, "cod")
    stranger = Api(client, ShopFactory().owner)
    assert stranger.post(f"/orders/{order['id']}/deliver").status_code == 404
    assert stranger.get("/shops/batik-sungsang/orders").status_code == 403
    shipment = {"courier": "jne", "tracking_number": "JN0000000001"}
    assert buyer.post(f"/orders/{order['id']}/ship", json=shipment).status_code == 404


@pytest.mark.postgres_only
def test_ten_concurrent_checkouts_with_one_key_make_one_checkout(make_app):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 12, "max_overflow": 0})
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency guarantees are shown on PostgreSQL (set TEST_DATABASE_URL)")
    variant = ProductFactory(variants=[(500_000, 5)]).variants[0]
    buyer = Api(app.test_client(), UserFactory(roles=[Role.CUSTOMER]))
    buyer.post("/cart/items", json={"variant_id": variant.id, "quantity": 2})
    start, responses = threading.Barrier(10), []

    def place():
        start.wait()
        response = buyer.checkout(key="one-key")
        responses.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=place) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _db.session.expire_all()
    assert checkouts() == 1 and _db.session.scalar(select(func.count(Order.id))) == 1
    assert _db.session.get(Variant, variant.id).stock_reserved == 2
    assert _db.session.scalar(select(func.count(IdempotencyKey.id))) == 1
    # The nine others waited on the key's row, then answered with the first response.
    assert [status for status, _body in responses] == [201] * 10
    assert all(body == responses[0][1] for _status, body in responses)
    assert _db.session.scalar(select(Order.status)) == OrderStatus.AWAITING_PAYMENT
