"""Marketplace abuse (issue 17, item 5): nobody on a shop's selling side buys from it or reviews it
(its owner, and the curators and admins working on its behalf), and one account's checkouts
waiting for payment are capped in number and in pieces held, so that nobody can lock a product
away from other buyers. Each rule is tried through the pages and the API."""

import threading

import pytest
from sqlalchemy import func, select

from marketplace.auth.models import Role, User
from marketplace.extensions import db as _db
from marketplace.orders import payment_actions
from marketplace.orders.cart import CartItem, DatabaseCart
from marketplace.orders.checkout import Address, place_checkout
from marketplace.orders.exceptions import TooManyUnpaidCheckouts
from marketplace.orders.models import Checkout, Order, OrderStatus
from marketplace.payments.models import PaymentMethod
from marketplace.products.models import Review, Variant
from tests.api_support import ADDRESS, Api, error_of
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, post_form
from tests.test_assisted_listing import assist
from tests.test_checkout import add, place
from tests.test_reviews import deliver, review

OWN = ("Batik Pedada Sungsang adalah toko Anda sendiri: Anda tidak dapat membeli dari toko itu atau "
       "mengulasnya.")
OWN_EN = "Batik Pedada Sungsang is your own shop: you cannot buy from it or review it."
ON_BEHALF = ("Anda bekerja atas nama Batik Pedada Sungsang, jadi Anda tidak dapat membeli dari toko itu "
             "atau mengulasnya.")


@pytest.fixture
def shop(db):
    return ShopFactory(name="Batik Pedada Sungsang", slug="batik-pedada-sungsang", allows_cod=True)


@pytest.fixture
def variant(shop):
    return ProductFactory(shop=shop, variants=[(350_000, 30)]).variants[0]


def checkouts() -> int:
    return _db.session.scalar(select(func.count(Checkout.id)))


def reserved(variant_id) -> int:
    _db.session.expire_all()
    return _db.session.get(Variant, variant_id).stock_reserved


def flashed(client, response) -> str:
    """The page a refused form leads to, with its message."""
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    return response.get_data(as_text=True)


def in_cart(user, variant, quantity=1):
    """A line that reached the cart without the cart's checks: a guest cart merged at login, or one
    filled before the rule."""
    DatabaseCart(user.id).put(variant.id, quantity, variant.price)
    _db.session.commit()


# Buying from one's own shop

def test_an_artisan_cannot_put_their_own_cloth_in_the_cart(client, shop, variant):
    login(client, shop.owner)
    page = flashed(client, add(client, variant))
    assert OWN in page
    assert DatabaseCart(shop.owner.id).lines() == {}


def test_the_api_refuses_an_artisans_own_cloth_in_the_cart_in_their_language(client, shop, variant):
    shop.owner.locale = "en"
    _db.session.commit()
    api = Api(client, shop.owner)
    response = api.post("/cart/items", json={"variant_id": variant.id, "quantity": 1})
    assert response.status_code == 403
    assert error_of(response)["code"] == "own_shop" and error_of(response)["message"] == OWN_EN
    assert api.get("/cart").get_json()["items"] == []


def test_checkout_refuses_an_artisans_own_cloth_already_in_the_cart(client, shop, variant):
    login(client, shop.owner)
    in_cart(shop.owner, variant)
    page = flashed(client, place(client))
    assert OWN in page and "Keluarkan barang toko itu dari keranjang untuk memesan sisanya." in page
    assert checkouts() == 0 and reserved(variant.id) == 0


def test_the_api_checkout_refuses_an_artisans_own_cloth(client, shop, variant):
    in_cart(shop.owner, variant)
    response = Api(client, shop.owner).checkout()
    assert response.status_code == 403 and error_of(response)["code"] == "own_shop"
    assert checkouts() == 0 and reserved(variant.id) == 0


def test_an_artisan_still_buys_from_other_shops(client, shop):
    other = ProductFactory(shop=ShopFactory(name="Jumputan Betung")).variants[0]
    login(client, shop.owner)
    add(client, other)
    assert place(client).status_code == 302 and checkouts() == 1


# Curators and admins working on a shop's behalf

