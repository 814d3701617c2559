import csv
import io
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.extensions import utcnow
from marketplace.orders import refunds
from marketplace.orders import services as orders
from marketplace.orders.models import Checkout, Order, OrderEvent, OrderLine, OrderStatus
from marketplace.payments import ledger
from marketplace.payments.models import (
    AppendOnly,
    EntryKind,
    LedgerEntry,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.helpers import login, post_form
from tests.test_checkout import ADDRESS
from tests.test_refunds import no_card_refunds

S = OrderStatus


def make_order(*items, status=S.DELIVERED, placed=None, shipping=20_000, method=PaymentMethod.BANK_TRANSFER):
    """An order of `items` ((product, quantity), ...) of one shop, built directly in the state wanted."""
    shop, buyer = items[0][0].shop, UserFactory()
    lines = [OrderLine(variant_id=product.variants[0].id, product_id=product.id, title=product.title,
                       variant_name=product.variants[0].name, sku=product.variants[0].sku,
                       unit_price=product.variants[0].price, quantity=quantity,
                       line_total=product.variants[0].price * quantity) for product, quantity in items]
    subtotal = sum(line.line_total for line in lines)
    checkout = Checkout(buyer=buyer, token=secrets.token_hex(8), payment_method=method, subtotal=subtotal,
                        shipping_total=shipping, total=subtotal + shipping, **ADDRESS)
    placed = placed or utcnow()
    order = Order(checkout=checkout, shop_id=shop.id, buyer=buyer, status=status, subtotal=subtotal,
                  shipping_fee=shipping, total=subtotal + shipping, weight_grams=300, lines=lines,
                  created_at=placed)
    paid = status not in (S.AWAITING_PAYMENT, S.CANCELLED) and method != PaymentMethod.COD
    _db.session.add_all([checkout, order, Payment(
        checkout=checkout, method=method, amount=checkout.total,
        status=PaymentStatus.PAID if paid or status == S.COMPLETED else PaymentStatus.PENDING)])
    _db.session.flush()
    order.number = f"BNY-{placed.year}-{order.id:06d}"
    _db.session.commit()
    return order


def complete(order):
    orders.change_status(order, S.COMPLETED, order.buyer, "received")
    _db.session.commit()


def kinds(shop_id):
    return [(entry.kind, entry.amount) for entry in _db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.shop_id == shop_id).order_by(LedgerEntry.id))]


@pytest.fixture
def product(db):
    return ProductFactory(variants=[(350_000, 10)])


def test_a_completed_order_credits_its_total_once(product):
    order = make_order((product, 2))
    complete(order)
    assert kinds(order.shop_id) == [(EntryKind.SALE, 720_000)]
    assert ledger.credit_sale(order) is None  # a retried completion finds the sale already there
    _db.session.add(LedgerEntry(shop_id=order.shop_id, kind=EntryKind.SALE, amount=1, order_id=order.id))
    with pytest.raises(IntegrityError):
        _db.session.flush()
    _db.session.rollback()
    assert ledger.balance(order.shop_id) == 720_000


def test_commission_is_debited_with_the_sale_on_the_goods_only(app, product):
    app.config["COMMISSION_PERCENT"] = 2.5
    order = make_order((product, 1), (ProductFactory(shop=product.shop, variants=[(125_001, 2)]), 1))
    complete(order)
    # goods 475.001 at 2,5% = 11.875,025 -> 11.875; shipping carries no commission
    assert kinds(order.shop_id) == [(EntryKind.SALE, 495_001), (EntryKind.COMMISSION, -11_875)]
    assert ledger.balance(order.shop_id) == 483_126


def test_no_commission_entry_when_the_percentage_is_zero(product):
    complete(order := make_order((product, 1)))
    assert [kind for kind, _amount in kinds(order.shop_id)] == [EntryKind.SALE]


def test_a_refund_after_a_payout_is_debited_and_gives_the_commission_on_it_back(app, product, admin):
    app.config["COMMISSION_PERCENT"] = 10
    order = make_order((product, 2), shipping=30_000)  # goods 700.000, total 730.000
    complete(order)
    ledger.record_payout(order.shop, 660_000, "BSB-TRF-0001", admin)
    _db.session.commit()
    assert ledger.balance(order.shop_id) == 0
    refunds.refund(order, 365_000, "Satu kain rusak", admin, no_card_refunds)
    _db.session.commit()
    # commission 70.000; half the total refunded gives back 70.000 * 365.000 // 730.000 = 35.000
    assert kinds(order.shop_id)[-2:] == [(EntryKind.REFUND, -365_000), (EntryKind.COMMISSION, 35_000)]
    assert ledger.balance(order.shop_id) == -330_000
    assert order.status == S.COMPLETED


