"""Card payments against localstripe, a fake Stripe server on loopback: the order is paid only when
the signed webhook arrives, a declined card frees the stock, and every event takes effect once."""

import json
import threading
import time

import pytest
import stripe
from sqlalchemy import func, select

from marketplace.extensions import db as _db
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentEvent, PaymentMethod, PaymentStatus
from marketplace.products.models import Variant
from tests.factories import ProductFactory, UserFactory
from tests.helpers import login
from tests.localstripe_server import WEBHOOK_SECRET, sign_payload, stripe_client_for
from tests.test_checkout import add, place

SECRET = WEBHOOK_SECRET


@pytest.fixture
def app(card_app):
    return card_app


@pytest.fixture
def variant(db):
    return ProductFactory(variants=[(350_000, 2)]).variants[0]


@pytest.fixture
def card_checkout(client, db, variant):
    """A customer's card checkout for one piece, with its PaymentIntent created."""
    login(client, UserFactory())
    add(client, variant, 1)
    response = place(client, method="card")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    payment = _db.session.scalar(select(Payment))
    assert payment.reference and f'data-secret="{payment.reference}_secret_' in page
    return payment


def current(model, **where):
    _db.session.expire_all()
    return _db.session.scalar(select(model).filter_by(**where))


def wait_for(predicate, timeout=8.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def confirm(localstripe, reference, payment_method):
    with stripe_client_for(localstripe.base_url) as stripe_client:
        stripe_client.v1.payment_intents.update(reference, params={"payment_method": payment_method})
        stripe_client.v1.payment_intents.confirm(reference)


def reserved(variant_id) -> int:
    return current(Variant, id=variant_id).stock_reserved


def test_the_card_option_is_offered_only_with_stripe_keys(app, client, db, variant):
    login(client, UserFactory())
    add(client, variant, 1)
    assert 'value="card"' in client.get("/checkout").get_data(as_text=True)
    app.config["STRIPE_SECRET_KEY"] = None
    assert 'value="card"' not in client.get("/checkout").get_data(as_text=True)
    assert place(client, method="card").status_code == 200  # refused: not offered
    assert _db.session.scalar(select(func.count(Payment.id))) == 0


def test_the_payment_intent_is_in_hundredths_of_rupiah_with_the_checkout_in_its_metadata(
        card_checkout, localstripe):
    with stripe_client_for(localstripe.base_url) as stripe_client:
        intent = stripe_client.v1.payment_intents.retrieve(card_checkout.reference)
    assert (intent.amount, intent.currency) == (card_checkout.amount * 100, "idr")
    assert intent.metadata["checkout_id"] == str(card_checkout.checkout_id)


def test_a_card_checkout_is_paid_once_the_webhook_arrives_and_not_before(
        card_checkout, localstripe, live_server, variant, app):
    localstripe.register_webhook(f"{live_server}/payments/stripe/webhook", SECRET)
    confirm(localstripe, card_checkout.reference, "pm_card_visa")
    # The customer is back from paying, but nothing is paid until the signed webhook arrives.
    assert current(Payment, id=card_checkout.id).status == PaymentStatus.PENDING
    assert wait_for(lambda: current(Payment, id=card_checkout.id).status == PaymentStatus.PAID)
    assert current(Order, checkout_id=card_checkout.checkout_id).status == OrderStatus.PAID
    assert current(PaymentEvent, payment_id=card_checkout.id).outcome == "paid"
    assert reserved(variant.id) == 1  # still promised to the paid order until it ships
    # The artisan hears of the paid order (sent just after the commit).
    assert wait_for(lambda: any("BNY-" in message["Subject"] for message in app.extensions["mail_outbox"]))


def test_a_declined_card_cancels_the_checkout_and_frees_the_stock(card_checkout, localstripe, live_server,
                                                                   variant, client):
    localstripe.register_webhook(f"{live_server}/payments/stripe/webhook", SECRET)
    with pytest.raises(stripe.CardError):
        confirm(localstripe, card_checkout.reference, "pm_card_chargeCustomerFail")
    assert wait_for(lambda: current(Payment, id=card_checkout.id).status == PaymentStatus.FAILED)
    assert current(Order, checkout_id=card_checkout.checkout_id).status == OrderStatus.CANCELLED
    assert reserved(variant.id) == 0
    # The cloth is back in the cart, ready for another try.
    product_link = f'href="/products/{variant.product_id}"'
    assert wait_for(lambda: product_link in client.get("/cart").get_data(as_text=True))


def test_reconcile_applies_what_stripe_says_when_a_webhook_was_missed(card_checkout, localstripe, runner):
    confirm(localstripe, card_checkout.reference, "pm_card_visa")  # no webhook registered
    result = runner.invoke(args=["payments", "reconcile"])
    assert "1 paid" in result.output, result.output
    assert current(Payment, id=card_checkout.id).status == PaymentStatus.PAID
    assert "nothing to change" in runner.invoke(args=["payments", "reconcile"]).output


def event(payment, event_type="payment_intent.succeeded", event_id="evt_1", amount=None, currency="idr",
          **intent):
    body = {"id": event_id, "object": "event", "type": event_type, "created": int(time.time()),
            "api_version": "2024-06-20", "data": {"object": {
                "id": payment.reference, "object": "payment_intent", "status": "succeeded",
                "amount": payment.amount * 100 if amount is None else amount, "currency": currency,
                "last_payment_error": None, **intent}}}
    return json.dumps(body).encode()


def deliver(client, payload, secret=SECRET, timestamp=None):
    signature = sign_payload(payload, secret, timestamp)
    return client.post("/payments/stripe/webhook", data=payload,
                       headers={"Stripe-Signature": signature, "Content-Type": "application/json"})


@pytest.mark.parametrize(("secret", "age"), [("whsec_wrong", 0), (SECRET, 600)])
def test_a_bad_or_old_signature_is_refused_and_changes_nothing(client, card_checkout, secret, age):
    response = deliver(client, event(card_checkout), secret, timestamp=int(time.time()) - age)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_signature"
    assert current(Payment, id=card_checkout.id).status == PaymentStatus.PENDING
    assert _db.session.scalar(select(func.count(PaymentEvent.id))) == 0


def test_an_unsigned_webhook_is_refused(client, card_checkout):
    response = client.post("/payments/stripe/webhook", data=event(card_checkout))
    assert response.status_code == 400


def test_a_repeated_event_takes_effect_once(client, card_checkout, variant):
    first = deliver(client, event(card_checkout)).get_json()
    second = deliver(client, event(card_checkout)).get_json()
    assert (first["outcome"], second["outcome"]) == ("paid", "duplicate")
    order = current(Order, checkout_id=card_checkout.checkout_id)
    assert [e.to_status for e in order.events].count(OrderStatus.PAID) == 1


def test_an_amount_or_currency_that_differs_does_not_pay(client, card_checkout):
    assert deliver(client, event(card_checkout, amount=100)).get_json()["outcome"] == "amount mismatch"
    wrong_currency = event(card_checkout, event_id="evt_2", currency="usd")
    assert deliver(client, wrong_currency).get_json()["outcome"] == "amount mismatch"
    assert current(Payment, id=card_checkout.id).status == PaymentStatus.PENDING


def test_a_late_failure_never_moves_a_paid_order_backwards(client, card_checkout, variant):
    deliver(client, event(card_checkout))
    late = event(card_checkout, "payment_intent.payment_failed", "evt_late", status="requires_payment_method",
                 last_payment_error={"code": "card_declined"})
    assert deliver(client, late).get_json()["outcome"] == "already settled"
    assert current(Order, checkout_id=card_checkout.checkout_id).status == OrderStatus.PAID
    assert reserved(variant.id) == 1


def test_a_refund_event_is_recorded(client, card_checkout):
    payload = json.dumps({"id": "evt_refund", "object": "event", "type": "charge.refunded",
                          "created": int(time.time()), "data": {"object": {
                              "id": "ch_1", "object": "charge", "payment_intent": card_checkout.reference,
                              "amount_refunded": 100_00}}}).encode()
    assert deliver(client, payload).get_json()["outcome"] == "recorded"
    assert current(PaymentEvent, event_id="evt_refund").payment_id == card_checkout.id


def test_events_for_payments_we_do_not_know_are_recorded_and_ignored(client, db):
    unknown = Payment(method=PaymentMethod.CARD, amount=1, reference="pi_unknown")
    response = deliver(client, event(unknown))
    assert response.get_json()["outcome"] == "unknown payment"


@pytest.mark.postgres_only
def test_two_deliveries_at_once_take_effect_once(app, card_checkout):
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency guarantees are shown on PostgreSQL (set TEST_DATABASE_URL)")
    outcomes, start = [], threading.Barrier(2)

    def send():
        start.wait()
        outcomes.append(deliver(app.test_client(), event(card_checkout)).get_json()["outcome"])

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate", "paid"]
    order = current(Order, checkout_id=card_checkout.checkout_id)
    assert [e.to_status for e in order.events].count(OrderStatus.PAID) == 1


@pytest.mark.postgres_only
def test_a_webhook_racing_the_customers_return_gives_one_paid_order(app, client, card_checkout):
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency guarantees are shown on PostgreSQL (set TEST_DATABASE_URL)")
    start, answers = threading.Barrier(2), []

    def webhook():
        start.wait()
        answers.append(deliver(app.test_client(), event(card_checkout)).get_json()["outcome"])

    def customer_returns():
        start.wait()
        answers.append(client.get(f"/checkouts/{card_checkout.checkout_id}?returned=1").status_code)

    threads = [threading.Thread(target=webhook), threading.Thread(target=customer_returns)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, answers)) == ["200", "paid"]
    assert current(Payment, id=card_checkout.id).status == PaymentStatus.PAID
    order = current(Order, checkout_id=card_checkout.checkout_id)
    assert [e.to_status for e in order.events].count(OrderStatus.PAID) == 1