@pytest.mark.parametrize("role", [Role.CURATOR, Role.ADMIN])
def test_agency_staff_assisting_a_shop_cannot_buy_from_it(client, variant, role):
    staff = UserFactory(roles=[role])
    login(client, staff)
    assist(client, variant.product.shop)
    assert ON_BEHALF in flashed(client, add(client, variant))
    in_cart(staff, variant)
    assert ON_BEHALF in flashed(client, place(client))
    assert checkouts() == 0


def test_agency_staff_assisting_a_shop_cannot_review_it(client, variant, curator):
    login(client, curator)
    add(client, variant)
    place(client)  # bought as a customer, before working for the shop
    order = _db.session.scalar(select(Order))
    payment_actions.confirm_transfer(order.checkout.payment, UserFactory(roles=[Role.ADMIN]))
    _db.session.commit()
    deliver(order)
    assist(client, variant.product.shop)
    assert ON_BEHALF in flashed(client, review(client, order))
    assert _db.session.scalar(select(func.count(Review.id))) == 0


def test_a_curator_who_prepared_a_listing_cannot_buy_it_through_the_api(client, variant, curator):
    variant.product.prepared_by_id = curator.id
    _db.session.commit()
    response = Api(client, curator).post("/cart/items", json={"variant_id": variant.id, "quantity": 1})
    assert response.status_code == 403 and error_of(response)["code"] == "own_shop"


def test_agency_staff_not_working_for_the_shop_buy_like_anyone(client, variant, curator):
    login(client, curator)
    add(client, variant)
    assert place(client).status_code == 302 and checkouts() == 1


# Reviewing one's own shop

@pytest.fixture
def own_delivered_order(client, shop, variant):
    """An order the artisan placed with their own shop before the rule, delivered."""
    buyer = UserFactory()
    login(client, buyer)
    add(client, variant)
    place(client)
    order = _db.session.scalar(select(Order))
    payment_actions.confirm_transfer(order.checkout.payment, UserFactory(roles=[Role.ADMIN]))
    order.buyer_id = order.checkout.buyer_id = shop.owner_id
    _db.session.commit()
    deliver(order)
    return order


def test_an_artisan_cannot_review_their_own_product_on_the_page(app, shop, own_delivered_order):
    client = app.test_client()
    login(client, shop.owner)
    assert OWN in flashed(client, review(client, own_delivered_order))
    assert _db.session.scalar(select(func.count(Review.id))) == 0


def test_an_artisan_cannot_review_their_own_product_through_the_api(app, shop, own_delivered_order):
    order = own_delivered_order
    body = {"order_line_id": order.lines[0].id, "rating": 5, "text": "Bagus"}
    response = Api(app.test_client(), shop.owner).post(f"/orders/{order.id}/reviews", json=body)
    assert response.status_code == 403 and error_of(response)["code"] == "own_shop"
    assert _db.session.scalar(select(func.count(Review.id))) == 0


# Unpaid checkouts per account

@pytest.fixture
def customer(client, db):
    user = UserFactory(name="Dewi Lestari")
    login(client, user)
    return user


def place_one(client, variant, quantity=1, method="bank_transfer"):
    add(client, variant, quantity)
    return place(client, method=method)


def set_quantity(client, variant, quantity):
    post_form(client, f"/cart/{variant.id}/quantity", {"quantity": str(quantity)}, page="/cart")


def test_a_fourth_unpaid_checkout_is_refused_with_what_to_do(client, customer, variant):
    for _ in range(3):
        assert place_one(client, variant).status_code == 302
    page = flashed(client, place_one(client, variant))
    assert ("Anda sudah punya 3 pesanan yang menunggu pembayaran, batas untuk satu akun. Bayar salah satunya "
            "atau batalkan (di Pesanan saya), lalu pesan lagi.") in page
    assert checkouts() == 3 and reserved(variant.id) == 3


def test_cancelling_a_waiting_checkout_makes_room_for_a_new_one(client, customer, variant):
    for _ in range(3):
        place_one(client, variant)
    first = _db.session.scalar(select(Order).order_by(Order.id))
    post_form(client, f"/orders/{first.id}/cancel", {"reason": "Salah pilih"}, page=f"/orders/{first.id}")
    _db.session.expire_all()
    assert _db.session.get(Order, first.id).status == OrderStatus.CANCELLED
    assert place_one(client, variant).status_code == 302 and checkouts() == 4


