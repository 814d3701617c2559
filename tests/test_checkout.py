import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.auth.models import Role, User
from marketplace.extensions import db as _db
from marketplace.extensions import utcnow
from marketplace.orders import payment_actions
from marketplace.orders.cart import CartItem
from marketplace.orders.checkout import Address, place_checkout
from marketplace.orders.exceptions import SoldOut
from marketplace.orders.models import Checkout, Order, OrderStatus
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus, Refund
from marketplace.products.models import Product, Variant
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import counted_queries, login, post_form

ADDRESS = {"recipient": "Dewi Lestari", "phone": "0812 3456 7890", "street": "Jl. Merdeka No. 5 RT 02",
           "village": "Talang Semut", "kecamatan": "Bukit Kecil", "city": "Kota Palembang",
           "province": "Sumatera Selatan", "postal_code": "30135"}


def add(client, variant, quantity=1):
    return post_form(client, "/cart/add", {"variant_id": str(variant.id), "quantity": str(quantity)},
                     page=f"/products/{variant.product_id}")


def checkout_token(client) -> str:
    page = client.get("/checkout").get_data(as_text=True)
    return re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)


def place(client, method="bank_transfer", token=None, **extra):
    token = token or checkout_token(client)
    fields = {**ADDRESS, "payment_method": method, "token": token, "save_address": "y", **extra}
    return post_form(client, "/checkout", fields, page="/checkout")


@pytest.fixture
def two_shops(db):
    first = ProductFactory(shop=ShopFactory(name="Batik Sungsang"), variants=[(350_000, 3)], weight_grams=300)
    second = ProductFactory(shop=ShopFactory(name="Jumputan Betung", shipping_base_fee=20_000,
                                             shipping_fee_per_kg=5_000), variants=[(150_000, 5)],
                            weight_grams=1_200)
    return first.variants[0], second.variants[0]


def variant_stock(variant_id):
    _db.session.expire_all()
    variant = _db.session.get(Variant, variant_id)
    return variant.stock_on_hand, variant.stock_reserved


def test_one_checkout_makes_one_order_per_shop_and_one_payment(client, customer, two_shops, outbox, db):
    first, second = two_shops
    add(client, first, 2)
    add(client, second, 1)
    response = place(client)
    assert response.status_code == 302
    checkout = db.session.scalar(select(Checkout))
    orders = checkout.orders
    assert [order.shop.name for order in orders] == ["Batik Sungsang", "Jumputan Betung"]
    assert [(o.subtotal, o.shipping_fee) for o in orders] == [(700_000, 25_000), (150_000, 30_000)]
    assert checkout.total == 905_000 and checkout.payment.amount == 905_000
    assert checkout.payment.status == PaymentStatus.PENDING and checkout.payment.currency == "IDR"
    assert all(re.fullmatch(rf"BNY-{utcnow().year}-\d{{6}}", order.number) for order in orders)
    assert orders[0].lines[0].title == first.product.title and orders[0].lines[0].unit_price == 350_000
    assert variant_stock(first.id) == (3, 2) and variant_stock(second.id) == (5, 1)
    assert "Rp 905.000" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(outbox) == 1 and "BNY-" in outbox[0].get_content()
    assert "Rp 350.000" not in client.get("/cart").get_data(as_text=True)  # the cart is empty again


def test_the_orders_of_several_shops_are_numbered_in_one_statement(client, customer, two_shops, db):
    first, second = two_shops
    add(client, first, 1)
    add(client, second, 1)
    page = client.get("/checkout").get_data(as_text=True)
    form = dict(re.findall(r'name="(csrf_token|token)" type="hidden" value="([^"]+)"', page))
    with counted_queries() as statements:  # the POST alone (no page fetched for its tokens)
        answer = client.post("/checkout", data={**ADDRESS, **form, "payment_method": "bank_transfer"})
    assert answer.status_code == 302
    numbering = [s for s in statements if s.lstrip().upper().startswith("UPDATE ORDERS SET NUMBER")]
    assert len(numbering) == 1
    assert [s for s in statements if "FROM saved_addresses" in s] == []  # a placed checkout shows no form
    numbers = [order.number for order in db.session.scalar(select(Checkout)).orders]
    assert len(set(numbers)) == 2 and all(number.startswith("BNY-") for number in numbers)


def test_the_confirmation_email_reads_its_checkout_in_one_query(app, client, customer, two_shops, outbox, db):
    from marketplace.orders.notifications import tell_checkout_placed

    first, second = two_shops
    add(client, first, 1)
    add(client, second, 1)
    place(client)
    outbox.clear()
    checkout_id = db.session.scalar(select(Checkout.id))
    db.session.expire_all()
    with app.test_request_context(), counted_queries() as statements:
        tell_checkout_placed(checkout_id)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    (message,) = outbox
    body = message.get_content()
    assert "Batik Sungsang" in body and "Jumputan Betung" in body and "Rp 555.000" in body


