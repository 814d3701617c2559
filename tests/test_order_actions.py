"""Each order action runs the same story through every door that offers it (the pages and the
API), and the states where orders, transfers and cash on delivery meet hold: amounts follow
cancellations, a receipt pauses the expiry, cash must match, a shipped order can be closed."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.extensions import utcnow
from marketplace.orders import payment_actions
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import EntryKind, LedgerEntry, Payment, PaymentMethod, PaymentStatus
from tests.api_support import Api
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import image_upload, login, post_form, post_multipart
from tests.test_admin_payments import jpeg
from tests.test_checkout import add, place

S = OrderStatus


@pytest.fixture
def buyer(db):
    return UserFactory(email="dewi@contoh.id")


def _checkout(app, buyer, *variants, method="bank_transfer"):
    client = app.test_client()
    login(client, buyer)
    for variant in variants:
        add(client, variant, 1)
    assert place(client, method=method).status_code == 302
    return client, _db.session.scalar(select(Payment).order_by(Payment.id.desc()))


def _order(order_id) -> Order:
    _db.session.expire_all()
    return _db.session.get(Order, order_id)


def _paid_order(app, buyer, allows_cod=False):
    variant = ProductFactory(shop=ShopFactory(allows_cod=allows_cod), variants=[(350_000, 3)]).variants[0]
    client, payment = _checkout(app, buyer, variant)
    payment_actions.confirm_transfer(payment, UserFactory(roles=[Role.ADMIN]))
    _db.session.commit()
    return client, payment.checkout.orders[0]


def _artisan_page(app, order):
    client = app.test_client()
    login(client, order.shop.owner)
    return client, f"/dashboard/orders/{order.id}"


def _ship_on_page(app, order):
    client, page = _artisan_page(app, order)
    post_form(client, f"{page}/process", {}, page=page)
    shipment = {"courier": "jne:REG", "tracking_number": "PLM0000000001"}
    return post_form(client, f"{page}/ship", shipment, page=page)


def _ship_by_api(app, order):
    api = Api(app.test_client(), order.shop.owner)
    api.post(f"/orders/{order.id}/process")
    return api.post(f"/orders/{order.id}/ship", json={"courier": "jne", "tracking_number": "PLM0000000001"})


SHIP_DOORS = {"page": _ship_on_page, "api": _ship_by_api}


@pytest.mark.parametrize("door", SHIP_DOORS)
def test_shipping_tells_the_buyer_once_through_every_door(app, buyer, outbox, door):
    _client, order = _paid_order(app, buyer)
    outbox.clear()
    SHIP_DOORS[door](app, order)
    assert _order(order.id).status == S.SHIPPED
    assert [message["To"] for message in outbox] == [buyer.email]
    SHIP_DOORS[door](app, order)  # a double tap answers with the current state and sends nothing more
    assert len(outbox) == 1


def _cancel_on_page(app, client, order):
    return post_form(client, f"/orders/{order.id}/cancel", {"reason": "Salah ukuran"},
                     page=f"/orders/{order.id}")


def _cancel_by_api(app, client, order):
    api = Api(app.test_client(), order.buyer)
    return api.post(f"/orders/{order.id}/cancel", json={"reason": "Salah ukuran"})


CANCEL_DOORS = {"page": _cancel_on_page, "api": _cancel_by_api}


@pytest.mark.parametrize("door", CANCEL_DOORS)
def test_a_customers_cancellation_tells_the_buyer_and_the_artisan_through_every_door(
        app, buyer, outbox, door):
    client, order = _paid_order(app, buyer)
    outbox.clear()
    CANCEL_DOORS[door](app, client, order)
    assert _order(order.id).status == S.CANCELLED
    to = sorted(message["To"] for message in outbox)
    assert to.count(buyer.email) == 2 and to.count(order.shop.owner.email) == 1  # cancelled, refunded
    assert any("jangan dikirim" in message["Subject"] for message in outbox)


@pytest.mark.parametrize("door", CANCEL_DOORS)
def test_a_transfer_asks_only_for_what_is_left_after_one_shops_order_is_cancelled(app, buyer, door):
    first = ProductFactory(variants=[(350_000, 3)]).variants[0]
    second = ProductFactory(variants=[(150_000, 3)]).variants[0]
    client, payment = _checkout(app, buyer, first, second)
    kept, dropped = payment.checkout.orders
    CANCEL_DOORS[door](app, client, dropped)
    _db.session.expire_all()
    payment = _db.session.get(Payment, payment.id)
    assert payment.amount == kept.total and payment.status == PaymentStatus.PENDING
    page = client.get(f"/checkouts/{payment.checkout_id}").get_data(as_text=True)
    amount = f"Rp {kept.total:,}".replace(",", ".")
    assert f"Transfer tepat {amount}" in page
    CANCEL_DOORS[door](app, client, kept)
    _db.session.expire_all()
    assert _db.session.get(Payment, payment.id).status == PaymentStatus.CANCELLED


def _shipped(app, buyer):
    client, order = _paid_order(app, buyer)
    _ship_on_page(app, order)
    return client, _order(order.id)


def _received_on_page(app, client, order):
    return post_form(client, f"/orders/{order.id}/received", {}, page=f"/orders/{order.id}")


def _received_by_api(app, client, order):
    return Api(app.test_client(), order.buyer).post(f"/orders/{order.id}/received")


RECEIVED_DOORS = {"page": _received_on_page, "api": _received_by_api}


@pytest.mark.parametrize("door", RECEIVED_DOORS)
def test_the_customer_confirms_receipt_of_a_shipped_order_through_every_door(app, buyer, outbox, door):
    client, order = _shipped(app, buyer)
    assert "Pesanan sudah saya terima" in client.get(f"/orders/{order.id}").get_data(as_text=True)
    outbox.clear()
    RECEIVED_DOORS[door](app, client, order)
    assert _order(order.id).status == S.COMPLETED
    assert [message["To"] for message in outbox] == [order.shop.owner.email]
    sales = select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == EntryKind.SALE)
    assert _db.session.scalar(sales) == 1
    RECEIVED_DOORS[door](app, client, order)  # twice: the current state, one sale, one email
    assert _db.session.scalar(sales) == 1 and len(outbox) == 1


def _problem_on_page(app, client, order, note):
    return post_form(client, f"/orders/{order.id}/problem", {"note": note}, page=f"/orders/{order.id}")


def _problem_by_api(app, client, order, note):
    return Api(app.test_client(), order.buyer).post(f"/orders/{order.id}/problem", json={"note": note})


PROBLEM_DOORS = {"page": _problem_on_page, "api": _problem_by_api}


@pytest.mark.parametrize("door", PROBLEM_DOORS)
def test_a_reported_problem_tells_the_artisan_and_stops_the_automatic_completion(
        app, buyer, outbox, runner, door):
    client, order = _shipped(app, buyer)
    outbox.clear()
    PROBLEM_DOORS[door](app, client, order, "Paket belum sampai")
    assert _order(order.id).problem_note == "Paket belum sampai"
    assert [message["To"] for message in outbox] == [order.shop.owner.email]
    app.config["ORDER_AUTO_COMPLETE_DAYS"] = 0
    assert "Completed 0" in runner.invoke(args=["orders", "complete-shipped"]).output
    assert _order(order.id).status == S.SHIPPED


def test_a_problem_needs_words(app, buyer):
    client, order = _shipped(app, buyer)
    assert _problem_by_api(app, client, order, " ").status_code == 422
    page = client.get(f"/orders/{order.id}")
    assert page.status_code == 200
    _problem_on_page(app, client, order, "")
    assert _order(order.id).problem_reported_at is None


# Cash on delivery


@pytest.fixture
def cod_order(app, buyer, outbox):
    variant = ProductFactory(shop=ShopFactory(allows_cod=True), variants=[(350_000, 3)]).variants[0]
    _checkout(app, buyer, variant, method="cod")
    order = _db.session.scalar(select(Order))
    order.cod_outbox = list(outbox)
    _ship_on_page(app, order)
    return _order(order.id)


def test_a_cash_on_delivery_order_reaches_its_artisan_at_once(cod_order):
    to = [message["To"] for message in cod_order.cod_outbox]
    assert sorted(to) == sorted(["dewi@contoh.id", cod_order.shop.owner.email])


def _cash_on_page(app, order, amount):
    client, page = _artisan_page(app, order)
    response = post_form(client, f"{page}/cod-cash", {"amount": str(amount)}, page=page)
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _cash_by_api(app, order, amount):
    response = Api(app.test_client(), order.shop.owner).post(f"/orders/{order.id}/cod-cash",
                                                             json={"amount": amount})
    return response.status_code, response.get_json()


def test_cash_short_of_what_is_due_is_refused_on_the_page_and_nothing_is_paid(app, cod_order):
    page = _cash_on_page(app, cod_order, 350_000)  # the order is Rp 375.000 with shipping
    assert "harus tepat Rp 375.000" in page
    assert _order(cod_order.id).cod_cash_received is None
    assert _db.session.scalar(select(Payment.status)) == PaymentStatus.PENDING


def test_cash_short_of_what_is_due_is_refused_by_the_api_with_its_reason(app, cod_order):
    status, body = _cash_by_api(app, cod_order, 350_000)
    assert status == 422 and "Rp 375.000" in body["error"]["details"]["amount"][0]
    assert _db.session.scalar(select(Payment.status)) == PaymentStatus.PENDING


@pytest.mark.parametrize("door", ["page", "api"])
def test_the_exact_cash_settles_the_payment_and_sending_it_twice_answers_the_current_state(
        app, cod_order, door):
    for _ in range(2):
        if door == "page":
            assert "Uang tunai diterima: Rp 375.000" in _cash_on_page(app, cod_order, 375_000)
        else:
            assert _cash_by_api(app, cod_order, 375_000)[0] == 200
    _db.session.expire_all()
    assert _db.session.scalar(select(Payment)).status == PaymentStatus.PAID
    assert _order(cod_order.id).cod_cash_received == 375_000


# Bank transfer receipts and expiry


def _upload_receipt(client, payment):
    path = f"/checkouts/{payment.checkout_id}"
    upload = image_upload(jpeg(), "struk.jpg")
    return post_multipart(client, f"{path}/receipt", {"receipt": upload}, page=path)


def _overdue(payment):
    payment.deadline = utcnow() - timedelta(minutes=1)
    _db.session.commit()


def test_a_checkout_whose_receipt_waits_for_the_agency_does_not_expire(app, buyer, runner):
    client, payment = _checkout(app, buyer, ProductFactory().variants[0])
    _upload_receipt(client, payment)
    _overdue(_db.session.get(Payment, payment.id))
    assert "Expired 0" in runner.invoke(args=["orders", "expire"]).output
    page = client.get(f"/checkouts/{payment.checkout_id}").get_data(as_text=True)
    assert "Menunggu dinas" in page
    admin = UserFactory(roles=[Role.ADMIN])
    assert payment_actions.confirm_transfer(_db.session.get(Payment, payment.id), admin) == "done"
    _db.session.commit()
    assert _db.session.scalar(select(Order.status)) == S.PAID


def test_a_rejected_receipt_gives_the_customer_a_new_window_and_tells_them(app, buyer, outbox):
    client, payment = _checkout(app, buyer, ProductFactory().variants[0])
    _upload_receipt(client, payment)
    _overdue(_db.session.get(Payment, payment.id))
    admin = app.test_client()
    login(admin, UserFactory(roles=[Role.ADMIN]))
    path = f"/admin/payments/{payment.id}"
    outbox.clear()
    post_form(admin, f"{path}/reject-receipt", {"reason": "Nominal tidak sesuai"}, page=path)
    _db.session.expire_all()
    payment = _db.session.get(Payment, payment.id)
    deadline = payment.deadline.replace(tzinfo=None)  # SQLite gives it back without its zone
    assert payment.receipt_key is None and deadline > utcnow().replace(tzinfo=None) + timedelta(hours=23)
    assert [message["To"] for message in outbox] == [buyer.email]
    assert "Nominal tidak sesuai" in client.get(f"/checkouts/{payment.checkout_id}").get_data(as_text=True)


def test_an_expired_checkout_tells_the_buyer(app, buyer, runner, outbox):
    _client, payment = _checkout(app, buyer, ProductFactory().variants[0])
    _overdue(payment)
    outbox.clear()
    assert "Expired 1" in runner.invoke(args=["orders", "expire"]).output
    assert [message["To"] for message in outbox] == [buyer.email]


def test_a_receipt_for_a_card_or_settled_payment_is_refused_clearly(app, buyer):
    client, payment = _checkout(app, buyer, ProductFactory().variants[0])
    payment_actions.confirm_transfer(payment, UserFactory(roles=[Role.ADMIN]))
    _db.session.commit()
    page = client.get(_upload_receipt(client, payment).headers["Location"]).get_data(as_text=True)
    assert "tidak sedang menunggu bukti transfer" in page


def test_a_partial_cancel_of_an_unpaid_card_checkout_is_refused_with_a_reason(app, buyer):
    first, second = ProductFactory().variants[0], ProductFactory().variants[0]
    client, payment = _checkout(app, buyer, first, second)
    payment.method = PaymentMethod.CARD
    _db.session.commit()
    order = payment.checkout.orders[0]
    page = client.get(_cancel_on_page(app, client, order).headers["Location"]).get_data(as_text=True)
    assert "Pembayaran kartu ini untuk seluruh pesanan sekaligus" in page
    assert _order(order.id).status == S.AWAITING_PAYMENT
