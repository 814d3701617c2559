"""QRIS, e-wallets, virtual accounts and counters through Midtrans, against a fake Midtrans on
loopback (tests/midtrans_server.py) with the real midtransclient: a checkout is paid only when a
notification signed with our server key arrives and Midtrans itself confirms the state, each state
takes effect once, and refunds go back through Midtrans where its refund API serves the channel."""

import threading

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db as _db
from marketplace.orders import refunds
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentEvent, PaymentStatus, Refund
from marketplace.products.models import Variant
from tests.factories import ProductFactory, UserFactory
from tests.helpers import login
from tests.midtrans_server import CLIENT_KEY, app_settings
from tests.test_card_payments import current, reserved
from tests.test_checkout import add, place

NOTIFICATION = "/payments/midtrans/notification"


@pytest.fixture
def app(make_app, midtrans):
    return make_app(**app_settings(midtrans))


@pytest.fixture
def variant(db):
    return ProductFactory(variants=[(350_000, 2)]).variants[0]


def pay_by(client, variant, method="qris"):
    """A customer's checkout for one piece by `method`: its Snap transaction made and its page seen."""
    login(client, UserFactory())
    add(client, variant, 1)
    response = place(client, method=method)
    assert response.status_code == 302, response.get_data(as_text=True)
    client.get(response.headers["Location"])
    payment = _db.session.scalar(select(Payment))
    assert payment.reference and payment.snap_token
    return payment


def notify(client, midtrans, payment, **changes):
    response = client.post(NOTIFICATION, data=midtrans.notification(payment.reference, **changes),
                           headers={"Content-Type": "application/json"})
    return response


def outcome(client, midtrans, payment) -> str:
    response = notify(client, midtrans, payment)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["outcome"]


def order_of(payment) -> Order:
    return current(Order, checkout_id=payment.checkout_id)


def test_midtrans_channels_are_offered_only_with_its_keys_and_as_configured(app, client, variant):
    login(client, UserFactory())
    add(client, variant, 1)
    page = client.get("/checkout").get_data(as_text=True)
    assert all(f'value="{name}"' in page for name in ("qris", "gopay", "bca_va", "mandiri_va", "alfamart"))
    app.config["MIDTRANS_METHODS"] = ("qris",)
    page = client.get("/checkout").get_data(as_text=True)
    assert 'value="qris"' in page and 'value="bca_va"' not in page
    assert place(client, method="bca_va").status_code == 200  # refused: not offered
    app.config["MIDTRANS_SERVER_KEY"] = None
    page = client.get("/checkout").get_data(as_text=True)
    assert 'value="qris"' not in page and 'value="bank_transfer"' in page  # the transfer stays
    assert _db.session.scalar(select(func.count(Payment.id))) == 0


def test_an_unknown_channel_in_the_settings_stops_the_app_at_start():
    from config import Config

    with pytest.raises(RuntimeError, match="MIDTRANS_METHODS"):
        Config({"MIDTRANS_METHODS": "qris,dana"})
    assert Config({"MIDTRANS_METHODS": " QRIS , bca_va"}).MIDTRANS_METHODS == ("qris", "bca_va")


def test_the_snap_transaction_asks_the_exact_amount_on_the_chosen_channel_until_the_reservation_ends(
        client, midtrans, variant, app):
    payment = pay_by(client, variant, "qris")
    snap = midtrans.only().snap
    assert snap["transaction_details"] == {"order_id": payment.reference, "gross_amount": payment.amount}
    assert sum(item["price"] * item["quantity"] for item in snap["item_details"]) == payment.amount
    assert snap["enabled_payments"] == ["other_qris"]
    assert snap["expiry"] == {"unit": "minute", "duration": app.config["CARD_RESERVATION_MINUTES"]}
    assert snap["customer_details"]["email"] == payment.checkout.buyer.email
    assert snap["callbacks"]["finish"].startswith(app.config["PUBLIC_URL"])


def test_the_pay_page_loads_snap_js_from_the_setting_and_links_to_snap_without_javascript(
        client, midtrans, variant):
    payment = pay_by(client, variant, "gopay")
    page = client.get(f"/checkouts/{payment.checkout_id}").get_data(as_text=True)
    assert f'<script src="{midtrans.base_url}/snap/snap.js" data-client-key="{CLIENT_KEY}">' in page
    assert f'href="{payment.redirect_url}"' in page and f'data-token="{payment.snap_token}"' in page
    assert "<script>" not in page  # no inline script: the CSP forbids it


def test_a_qris_payment_is_paid_once_midtrans_confirms_a_signed_notification(client, midtrans, variant, app):
    payment = pay_by(client, variant, "qris")
    midtrans.set_status(payment.reference, "settlement")
    # Midtrans has the money, but nothing is paid until its notification arrives (or reconciliation).
    assert current(Payment, id=payment.id).status == PaymentStatus.PENDING
    assert outcome(client, midtrans, payment) == "paid"
    assert current(Payment, id=payment.id).status == PaymentStatus.PAID
    assert order_of(payment).status == OrderStatus.PAID
    assert reserved(variant.id) == 1  # still promised to the paid order until it ships
    assert ("GET", f"/v2/{payment.reference}/status") in midtrans.requests  # asked, not believed
    assert any("BNY-" in message["Subject"] for message in app.extensions["mail_outbox"])