def test_prices_totals_and_currency_sent_by_the_browser_are_ignored(client, customer, two_shops, db):
    first, _ = two_shops
    add(client, first, 1)
    place(client, total="1000", subtotal="1", price="1000", currency="USD", amount="5", shipping_fee="0")
    checkout = db.session.scalar(select(Checkout))
    assert (checkout.total, checkout.payment.currency) == (375_000, "IDR")


def test_submitting_the_same_checkout_twice_makes_one(client, customer, two_shops, db):
    first, _ = two_shops
    add(client, first, 1)
    token = checkout_token(client)
    first_answer = place(client, token=token)
    add(client, first, 1)  # even with something new in the cart, the same form does not buy twice
    second_answer = place(client, token=token)
    assert first_answer.headers["Location"] == second_answer.headers["Location"]
    assert db.session.scalar(select(func.count(Checkout.id))) == 1
    assert variant_stock(first.id) == (3, 1)


def test_the_confirmation_is_sent_once_the_checkout_is_committed_and_only_once(client, customer, two_shops,
                                                                                outbox, db):
    first, _ = two_shops
    buyer, variant = db.session.get(User, customer.id), db.session.get(Variant, first.id)
    place_checkout(buyer, [CartItem(variant, 1, variant.price)], Address(**ADDRESS),
                   PaymentMethod.BANK_TRANSFER, "rolled-back")
    assert outbox == []  # nothing is sent before the commit...
    db.session.rollback()
    db.session.commit()
    assert outbox == []  # ...nor for a checkout that was rolled back
    add(client, first, 1)
    token = checkout_token(client)
    place(client, token=token)
    add(client, first, 1)
    place(client, token=token)  # the same form twice: one checkout, one confirmation
    assert len(outbox) == 1 and "BNY-" in outbox[0].get_content()


def test_cash_on_delivery_only_when_every_shop_allows_it(client, customer, two_shops, db):
    first, second = two_shops
    first.product.shop.allows_cod = True
    db.session.commit()
    add(client, first, 1)
    add(client, second, 1)
    page = client.get("/checkout").get_data(as_text=True)
    assert "value=\"cod\"" not in page
    assert "Bayar di tempat (COD) tidak tersedia: tidak diterima oleh Jumputan Betung." in page
    post_form(client, "/language", {"lang": "en"})
    assert ("Cash on delivery is not available: not accepted by Jumputan Betung."
            in client.get("/checkout").get_data(as_text=True))
    place(client, method="cod")
    assert db.session.scalar(select(func.count(Checkout.id))) == 0
    second.product.shop.allows_cod = True
    db.session.commit()
    assert "not accepted by" not in client.get("/checkout").get_data(as_text=True)
    place(client, method="cod")
    assert {order.status for order in db.session.scalars(select(Order))} == {OrderStatus.PROCESSING}


@pytest.mark.parametrize(("field", "value"), [("postal_code", "3013"), ("postal_code", "abcde"),
                                              ("phone", "telepon"), ("province", "Selangor"),
                                              ("recipient", ""), ("payment_method", "bitcoin")])
def test_a_bad_address_or_method_places_nothing(client, customer, two_shops, db, field, value):
    add(client, two_shops[0], 1)
    response = place(client, **{field: value})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Checkout.id))) == 0
    assert variant_stock(two_shops[0].id) == (3, 0)


def test_checkout_needs_a_login_and_a_cart(client, db):
    assert client.get("/checkout").headers["Location"].startswith("/login")
    login(client, UserFactory())
    assert client.get("/checkout").headers["Location"] == "/cart"


def test_the_last_unit_bought_meanwhile_is_refused_and_nothing_is_reserved(client, customer, db):
    product = ProductFactory(variants=[(350_000, 1)])
    variant = product.variants[0]
    add(client, variant, 1)
    variant.stock_reserved = 1  # someone else's checkout took it
    db.session.commit()
    response = place(client)
    assert db.session.scalar(select(func.count(Checkout.id))) == 0
    assert variant_stock(variant.id) == (1, 1)
    assert response.status_code in (200, 302)


def test_customers_never_see_each_others_orders(app, client, customer, two_shops, db):
    add(client, two_shops[0], 1)
    place(client)
    order = db.session.scalar(select(Order))
    stranger = app.test_client()
    login(stranger, UserFactory())
    for path in (f"/orders/{order.id}", f"/checkouts/{order.checkout_id}"):
        assert stranger.get(path).status_code == 404
    assert post_form(stranger, f"/orders/{order.id}/cancel", {}, page="/").status_code == 404
    assert order.number not in stranger.get("/orders").get_data(as_text=True)


