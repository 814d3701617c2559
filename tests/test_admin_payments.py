"""Admins handle the money from /admin/payments and /admin/orders/<id>: bank transfers are confirmed
next to the customer's receipt, card payments show their Stripe state and can be checked with Stripe
(localstripe here), orders are refunded in full or in part. Each action is audited; curators are
kept out."""

import io
import re
from datetime import datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.admin import payment_routes
from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.orders import payment_actions
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus, Refund
from tests.factories import ProductFactory, UserFactory
from tests.helpers import image_upload, login, post_form, post_multipart
from tests.localstripe_server import stripe_client_for
from tests.test_card_payments import confirm
from tests.test_checkout import add, place


@pytest.fixture
def admin(admin, client):
    """The agency's admin, logged in on `client` for every test here."""
    login(client, admin)
    return admin


def transfer_checkout(app, price=350_000, quantity=2, receipt=False) -> Payment:
    """A customer's bank-transfer checkout (Rp 25.000 shipping for 2 pieces), optionally with a receipt."""
    customer = app.test_client()
    login(customer, UserFactory(name="Dewi Lestari"))
    add(customer, ProductFactory(variants=[(price, 5)]).variants[0], quantity)
    place(customer)
    payment = _db.session.scalar(select(Payment).order_by(Payment.id.desc()))
    if receipt:
        path = f"/checkouts/{payment.checkout_id}"
        response = post_multipart(customer, f"{path}/receipt", {"receipt": image_upload(jpeg(), "struk.jpg")},
                                  page=path)
        assert response.status_code == 302
        _db.session.refresh(payment)
        assert payment.receipt_key
    return payment


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (240, 240, 235)).save(buffer, "JPEG")
    return buffer.getvalue()


def paid_order(app, admin_user) -> Order:
    """An order for 2 pieces at Rp 350.000 plus Rp 25.000 shipping (Rp 725.000), paid by transfer."""
    payment = transfer_checkout(app)
    payment_actions.confirm_transfer(payment, admin_user)
    _db.session.commit()
    return _db.session.scalar(select(Order).where(Order.checkout_id == payment.checkout_id))


def audit(action) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(_db.session.scalars(query))


def refunds_total() -> int:
    return _db.session.scalar(select(func.coalesce(func.sum(Refund.amount), 0)))