def test_a_refund_before_completion_is_taken_off_when_the_sale_is_credited(product, admin):
    order = make_order((product, 2))
    refunds.refund(order, 50_000, "Ongkir kemahalan", admin, no_card_refunds)
    _db.session.commit()
    assert kinds(order.shop_id) == []  # nothing credited yet, so nothing to take back
    complete(order)
    assert kinds(order.shop_id) == [(EntryKind.SALE, 720_000), (EntryKind.REFUND, -50_000)]


def test_a_full_refund_of_a_completed_order_leaves_nothing_owed(product, admin):
    order = make_order((product, 1))
    complete(order)
    refunds.refund(order, order.total, "Dikembalikan", admin, no_card_refunds)
    _db.session.commit()
    assert order.status == S.REFUNDED
    assert ledger.balance(order.shop_id) == 0


def test_cash_on_delivery_is_settled_at_once_leaving_only_the_commission(app, product):
    app.config["COMMISSION_PERCENT"] = 5
    order = make_order((product, 1), method=PaymentMethod.COD)
    complete(order)
    assert kinds(order.shop_id) == [(EntryKind.SALE, 370_000), (EntryKind.COMMISSION, -17_500),
                                    (EntryKind.PAYOUT, -370_000)]
    assert ledger.balance(order.shop_id) == -17_500


def test_a_payout_cannot_exceed_the_balance_due(product, admin):
    complete(order := make_order((product, 1)))
    with pytest.raises(ledger.PayoutOverBalance) as refused:
        ledger.record_payout(order.shop, 370_001, "BSB-1", admin)
    assert "Rp 370.000" in str(refused.value)
    for amount in (0, -1):
        with pytest.raises(ledger.AmountNotPositive):
            ledger.record_payout(order.shop, amount, "BSB-1", admin)
    entry = ledger.record_payout(order.shop, 370_000, " BSB-2 ", admin)
    assert (entry.amount, entry.reference, entry.actor_id) == (-370_000, "BSB-2", admin.id)
    assert ledger.balance(order.shop_id) == 0


def test_an_adjustment_needs_a_reason_and_may_be_either_sign(admin):
    shop = ShopFactory()
    with pytest.raises(ledger.ReasonRequired):
        ledger.record_adjustment(shop, 10_000, "  ", admin)
    with pytest.raises(ledger.AdjustmentIsZero):
        ledger.record_adjustment(shop, 0, "nol", admin)
    ledger.record_adjustment(shop, 25_000, "Ongkir yang ditanggung perajin", admin)
    ledger.record_adjustment(shop, -5_000, "Biaya transfer", admin)
    _db.session.commit()
    assert ledger.balance(shop.id) == 20_000


def test_entries_can_never_be_changed_or_deleted(product):
    complete(order := make_order((product, 1)))
    entry = _db.session.scalar(select(LedgerEntry))
    entry.amount = 1
    with pytest.raises(AppendOnly):
        _db.session.flush()
    _db.session.rollback()
    _db.session.delete(_db.session.scalar(select(LedgerEntry)))
    with pytest.raises(AppendOnly):
        _db.session.flush()
    _db.session.rollback()
    assert ledger.balance(order.shop_id) == 370_000


@pytest.mark.parametrize("statement", ["UPDATE ledger_entries SET amount = 1", "DELETE FROM ledger_entries"])
def test_the_database_itself_refuses_to_rewrite_the_ledger(product, statement):
    complete(order := make_order((product, 1)))
    with pytest.raises(DBAPIError) as refused:
        _db.session.execute(text(statement))
    assert "append-only" in str(refused.value)
    _db.session.rollback()
    assert ledger.balance(order.shop_id) == 370_000


def test_the_database_refuses_a_payout_without_its_reference_or_a_positive_sale(product):
    shop = product.shop
    for bad in (LedgerEntry(shop_id=shop.id, kind=EntryKind.PAYOUT, amount=-5),
                LedgerEntry(shop_id=shop.id, kind=EntryKind.ADJUSTMENT, amount=5),
                LedgerEntry(shop_id=shop.id, kind=EntryKind.SALE, amount=5)):
        _db.session.add(bad)
        with pytest.raises(IntegrityError):
            _db.session.flush()
        _db.session.rollback()


def _shipped(product, days_ago: int, status=S.SHIPPED) -> Order:
    order = make_order((product, 1), status=status)
    _db.session.add(OrderEvent(order_id=order.id, from_status=S.PROCESSING, to_status=S.SHIPPED,
                               created_at=utcnow() - timedelta(days=days_ago)))
    _db.session.commit()
    return order


def test_shipped_orders_nobody_confirmed_complete_by_themselves_after_the_configured_days(
        app, runner, product, outbox):
    assert app.config["ORDER_AUTO_COMPLETE_DAYS"] == 14
    old, delivered, recent = _shipped(product, 15), _shipped(product, 20, S.DELIVERED), _shipped(product, 2)
    result = runner.invoke(args=["orders", "complete-shipped"])
    assert result.exit_code == 0 and "Completed 2 shipped order(s)." in result.output
    _db.session.expire_all()
    assert [_db.session.get(Order, order.id).status for order in (old, delivered, recent)] == [
        S.COMPLETED, S.COMPLETED, S.SHIPPED]
    assert kinds(old.shop_id) == [(EntryKind.SALE, 370_000)] * 2
    assert sorted(message["To"] for message in outbox) == sorted([old.shop.owner.email] * 2)
    assert "Completed 0" in runner.invoke(args=["orders", "complete-shipped"]).output