def test_a_virtual_account_paid_after_the_browser_closed_is_paid_by_the_notification_alone(
        client, midtrans, variant, live_server):
    payment = pay_by(client, variant, "bca_va")
    assert midtrans.only().snap["enabled_payments"] == ["bca_va"]
    midtrans.choose(payment.reference)
    assert midtrans.notify(f"{live_server}{NOTIFICATION}", payment.reference) == \
        (200, {"received": True, "outcome": "recorded"})
    # Hours later, at an ATM: the buyer never comes back to the site.
    midtrans.set_status(payment.reference, "settlement")
    assert midtrans.notify(f"{live_server}{NOTIFICATION}", payment.reference)[1]["outcome"] == "paid"
    assert order_of(payment).status == OrderStatus.PAID


@pytest.mark.parametrize("status", ["expire", "deny", "cancel", "failure"])
def test_an_expired_denied_or_failed_transaction_cancels_the_checkout_and_frees_the_stock(
        client, midtrans, variant, status):
    payment = pay_by(client, variant, "shopeepay")
    midtrans.set_status(payment.reference, status)
    assert outcome(client, midtrans, payment) == "failed"
    assert current(Payment, id=payment.id).status == PaymentStatus.FAILED
    assert order_of(payment).status == OrderStatus.CANCELLED
    assert reserved(variant.id) == 0
    assert f'href="/products/{variant.product_id}"' in client.get("/cart").get_data(as_text=True)


def test_a_card_capture_pays_only_once_the_fraud_check_accepts_it(client, midtrans, variant):
    payment = pay_by(client, variant, "qris")
    midtrans.set_status(payment.reference, "capture", fraud_status="challenge")
    assert outcome(client, midtrans, payment) == "recorded"
    midtrans.set_status(payment.reference, "capture", fraud_status="accept")
    assert outcome(client, midtrans, payment) == "paid"


def test_duplicate_and_out_of_order_notifications_take_effect_once(client, midtrans, variant):
    payment = pay_by(client, variant, "qris")
    midtrans.choose(payment.reference)
    stale_pending = midtrans.notification(payment.reference)
    midtrans.set_status(payment.reference, "settlement")
    assert [outcome(client, midtrans, payment) for _ in range(2)] == ["paid", "duplicate"]
    # The pending notification arrives last: Midtrans says settlement, which was applied already.
    late = client.post(NOTIFICATION, data=stale_pending, headers={"Content-Type": "application/json"})
    assert (late.status_code, late.get_json()["outcome"]) == (200, "duplicate")
    # A move backwards (paid, then expired) changes nothing.
    midtrans.set_status(payment.reference, "expire")
    assert outcome(client, midtrans, payment) == "already settled"
    assert order_of(payment).status == OrderStatus.PAID and reserved(variant.id) == 1
    assert [event.to_status for event in order_of(payment).events].count(OrderStatus.PAID) == 1


