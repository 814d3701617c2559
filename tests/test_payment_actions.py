"""Each money action runs the same story whichever door calls it: the admin page, the API, the
command line, the card processor's webhook or the scheduled job. A door that forgot a follow-up
(an email to the buyer or the artisan, the audit entry, the cart given back) fails here."""

import json
import time

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditEntry
from marketplace.extensions import db as _db
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentStatus, Refund
from marketplace.schedule import tasks
from tests.api_support import Api
from tests.factories import ProductFactory, UserFactory
from tests.helpers import counted_queries, login, post_form
from tests.test_admin_payments import paid_order, transfer_checkout
from tests.test_card_payments import confirm, deliver, event
from tests.test_checkout import add, place


def audits(action: str) -> int:
    return _db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


def recipients(outbox) -> list[str]:
    return sorted(message["To"] for message in outbox)


def _confirm_on_page(app, admin, payment):
    client = app.test_client()
    login(client, admin)
    path = f"/admin/payments/{payment.id}"
    return post_form(client, f"{path}/confirm", {}, page=path).status_code


def _confirm_by_api(app, admin, payment):
    return Api(app.test_client(), admin).post(f"/admin/payments/{payment.id}/confirm").status_code


def _confirm_by_command(app, admin, payment):
    result = app.test_cli_runner().invoke(
        args=["payments", "confirm-transfer", str(payment.checkout_id), "--by", admin.email])
    return 0 if result.exit_code == 0 else result.output


CONFIRM_DOORS = {"page": (_confirm_on_page, 302), "api": (_confirm_by_api, 200),
                 "command": (_confirm_by_command, 0)}


@pytest.mark.parametrize("door", CONFIRM_DOORS)
def test_confirming_a_transfer_tells_buyer_and_artisan_and_is_audited_through_every_door(
        app, admin, outbox, door):
    payment = transfer_checkout(app)
    buyer, artisan = payment.checkout.buyer.email, payment.checkout.orders[0].shop.owner.email
    outbox.clear()
    call, answer = CONFIRM_DOORS[door]
    assert call(app, admin, payment) == answer
    assert recipients(outbox) == sorted([buyer, artisan])
    assert audits("payment.confirm") == 1
    # A repeat (double tap, a second admin) answers with the current state and sends nothing more.
    assert call(app, admin, payment) == answer
    assert len(outbox) == 2 and audits("payment.confirm") == 1


def _refund_on_page(app, admin, order, amount):
    client = app.test_client()
    login(client, admin)
    path = f"/admin/orders/{order.id}"
    return post_form(client, f"{path}/refund", {"amount": str(amount), "reason": "Kain rusak"}, page=path)


def _refund_by_api(app, admin, order, amount):
    return Api(app.test_client(), admin).post(f"/admin/orders/{order.id}/refunds",
                                              json={"amount": amount, "reason": "Kain rusak"})


def _refund_by_command(app, admin, order, amount):
    return app.test_cli_runner().invoke(args=["payments", "refund", order.number, str(amount),
                                              "--reason", "Kain rusak", "--by", admin.email])


@pytest.mark.parametrize("door", [_refund_on_page, _refund_by_api, _refund_by_command],
                         ids=["page", "api", "command"])
def test_a_refund_tells_buyer_and_artisan_and_is_audited_through_every_door(app, admin, outbox, door):
    order = paid_order(app, admin)
    outbox.clear()
    door(app, admin, order, 100_000)
    assert _db.session.scalar(select(func.sum(Refund.amount))) == 100_000
    assert recipients(outbox) == sorted([order.buyer.email, order.shop.owner.email])
    assert audits("order.refund") == 1


# Card payments: the webhook, the reconciliation command and job, and an admin's check


@pytest.fixture
def app(card_app):
    return card_app


@pytest.fixture
def card_payment(app, db):
    buyer = app.test_client()
    login(buyer, UserFactory(email="dewi@contoh.id"))
    add(buyer, ProductFactory(variants=[(350_000, 2)]).variants[0], 1)
    place(buyer, method="card")
    payment = _db.session.scalar(select(Payment))
    assert payment.reference, "the intent is made once the checkout commits"
    payment.buyer_client = buyer
    return payment


def _by_webhook(app, admin, payment, result):
    if result == "paid":
        payload = event(payment)
    else:
        payload = event(payment, "payment_intent.payment_failed", status="requires_payment_method",
                        last_payment_error={"code": "card_declined"})
    assert deliver(app.test_client(), payload).status_code == 200