def test_an_order_whose_buyer_reported_a_problem_never_completes_by_itself(runner, product):
    order = _shipped(product, 30)
    order.problem_reported_at, order.problem_note = utcnow(), "Paket belum sampai"
    _db.session.commit()
    assert "Completed 0" in runner.invoke(args=["orders", "complete-shipped"]).output
    _db.session.expire_all()
    assert _db.session.get(Order, order.id).status == S.SHIPPED


# Pages


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_admin_records_a_payout_and_it_is_audited(client, product, admin):
    complete(order := make_order((product, 1)))
    login(client, admin)
    page = f"/admin/ledger/{order.shop_id}"
    refused = post_form(client, f"{page}/payout", {"amount": "500000", "reference": "BSB-9"}, page=page)
    assert refused.status_code == 400 and "Rp 370.000" in refused.get_data(as_text=True)
    done = post_form(client, f"{page}/payout", {"amount": "Rp 300.000", "reference": "BSB-9"}, page=page)
    assert done.status_code == 302
    assert ledger.balance(order.shop_id) == 70_000
    audit = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ledger.payout"))
    assert (audit.actor_id, audit.target_label, audit.after["amount"], audit.after["reference"]) == (
        admin.id, order.shop.name, -300_000, "BSB-9")
    assert (audit.before, audit.after["balance"]) == ({"balance": 370_000}, 70_000)
    text = client.get(page).get_data(as_text=True)
    assert "BSB-9" in text and "Rp 70.000" in text


def test_the_admin_records_an_adjustment_with_its_reason(client, admin):
    shop = ShopFactory()
    login(client, admin)
    page = f"/admin/ledger/{shop.id}"
    missing = post_form(client, f"{page}/adjustment", {"amount": "-15000", "reason": ""}, page=page)
    assert missing.status_code == 400
    done = post_form(client, f"{page}/adjustment", {"amount": "-15.000", "reason": "Biaya kirim ulang"},
                     page=page)
    assert done.status_code == 302
    assert ledger.balance(shop.id) == -15_000
    audit = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ledger.adjustment"))
    assert (audit.reason, audit.after["amount"]) == ("Biaya kirim ulang", -15_000)
    assert _db.session.scalar(select(func.count(AuditEntry.id))) == 1


def test_balances_due_are_sorted_by_amount_and_exported(client, admin):
    small, large = ShopFactory(name="Batik Kecil"), ShopFactory(name="Batik Besar")
    ledger.record_adjustment(small, 10_000, "awal", admin)
    ledger.record_adjustment(large, 90_000, "awal", admin)
    _db.session.commit()
    login(client, admin)
    text = client.get("/admin/ledger").get_data(as_text=True)
    assert text.index("Batik Besar") < text.index("Batik Kecil") and "Rp 100.000" in text
    rows = _csv(client.get("/admin/ledger/balances.csv"))
    assert [(row["shop"], row["balance_due"]) for row in rows] == [("Batik Besar", "90000"),
                                                                  ("Batik Kecil", "10000")]
    entries = _csv(client.get(f"/admin/ledger/{large.id}/entries.csv"))
    assert [(row["kind"], row["amount"], row["balance_after"], row["description"]) for row in entries] == [
        ("adjustment", "90000", "90000", "awal")]


def test_a_curator_cannot_reach_the_ledger(client, db):
    login(client, UserFactory(roles=[Role.CURATOR]))
    assert client.get("/admin/ledger").status_code == 403
    assert client.get("/admin/reports").status_code == 200


def test_the_artisan_sees_only_their_own_ledger(client, product, admin):
    complete(order := make_order((product, 1)))
    other = ShopFactory(name="Jumputan Lain")
    ledger.record_adjustment(other, 5_000, "milik orang lain", admin)
    _db.session.commit()
    login(client, order.shop.owner)
    assert "Buku kas saya: saldo Rp 370.000" in client.get("/dashboard").get_data(as_text=True)
    text = client.get("/dashboard/ledger").get_data(as_text=True)
    assert "Rp 370.000" in text and order.number in text and "milik orang lain" not in text
    rows = _csv(client.get("/dashboard/ledger.csv"))
    assert [(row["kind"], row["amount"], row["order"]) for row in rows] == [("sale", "370000", order.number)]
    assert client.get(f"/admin/ledger/{order.shop_id}").status_code == 403


def test_a_customer_without_a_shop_has_no_ledger(client, db):
    login(client, UserFactory())
    assert client.get("/dashboard/ledger").status_code == 404
    assert client.get("/dashboard/statement").status_code == 404