def followed(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_transfers_waiting_for_confirmation_come_first_with_their_receipt(app, client, admin):
    settled = paid_order(app, admin)
    waiting = transfer_checkout(app, receipt=True)
    page = client.get("/admin/payments").get_data(as_text=True)
    settled_link = f'href="/admin/payments/{settled.checkout.payment.id}"'
    assert page.index(f'href="/admin/payments/{waiting.id}"') < page.index(settled_link)
    receipt_url = f"/checkouts/{waiting.checkout_id}/receipt"
    assert f'src="{receipt_url}"' in page and "Dewi Lestari" in page
    assert client.get(receipt_url).headers["Content-Type"] == "image/jpeg"
    detail = client.get(f"/admin/payments/{waiting.id}").get_data(as_text=True)
    assert f'src="{receipt_url}"' in detail and "Konfirmasi transfer diterima" in detail


def test_payments_filter_by_method_and_status(app, client, admin):
    paid = paid_order(app, admin).checkout.payment
    waiting = transfer_checkout(app)
    only_paid = client.get("/admin/payments?status=paid&method=bank_transfer").get_data(as_text=True)
    assert f'href="/admin/payments/{paid.id}"' in only_paid
    assert f'href="/admin/payments/{waiting.id}"' not in only_paid
    cards = client.get("/admin/payments?method=card").get_data(as_text=True)
    assert f'href="/admin/payments/{paid.id}"' not in cards and "Tidak ada pembayaran yang cocok" in cards
    assert client.get("/admin/payments?status=bogus").status_code == 200


def test_confirming_a_transfer_pays_the_orders_tells_everyone_and_is_audited(app, client, admin, outbox):
    payment = transfer_checkout(app, receipt=True)
    page = followed(client, post_form(client, f"/admin/payments/{payment.id}/confirm", {},
                                      page=f"/admin/payments/{payment.id}"))
    assert "Transfer dikonfirmasi" in page
    _db.session.expire_all()
    assert payment.status == PaymentStatus.PAID and payment.confirmed_by_id == admin.id
    assert {order.status for order in payment.checkout.orders} == {OrderStatus.PAID}
    subjects = [message["Subject"] for message in outbox]
    assert "Pembayaran diterima" in subjects
    assert any(subject.startswith("Pesanan baru") for subject in subjects)
    [entry] = audit("payment.confirm")
    assert (entry.actor_name, entry.target_id) == ("Admin Dinas", str(payment.id))
    assert (entry.before["status"], entry.after["status"]) == ("pending", "paid")
    assert entry.after["amount"] == 725_000


def test_confirming_twice_answers_that_it_is_done_and_changes_nothing(app, client, admin, outbox):
    payment = transfer_checkout(app)
    path = f"/admin/payments/{payment.id}"
    post_form(client, f"{path}/confirm", {}, page=path)
    sent = len(outbox)
    page = followed(client, post_form(client, f"{path}/confirm", {}, page=path))
    assert "Transfer ini sudah dikonfirmasi" in page
    assert len(audit("payment.confirm")) == 1 and len(outbox) == sent


def test_a_card_payment_is_never_confirmed_as_a_transfer(app, client, admin):
    payment = transfer_checkout(app)
    payment.method = PaymentMethod.CARD
    _db.session.commit()
    path = f"/admin/payments/{payment.id}"
    assert "sudah selesai sebelumnya" in followed(client, post_form(client, f"{path}/confirm", {}, page=path))
    assert _db.session.get(Payment, payment.id, populate_existing=True).status == PaymentStatus.PENDING


def test_curators_cannot_reach_the_money(app, client, db):
    admin_user = UserFactory(roles=[Role.ADMIN])
    order = paid_order(app, admin_user)
    waiting = transfer_checkout(app)
    login(client, UserFactory(roles=[Role.CURATOR]))
    assert "/admin/payments" not in client.get("/admin/").get_data(as_text=True)
    assert client.get("/admin/payments").status_code == 403
    assert client.get(f"/admin/orders/{order.id}").status_code == 403
    assert post_form(client, f"/admin/payments/{waiting.id}/confirm", {}, page="/").status_code == 403
    assert post_form(client, f"/admin/orders/{order.id}/refund", {"amount": "1000", "reason": "x"},
                     page="/").status_code == 403
    assert _db.session.get(Payment, waiting.id, populate_existing=True).status == PaymentStatus.PENDING
    assert refunds_total() == 0


def refund(client, order, amount, reason="Warna sedikit berbeda dari foto"):
    path = f"/admin/orders/{order.id}"
    return post_form(client, f"{path}/refund", {"amount": amount, "reason": reason}, page=path)


def test_a_partial_then_the_remaining_refund_of_a_transfer(app, client, admin, outbox):
    order = paid_order(app, admin)
    page = followed(client, refund(client, order, "Rp 100.000"))
    assert "Rp 100.000 dari pesanan" in page and "Rp 625.000" in page  # what is still refundable
    _db.session.expire_all()
    assert order.status == OrderStatus.PAID and refunds_total() == 100_000
    assert f"Pengembalian dana pesanan {order.number}" in [message["Subject"] for message in outbox]
    [entry] = audit("order.refund")
    assert entry.target_label == order.number and entry.reason == "Warna sedikit berbeda dari foto"
    assert (entry.before["refunded"], entry.after["refunded"], entry.after["amount"]) == (0, 100_000, 100_000)
    followed(client, refund(client, order, "625000", "Pembeli membatalkan"))
    _db.session.expire_all()
    assert order.status == OrderStatus.CANCELLED and refunds_total() == 725_000
    assert "Semua yang dibayar untuk pesanan ini sudah dikembalikan" in client.get(
        f"/admin/orders/{order.id}").get_data(as_text=True)


@pytest.mark.parametrize(("amount", "message"), [
    ("0", "Isi angka dari 1 sampai"),
    ("-5", "Masukkan jumlah dalam rupiah bulat"),
    ("banyak", "Masukkan jumlah dalam rupiah bulat"),
    ("", "Masukkan jumlah yang dikembalikan"),
    ("725001", "paling banyak Rp 725.000"),
])
def test_a_bad_refund_amount_is_a_form_error_and_refunds_nothing(app, client, admin, outbox, amount, message):
    order = paid_order(app, admin)
    sent = len(outbox)
    response = refund(client, order, amount)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert refunds_total() == 0 and audit("order.refund") == [] and len(outbox) == sent


def test_more_than_what_is_left_after_an_earlier_refund_is_refused(app, client, admin):
    order = paid_order(app, admin)
    refund(client, order, "700000")
    response = refund(client, order, "25001")
    assert "paling banyak Rp 25.000" in response.get_data(as_text=True)
    assert refunds_total() == 700_000


def test_a_refund_needs_a_reason(app, client, admin):
    order = paid_order(app, admin)
    response = refund(client, order, "10000", reason="  ")
    assert "Tulis alasan pengembalian dana" in response.get_data(as_text=True)
    assert refunds_total() == 0


def test_an_unpaid_order_has_nothing_to_refund(app, client, admin):
    payment = transfer_checkout(app)
    order = payment.checkout.orders[0]
    assert "Belum ada yang dibayar" in client.get(f"/admin/orders/{order.id}").get_data(as_text=True)
    response = refund(client, order, "10000")
    assert response.status_code == 200 and "tidak memiliki pembayaran" in response.get_data(as_text=True)
    assert refunds_total() == 0


def test_pages_of_missing_records_are_404(client, admin):
    for path in ("/admin/payments/99999", "/admin/orders/99999"):
        assert client.get(path).status_code == 404
    assert post_form(client, "/admin/payments/99999/confirm", {}, page="/").status_code == 404


def card_payment(card_app) -> Payment:
    customer = card_app.test_client()
    login(customer, UserFactory())
    add(customer, ProductFactory(variants=[(350_000, 2)]).variants[0], 1)
    customer.get(place(customer, method="card").headers["Location"])  # creates the PaymentIntent
    return _db.session.scalar(select(Payment))


def test_a_card_payment_shows_its_stripe_state_and_a_missed_webhook_is_caught_up(card_app, localstripe):
    payment = card_payment(card_app)
    admin_client = card_app.test_client()
    login(admin_client, UserFactory(roles=[Role.ADMIN]))
    path = f"/admin/payments/{payment.id}"
    detail = admin_client.get(path).get_data(as_text=True)
    assert payment.reference in detail and "Menunggu pembayaran" in detail
    still_open = followed(admin_client, post_form(admin_client, f"{path}/check", {}, page=path))
    assert "Menurut Stripe: requires_payment_method" in still_open
    assert "pembeli masih bisa membayar" in still_open
    assert audit("payment.reconcile") == []
    confirm(localstripe, payment.reference, "pm_card_visa")  # paid at Stripe; no webhook registered
    page = followed(admin_client, post_form(admin_client, f"{path}/check", {}, page=path))
    assert "Menurut Stripe: succeeded, Rp 375.000 (IDR)" in page
    assert _db.session.get(Payment, payment.id, populate_existing=True).status == PaymentStatus.PAID
    assert [entry.after["stripe_status"] for entry in audit("payment.reconcile")] == ["succeeded"]
    assert "Pembayaran diterima" in [message["Subject"] for message in card_app.extensions["mail_outbox"]]


def test_a_card_order_is_refunded_through_stripe_from_the_admin_page(card_app, localstripe):
    payment = card_payment(card_app)
    confirm(localstripe, payment.reference, "pm_card_visa")
    with card_app.test_request_context():
        from marketplace.payments import stripe_gateway

        payment_actions.reconcile_card_payments(stripe_gateway.intent_state)
    _db.session.commit()
    order = payment.checkout.orders[0]
    admin_client = card_app.test_client()
    login(admin_client, UserFactory(roles=[Role.ADMIN]))
    followed(admin_client, refund(admin_client, order, "50000"))
    record = _db.session.scalar(select(Refund))
    assert record.reference.startswith("re_")
    with stripe_client_for(localstripe.base_url) as stripe_client:
        assert stripe_client.v1.refunds.retrieve(record.reference).amount == 50_000 * 100
    assert audit("order.refund")[0].after["reference"] == record.reference


def test_a_page_past_the_last_payment_says_how_many_there_are(app, client, admin):
    paid_order(app, admin)
    page = client.get("/admin/payments?page=5").get_data(as_text=True)
    assert "1 pembayaran" in page and "Tidak ada pembayaran yang cocok" in page


def listed_payment_ids(page: str) -> list[int]:
    return list(dict.fromkeys(int(found) for found in re.findall(r'href="/admin/payments/(\d+)"', page)))


def test_waiting_transfers_come_first_across_pages_then_the_newest_payments(app, client, admin, monkeypatch):
    monkeypatch.setattr(payment_routes, "PER_PAGE", 2)
    waiting = [transfer_checkout(app) for _ in range(3)]
    settled = [paid_order(app, admin).checkout.payment for _ in range(2)]
    # the waiting transfers are the oldest: the rule, not their date, puts them first
    for days, payment in enumerate(waiting + settled):
        payment.created_at = datetime(2026, 1, 1) + timedelta(days=days)
    _db.session.commit()
    shown = []
    for number in (1, 2, 3):
        page = client.get(f"/admin/payments?page={number}").get_data(as_text=True)
        assert "5 pembayaran" in page
        shown += listed_payment_ids(page)
    assert shown == [payment.id for payment in (waiting[2], waiting[1], waiting[0], settled[1], settled[0])]
    only_waiting = client.get("/admin/payments?status=pending&page=2").get_data(as_text=True)
    assert "3 pembayaran" in only_waiting and listed_payment_ids(only_waiting) == [waiting[0].id]