@pytest.mark.parametrize("forgery", [
    {"server_key": "SB-Mid-server-someone-else"},
    {"gross_amount": "1000.00"},  # signed for the real amount, then changed
    {"signature_key": ""},
])
def test_a_forged_notification_is_refused_and_changes_nothing(client, midtrans, variant, forgery):
    payment = pay_by(client, variant, "qris")
    midtrans.set_status(payment.reference, "settlement")
    response = notify(client, midtrans, payment, **forgery)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_signature"
    assert current(Payment, id=payment.id).status == PaymentStatus.PENDING
    assert _db.session.scalar(select(func.count(PaymentEvent.id))) == 0


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"order_id": 1}'])
def test_a_notification_that_is_not_one_is_refused(client, midtrans, body):
    response = client.post(NOTIFICATION, data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400


@pytest.mark.parametrize("tampered", [{"gross_amount": 1_000}, {"currency": "USD"}])
def test_an_amount_or_currency_that_differs_does_not_pay(client, midtrans, variant, tampered):
    payment = pay_by(client, variant, "qris")
    midtrans.set_status(payment.reference, "settlement", **tampered)
    assert outcome(client, midtrans, payment) == "amount mismatch"
    assert current(Payment, id=payment.id).status == PaymentStatus.PENDING
    assert order_of(payment).status == OrderStatus.AWAITING_PAYMENT


def paid(client, midtrans, variant, method):
    payment = pay_by(client, variant, method)
    midtrans.set_status(payment.reference, "settlement")
    assert outcome(client, midtrans, payment) == "paid"
    return payment


def test_a_partial_refund_goes_back_through_midtrans_once(client, midtrans, variant, runner, admin):
    payment = paid(client, midtrans, variant, "qris")
    number = order_of(payment).number
    result = runner.invoke(args=["payments", "refund", number, "100000", "--reason", "Sebagian",
                                 "--by", admin.email])
    assert result.exit_code == 0, result.output
    (given,) = midtrans.only().refunds
    record = current(Refund, payment_id=payment.id)
    assert (given["refund_amount"], str(given["refund_chargeback_id"])) == ("100000.00", record.reference)
    assert given["refund_key"] == f"{payment.reference}-refund-{record.id}"
    # Midtrans then notifies the partial refund: it is ours, already recorded.
    assert outcome(client, midtrans, payment) == "already settled"
    assert refunds.refunded_so_far(order_of(payment)) == 100_000
    assert order_of(payment).status == OrderStatus.PAID


def test_a_refund_made_in_the_midtrans_dashboard_is_applied_once(client, midtrans, variant):
    payment = paid(client, midtrans, variant, "gopay")
    order = order_of(payment)
    midtrans.refund_at_dashboard(payment.reference, order.total)
    assert [outcome(client, midtrans, payment) for _ in range(2)] == ["refunded", "duplicate"]
    assert refunds.refunded_so_far(order_of(payment)) == order.total
    assert order_of(payment).status == OrderStatus.CANCELLED  # not shipped: the cloth is back on sale
    assert reserved(variant.id) == 0
    (record,) = _db.session.scalars(select(Refund)).all()
    assert record.reference == str(midtrans.only().refunds[0]["refund_chargeback_id"])
    assert "refunded at Midtrans" in [event.note for event in order_of(payment).events]


def test_a_virtual_account_refund_is_recorded_for_the_agency_to_send_by_hand(
        client, midtrans, variant, runner, admin):
    payment = paid(client, midtrans, variant, "bni_va")
    result = runner.invoke(args=["payments", "refund", order_of(payment).number, "50000", "--reason",
                                 "Kurang satu", "--by", admin.email])
    assert result.exit_code == 0, result.output
    assert current(Refund, payment_id=payment.id).reference is None
    assert midtrans.only().refunds == []
    assert not any(path.endswith("/refund") for _method, path in midtrans.requests)


def test_reconcile_applies_what_midtrans_says_when_a_notification_was_missed(
        client, midtrans, variant, runner):
    payment = pay_by(client, variant, "qris")
    assert "nothing to change" in runner.invoke(args=["payments", "reconcile"]).output  # not chosen yet
    midtrans.set_status(payment.reference, "settlement")  # no notification sent
    result = runner.invoke(args=["payments", "reconcile"])
    assert "1 paid" in result.output, result.output
    assert current(Payment, id=payment.id).status == PaymentStatus.PAID
    assert "nothing to change" in runner.invoke(args=["payments", "reconcile"]).output


def test_the_scheduled_reconciliation_asks_midtrans_too(client, midtrans, variant):
    from marketplace.schedule import tasks

    payment = pay_by(client, variant, "permata_va")
    midtrans.set_status(payment.reference, "expire")
    assert tasks.reconcile_payments() == {"failed": 1}
    assert current(Variant, id=variant.id).stock_reserved == 0


def test_a_notification_is_not_taken_without_midtrans_keys(app, client, midtrans, variant):
    payment = pay_by(client, variant, "qris")
    midtrans.set_status(payment.reference, "settlement")
    app.config["MIDTRANS_SERVER_KEY"] = None
    assert notify(client, midtrans, payment).status_code == 404
    assert current(Payment, id=payment.id).status == PaymentStatus.PENDING


def test_midtrans_out_of_reach_at_checkout_leaves_a_try_again_button(app, client, variant, midtrans):
    app.config["MIDTRANS_API_BASE"] = "http://127.0.0.1:9"
    login(client, UserFactory())
    add(client, variant, 1)
    page = client.get(place(client, method="qris").headers["Location"]).get_data(as_text=True)
    assert "Midtrans" in page and 'action="/checkouts/' in page
    payment = _db.session.scalar(select(Payment))
    assert payment.snap_token is None and payment.status == PaymentStatus.PENDING
    app.config["MIDTRANS_API_BASE"] = midtrans.base_url
    client.post(f"/checkouts/{payment.checkout_id}/card", data={"csrf_token": _csrf(page)})
    assert current(Payment, id=payment.id).redirect_url


def _csrf(page: str) -> str:
    import re

    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.mark.postgres_only
def test_thirty_notifications_at_once_give_one_payment(app, client, midtrans, variant):
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency guarantees are shown on PostgreSQL (set TEST_DATABASE_URL)")
    payment = pay_by(client, variant, "qris")
    midtrans.set_status(payment.reference, "settlement")
    body, outcomes, start = midtrans.notification(payment.reference), [], threading.Barrier(30)

    def send():
        start.wait()
        response = app.test_client().post(NOTIFICATION, data=body,
                                          headers={"Content-Type": "application/json"})
        outcomes.append(response.get_json()["outcome"])

    threads = [threading.Thread(target=send) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate"] * 29 + ["paid"]
    assert [event.to_status for event in order_of(payment).events].count(OrderStatus.PAID) == 1
    assert _db.session.scalar(select(func.count(PaymentEvent.id))) == 1