def test_a_paid_checkout_no_longer_counts(client, customer, variant):
    for _ in range(3):
        place_one(client, variant)
    paid = _db.session.scalar(select(Checkout).order_by(Checkout.id))
    payment_actions.confirm_transfer(paid.payment, UserFactory(roles=[Role.ADMIN]))
    _db.session.commit()
    assert place_one(client, variant).status_code == 302 and checkouts() == 4


def test_the_api_refuses_one_checkout_too_many_with_its_code(client, variant):
    api = Api(client, UserFactory())
    for _ in range(3):
        api.post("/cart/items", json={"variant_id": variant.id, "quantity": 1})
        assert api.checkout().status_code == 201
    api.post("/cart/items", json={"variant_id": variant.id, "quantity": 1})
    response = api.checkout()
    assert response.status_code == 409 and error_of(response)["code"] == "too_many_unpaid_checkouts"
    assert "Pesanan saya" in error_of(response)["message"]
    assert checkouts() == 3


def test_pieces_held_by_unpaid_checkouts_are_capped(client, customer, variant):
    assert place_one(client, variant, 15).status_code == 302
    page = flashed(client, place_one(client, variant, 6))
    assert ("Pesanan yang menunggu pembayaran boleh menahan paling banyak 20 barang per akun; pesanan Anda "
            "akan menahan 21.") in page
    assert reserved(variant.id) == 15
    set_quantity(client, variant, 5)  # the refused 6 are still in the cart
    assert place(client).status_code == 302 and reserved(variant.id) == 20


def test_the_api_refuses_too_many_pieces_in_one_checkout(client, variant):
    api = Api(client, UserFactory())
    api.post("/cart/items", json={"variant_id": variant.id, "quantity": 21})
    response = api.checkout()
    assert response.status_code == 409 and error_of(response)["code"] == "too_many_units_held"
    assert reserved(variant.id) == 0


def test_made_to_order_pieces_hold_no_stock_and_are_not_counted(client, customer, shop):
    made = ProductFactory(shop=shop, made_to_order=True).variants[0]
    assert place_one(client, made, 25).status_code == 302 and checkouts() == 1


def test_cash_on_delivery_is_not_waiting_for_payment_and_not_capped(client, customer, variant):
    for _ in range(3):
        place_one(client, variant)
    assert place_one(client, variant, method="cod").status_code == 302
    assert _db.session.scalar(select(func.count(Checkout.id)).where(
        Checkout.payment_method == PaymentMethod.COD)) == 1


def test_both_limits_are_settings(make_app):
    app = make_app(UNPAID_CHECKOUTS_PER_ACCOUNT=1, UNPAID_UNITS_PER_ACCOUNT=2)
    client = app.test_client()
    login(client, UserFactory())
    variant = ProductFactory(variants=[(350_000, 9)]).variants[0]
    assert "paling banyak 2 barang" in flashed(client, place_one(client, variant, 3))
    set_quantity(client, variant, 2)
    assert place(client).status_code == 302
    assert "Anda sudah punya 1 pesanan" in flashed(client, place_one(client, variant, 1))
    assert checkouts() == 1


@pytest.mark.postgres_only
def test_checkouts_placed_at_the_same_moment_cannot_pass_the_cap_together(make_app):
    app = make_app(UNPAID_CHECKOUTS_PER_ACCOUNT=1,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 12, "max_overflow": 0})
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency guarantees are shown on PostgreSQL (set TEST_DATABASE_URL)")
    variant_id = ProductFactory(variants=[(350_000, 20)]).variants[0].id
    buyer_id = UserFactory().id
    results, start = [], threading.Barrier(10)

    def buy(attempt):
        with app.app_context():
            buyer, variant = _db.session.get(User, buyer_id), _db.session.get(Variant, variant_id)
            variant.product.shop  # noqa: B018  (loaded before the race starts)
            start.wait()
            try:
                place_checkout(buyer, [CartItem(variant, 1, variant.price)], Address(**ADDRESS),
                               PaymentMethod.BANK_TRANSFER, f"t-{attempt}")
                _db.session.commit()
                results.append("placed")
            except TooManyUnpaidCheckouts:
                _db.session.rollback()
                results.append("refused")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=buy, args=(attempt,)) for attempt in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("placed") == 1 and results.count("refused") == 9
    assert checkouts() == 1 and reserved(variant_id) == 1