def _by_reconcile_command(app, admin, payment, result):
    assert app.test_cli_runner().invoke(args=["payments", "reconcile"]).exit_code == 0


def _by_reconcile_job(app, admin, payment, result):
    with app.app_context():
        tasks.reconcile_payments()


def _by_admin_check(app, admin, payment, result):
    client = app.test_client()
    login(client, admin)
    path = f"/admin/payments/{payment.id}"
    assert post_form(client, f"{path}/check", {}, page=path).status_code == 302


CARD_DOORS = {"webhook": _by_webhook, "reconcile command": _by_reconcile_command,
              "reconcile job": _by_reconcile_job, "admin check": _by_admin_check}


def _settle_at_processor(localstripe, payment, result):
    if result == "paid":
        confirm(localstripe, payment.reference, "pm_card_visa")
        return
    with pytest.raises(Exception, match="declined|fail"):
        confirm(localstripe, payment.reference, "pm_card_chargeCustomerFail")


@pytest.mark.parametrize("door", CARD_DOORS)
def test_a_paid_card_tells_buyer_and_artisan_through_every_door(app, admin, localstripe, card_payment,
                                                               outbox, door):
    _settle_at_processor(localstripe, card_payment, "paid")
    outbox.clear()
    CARD_DOORS[door](app, admin, card_payment, "paid")
    _db.session.expire_all()
    assert _db.session.get(Payment, card_payment.id).status == PaymentStatus.PAID
    artisan = card_payment.checkout.orders[0].shop.owner.email
    assert recipients(outbox) == sorted(["dewi@contoh.id", artisan])
    assert audits("payment.reconcile") == (1 if door == "admin check" else 0)


@pytest.mark.parametrize("door", CARD_DOORS)
def test_a_declined_card_puts_the_cloth_back_in_the_cart_and_tells_the_buyer_through_every_door(
        app, admin, localstripe, card_payment, outbox, door):
    _settle_at_processor(localstripe, card_payment, "failed")
    outbox.clear()
    CARD_DOORS[door](app, admin, card_payment, "failed")
    _db.session.expire_all()
    assert _db.session.get(Payment, card_payment.id).status == PaymentStatus.FAILED
    assert recipients(outbox) == ["dewi@contoh.id"]
    assert "Pembayaran Anda tidak berhasil" in outbox[0]["Subject"]
    cart = card_payment.buyer_client.get("/cart").get_data(as_text=True)
    assert f'href="/products/{card_payment.checkout.orders[0].lines[0].product_id}"' in cart


def test_looking_at_a_card_checkout_writes_nothing(app, card_payment):
    with counted_queries() as statements:
        page = card_payment.buyer_client.get(f"/checkouts/{card_payment.checkout_id}")
    assert page.status_code == 200 and "data-secret" in page.get_data(as_text=True)
    writes = [sql for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def _charge_refunded(payment, event_id, refunds):
    body = {"id": event_id, "object": "event", "type": "charge.refunded", "created": int(time.time()),
            "data": {"object": {"id": "ch_1", "object": "charge", "payment_intent": payment.reference,
                                "amount_refunded": sum(amount for _id, amount in refunds) * 100,
                                "refunds": {"object": "list", "data": [
                                    {"id": refund_id, "object": "refund", "amount": amount * 100,
                                     "created": position} for position, (refund_id, amount)
                                    in enumerate(refunds)]}}}}
    return json.dumps(body).encode()


def test_a_refund_made_at_the_card_processor_is_applied_to_order_stock_and_emails_once(
        app, localstripe, card_payment, outbox):
    client = app.test_client()
    assert deliver(client, event(card_payment)).get_json()["outcome"] == "paid"
    outbox.clear()
    full = card_payment.amount
    answer = deliver(client, _charge_refunded(card_payment, "evt_r1", [("re_1", full)])).get_json()
    assert answer["outcome"] == "refunded"
    # The same refund again, in a later event of the same charge: nothing more is given back.
    again = deliver(client, _charge_refunded(card_payment, "evt_r2", [("re_1", full)])).get_json()
    assert again["outcome"] == "already settled"
    _db.session.expire_all()
    order = _db.session.scalar(select(Order))
    assert order.status == OrderStatus.CANCELLED  # not shipped: cancelled, its unit back on sale
    assert _db.session.scalar(select(func.sum(Refund.amount))) == full
    assert order.lines[0].variant.stock_reserved == 0
    assert recipients(outbox) == sorted(["dewi@contoh.id", order.shop.owner.email])