def test_cancelling_an_unpaid_order_frees_its_stock_and_shows_in_the_timeline(
        client, customer, two_shops, db):
    add(client, two_shops[0], 2)
    place(client)
    order = db.session.scalar(select(Order))
    post_form(client, f"/orders/{order.id}/cancel", {"reason": "Salah pilih ukuran"},
              page=f"/orders/{order.id}")
    db.session.refresh(order)
    assert order.status == OrderStatus.CANCELLED
    assert variant_stock(two_shops[0].id) == (3, 0)
    history = [event.to_status for event in order.events]
    assert history == [OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED]
    assert "Salah pilih ukuran" in client.get(f"/orders/{order.id}").get_data(as_text=True)


def _paid_order(client, customer, variant, db):
    add(client, variant, 1)
    place(client)
    payment = db.session.scalar(select(Payment))
    payment_actions.confirm_transfer(payment, UserFactory(roles=[Role.ADMIN]))
    db.session.commit()
    return db.session.scalar(select(Order))


def test_a_confirmed_transfer_pays_the_orders_once(client, customer, two_shops, db):
    order = _paid_order(client, customer, two_shops[0], db)
    assert order.status == OrderStatus.PAID
    again = payment_actions.confirm_transfer(order.checkout.payment, UserFactory(roles=[Role.ADMIN]))
    assert again == payment_actions.Outcome.UNCHANGED  # a second admin's confirmation changes nothing
    db.session.commit()
    db.session.expire_all()
    assert [event.to_status for event in db.session.get(Order, order.id).events].count(OrderStatus.PAID) == 1


def test_cancelling_a_paid_order_refunds_it_instead_of_leaving_it_paid(client, customer, two_shops, db):
    order = _paid_order(client, customer, two_shops[0], db)
    post_form(client, f"/orders/{order.id}/cancel", {}, page=f"/orders/{order.id}")
    db.session.refresh(order)
    assert order.status == OrderStatus.CANCELLED
    assert sum(refund.amount for refund in db.session.scalars(select(Refund))) == order.total


def test_confirming_a_transfer_from_the_command_line_emails_customer_and_artisan(
        runner, client, customer, two_shops, outbox, db):
    add(client, two_shops[0], 1)
    place(client)
    admin = UserFactory(roles=[Role.ADMIN])
    checkout_id = db.session.scalar(select(Checkout.id))
    result = runner.invoke(args=["payments", "confirm-transfer", str(checkout_id), "--by", admin.email])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Order.status)) == OrderStatus.PAID
    recipients = [message["To"] for message in outbox]
    assert "dewi@contoh.id" in recipients and two_shops[0].product.shop.owner.email in recipients
    again = runner.invoke(args=["payments", "confirm-transfer", str(checkout_id), "--by", admin.email])
    assert again.exit_code == 0 and "already paid" in again.output  # a repeat answers the current state
    assert len(outbox) == len(recipients)
    by_customer = ["payments", "confirm-transfer", str(checkout_id), "--by", "dewi@contoh.id"]
    assert runner.invoke(args=by_customer).exit_code != 0


def test_the_artisan_prepares_ships_with_tracking_and_stock_is_consumed(app, client, customer, two_shops, db):
    order = _paid_order(client, customer, two_shops[0], db)
    artisan = app.test_client()
    login(artisan, order.shop.owner)
    page = f"/dashboard/orders/{order.id}"
    post_form(artisan, f"{page}/process", {}, page=page)
    refused = post_form(artisan, f"{page}/ship", {"courier": "jne:REG", "tracking_number": ""}, page=page)
    assert refused.status_code == 302
    db.session.refresh(order)
    assert order.status == OrderStatus.PROCESSING and variant_stock(two_shops[0].id) == (3, 1)
    post_form(artisan, f"{page}/ship", {"courier": "jne:REG", "tracking_number": "PLM123456789"}, page=page)
    db.session.refresh(order)
    assert (order.status, order.tracking_number) == (OrderStatus.SHIPPED, "PLM123456789")
    assert variant_stock(two_shops[0].id) == (2, 0)
    cancelled = post_form(client, f"/orders/{order.id}/cancel", {}, page=f"/orders/{order.id}")
    assert cancelled.status_code == 302
    db.session.refresh(order)
    assert order.status == OrderStatus.SHIPPED
    post_form(artisan, f"{page}/deliver", {}, page=page)
    post_form(client, f"/orders/{order.id}/received", {}, page=f"/orders/{order.id}")
    db.session.refresh(order)
    assert order.status == OrderStatus.COMPLETED
    assert "PLM123456789" in client.get(f"/orders/{order.id}").get_data(as_text=True)


