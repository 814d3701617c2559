"""An admin's "check with Midtrans" on a payment's page, and the same reconciliation through every
door that offers it (the notification, the command, the scheduled job, the admin's check): each
applies what Midtrans says once, tells the same people, and only the admin's check is audited."""

import pytest
from sqlalchemy import select

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.products.models import Variant
from marketplace.schedule import tasks
from tests.factories import ProductFactory, UserFactory
from tests.helpers import login, post_form
from tests.midtrans_server import app_settings
from tests.test_admin_payments import followed
from tests.test_midtrans import notify, pay_by
from tests.test_payment_actions import audits, recipients


@pytest.fixture
def app(make_app, midtrans):
    return make_app(**app_settings(midtrans))


@pytest.fixture
def variant(db):
    return ProductFactory(variants=[(350_000, 2)]).variants[0]


@pytest.fixture
def admin_client(app):
    client = app.test_client()
    login(client, UserFactory(roles=[Role.ADMIN]))
    return client


def check(admin_client, payment) -> str:
    path = f"/admin/payments/{payment.id}"
    return followed(admin_client, post_form(admin_client, f"{path}/check", {}, page=path))


def current(payment) -> Payment:
    return _db.session.get(Payment, payment.id, populate_existing=True)


def test_the_payment_page_offers_the_midtrans_check_only_with_midtrans_keys(app, client, midtrans, variant,
                                                                            admin_client):
    payment = pay_by(client, variant)
    page = admin_client.get(f"/admin/payments/{payment.id}").get_data(as_text=True)
    assert "Periksa ke Midtrans" in page and "ID pesanan Midtrans" in page and payment.reference in page
    assert "Periksa ke Stripe" not in page
    app.config["MIDTRANS_SERVER_KEY"] = None
    page = admin_client.get(f"/admin/payments/{payment.id}").get_data(as_text=True)
    assert "Periksa ke Midtrans" not in page
    assert "Hanya pembayaran dengan transaksi Midtrans" in check(admin_client, payment)
    assert midtrans.requests.count(("GET", f"/v2/{payment.reference}/status")) == 0


def test_the_check_says_what_midtrans_says_and_applies_a_payment_the_notification_missed(
        app, client, midtrans, variant, admin_client):
    payment = pay_by(client, variant)
    not_chosen = check(admin_client, payment)
    assert "pembeli belum memilih cara membayar" in not_chosen
    midtrans.choose(payment.reference)
    pending = check(admin_client, payment)
    assert "Menurut Midtrans: pending, Rp 375.000 (IDR)" in pending
    assert "pembeli masih bisa membayar" in pending
    assert current(payment).status == PaymentStatus.PENDING and audits("payment.reconcile") == 0

    midtrans.set_status(payment.reference, "settlement")  # paid; the notification never came
    paid = check(admin_client, payment)
    assert "Menurut Midtrans: settlement, Rp 375.000 (IDR)" in paid
    assert current(payment).status == PaymentStatus.PAID and audits("payment.reconcile") == 1
    again = check(admin_client, payment)
    assert "pembayaran sudah selesai sebelumnya" in again
    assert audits("payment.reconcile") == 1


def test_the_check_refuses_an_amount_midtrans_has_different(app, client, midtrans, variant, admin_client):
    payment = pay_by(client, variant)
    midtrans.set_status(payment.reference, "settlement", gross_amount=1_000)
    page = check(admin_client, payment)
    assert "jumlah di Midtrans berbeda dari total pembelian" in page
    assert current(payment).status == PaymentStatus.PENDING


def test_the_check_says_so_when_midtrans_cannot_be_reached(app, client, midtrans, variant, admin_client):
    payment = pay_by(client, variant)
    app.config["MIDTRANS_API_BASE"] = "http://127.0.0.1:9"  # nothing listens there
    assert "Midtrans tidak dapat dihubungi" in check(admin_client, payment)
    assert current(payment).status == PaymentStatus.PENDING


def _by_notification(app, client, midtrans, payment):
    assert notify(client, midtrans, payment).status_code == 200


def _by_reconcile_command(app, client, midtrans, payment):
    assert app.test_cli_runner().invoke(args=["payments", "reconcile"]).exit_code == 0


def _by_reconcile_job(app, client, midtrans, payment):
    with app.app_context():
        tasks.reconcile_payments()


def _by_admin_check(app, client, midtrans, payment):
    admin = app.test_client()
    login(admin, UserFactory(roles=[Role.ADMIN]))
    path = f"/admin/payments/{payment.id}"
    assert post_form(admin, f"{path}/check", {}, page=path).status_code == 302


DOORS = {"notification": _by_notification, "reconcile command": _by_reconcile_command,
         "reconcile job": _by_reconcile_job, "admin check": _by_admin_check}


@pytest.mark.parametrize("door", DOORS)
def test_a_settled_midtrans_payment_is_paid_and_told_through_every_door(app, client, midtrans, variant,
                                                                       outbox, door):
    payment = pay_by(client, variant)
    midtrans.set_status(payment.reference, "settlement")
    outbox.clear()
    DOORS[door](app, client, midtrans, payment)
    assert current(payment).status == PaymentStatus.PAID
    artisan = payment.checkout.orders[0].shop.owner.email
    assert recipients(outbox) == sorted([payment.checkout.buyer.email, artisan])
    assert audits("payment.reconcile") == (1 if door == "admin check" else 0)


@pytest.mark.parametrize("door", DOORS)
def test_an_expired_midtrans_payment_frees_the_cloth_through_every_door(app, client, midtrans, variant,
                                                                       outbox, door):
    payment = pay_by(client, variant)
    midtrans.set_status(payment.reference, "expire")
    outbox.clear()
    DOORS[door](app, client, midtrans, payment)
    assert current(payment).status in (PaymentStatus.EXPIRED, PaymentStatus.FAILED)
    assert _db.session.scalar(select(Variant.stock_reserved).where(Variant.id == variant.id)) == 0
    assert recipients(outbox) == [payment.checkout.buyer.email]