def test_another_artisan_cannot_touch_an_order(app, client, customer, two_shops, db):
    order = _paid_order(client, customer, two_shops[0], db)
    other = app.test_client()
    login(other, two_shops[1].product.shop.owner)
    page = f"/dashboard/orders/{order.id}"
    assert other.get(page).status_code == 404
    assert post_form(other, f"{page}/process", {}, page="/").status_code == 404
    db.session.refresh(order)
    assert order.status == OrderStatus.PAID


def test_unpaid_transfers_expire_and_free_the_stock(runner, client, customer, two_shops, db):
    add(client, two_shops[0], 2)
    place(client)
    payment = db.session.scalar(select(Payment))
    payment.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["orders", "expire"])
    assert "Expired 1" in result.output
    assert variant_stock(two_shops[0].id) == (3, 0)
    _db.session.expire_all()
    assert _db.session.scalar(select(Order)).status == OrderStatus.CANCELLED
    assert "Expired 0" in runner.invoke(args=["orders", "expire"]).output


def test_cash_on_delivery_is_settled_when_the_artisan_records_the_cash(app, client, customer, db):
    product = ProductFactory(shop=ShopFactory(allows_cod=True), variants=[(200_000, 2)])
    add(client, product.variants[0], 1)
    place(client, method="cod")
    order = db.session.scalar(select(Order))
    artisan = app.test_client()
    login(artisan, order.shop.owner)
    page = f"/dashboard/orders/{order.id}"
    post_form(artisan, f"{page}/ship", {"courier": "own", "tracking_number": ""}, page=page)
    post_form(artisan, f"{page}/cod-cash", {"amount": "Rp 225.000"}, page=page)
    _db.session.expire_all()
    payment = _db.session.scalar(select(Payment))
    assert payment.status == PaymentStatus.PAID and payment.method == PaymentMethod.COD


@pytest.mark.postgres_only
def test_thirty_concurrent_checkouts_for_the_last_unit_sell_it_once(make_app):
    # A connection for each of the 30 buyers, so they all reach the barrier and really race.
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 32, "max_overflow": 0})
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency guarantees are shown on PostgreSQL (set TEST_DATABASE_URL)")
    variant_id = ProductFactory(variants=[(500_000, 1)]).variants[0].id
    buyers = [UserFactory().id for _ in range(30)]
    address = Address(**ADDRESS)
    results, start = [], threading.Barrier(30)

    def buy(buyer_id):
        with app.app_context():
            buyer = _db.session.get(User, buyer_id)
            variant = _db.session.get(Variant, variant_id)
            variant.product.shop  # noqa: B018  (loaded before the race starts)
            start.wait()
            try:
                place_checkout(buyer, [CartItem(variant, 1, variant.price)], address,
                               PaymentMethod.BANK_TRANSFER, f"t-{buyer_id}")
                _db.session.commit()
                results.append("sold")
            except SoldOut:
                _db.session.rollback()
                results.append("sold out")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=buy, args=(buyer,)) for buyer in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("sold") == 1 and results.count("sold out") == 29
    assert variant_stock(variant_id) == (1, 1)
    assert _db.session.scalar(select(func.count(Order.id))) == 1
    assert _db.session.get(Product, _db.session.get(Variant, variant_id).product_id) is not None


def test_a_saved_address_fills_the_next_checkout(client, customer, two_shops, db):
    add(client, two_shops[0], 1)
    place(client)
    add(client, two_shops[1], 1)
    page = client.get("/checkout").get_data(as_text=True)
    assert 'value="Jl. Merdeka No. 5 RT 02"' in page and 'value="30135"' in page
    place(client, street="Jl. Sudirman 10")
    add(client, two_shops[0], 1)
    assert "Jl. Sudirman 10" in client.get("/checkout").get_data(as_text=True)
    from marketplace.orders.models import SavedAddress

    assert db.session.scalar(select(func.count(SavedAddress.id))) == 2
    place(client)  # the same address again is not saved twice
    assert db.session.scalar(select(func.count(SavedAddress.id))) == 2


def test_an_address_is_not_saved_when_the_customer_says_so(client, customer, two_shops, db):
    from marketplace.orders.models import SavedAddress

    add(client, two_shops[0], 1)
    token = checkout_token(client)
    post_form(client, "/checkout", {**ADDRESS, "payment_method": "bank_transfer", "token": token},
              page="/checkout")  # the box left unticked: browsers send nothing for it
    assert db.session.scalar(select(func.count(SavedAddress.id))) == 0
