import pytest
from sqlalchemy import func, select

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.orders import actions as order_actions
from marketplace.orders import payment_actions, refunds
from marketplace.orders import services as orders
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, Refund
from marketplace.products.models import Variant
from tests.factories import ProductFactory, UserFactory
from tests.helpers import login, post_form
from tests.localstripe_server import stripe_client_for
from tests.test_card_payments import SECRET, confirm, wait_for
from tests.test_checkout import add, place


def no_card_refunds(*args):
    raise AssertionError("a bank transfer is never refunded through the card processor")


@pytest.fixture
def paid_order(client, db):
    """A bank-transfer order for 2 pieces at Rp 350.000 plus Rp 25.000 shipping, confirmed paid."""
    variant = ProductFactory(variants=[(350_000, 3)]).variants[0]
    login(client, UserFactory())
    add(client, variant, 2)
    place(client)
    payment_actions.confirm_transfer(_db.session.scalar(select(Payment)), UserFactory(roles=[Role.ADMIN]))
    _db.session.commit()
    return _db.session.scalar(select(Order))


def stock(order):
    _db.session.expire_all()
    variant = _db.session.get(Variant, order.lines[0].variant_id)
    return variant.stock_on_hand, variant.stock_reserved


def test_a_customer_cancelling_a_paid_unshipped_order_is_refunded_and_the_stock_freed(
        client, paid_order, outbox):
    response = post_form(client, f"/orders/{paid_order.id}/cancel", {"reason": "Berubah pikiran"},
                         page=f"/orders/{paid_order.id}")
    assert response.status_code == 302
    _db.session.expire_all()
    order = _db.session.get(Order, paid_order.id)
    assert order.status == OrderStatus.CANCELLED
    refund = _db.session.scalar(select(Refund))
    assert (refund.amount, refund.reference) == (725_000, None)
    assert stock(order) == (3, 0)
    assert any(message["Subject"].startswith("Pengembalian dana pesanan BNY-") for message in outbox)


def test_partial_refunds_never_add_up_to_more_than_was_paid(paid_order):
    refunds.refund(paid_order, 100_000, "Warna sedikit berbeda", None, no_card_refunds)
    with pytest.raises(refunds.RefundTooLarge) as refused:
        refunds.refund(paid_order, 625_001, "lagi", None, no_card_refunds)
    assert refused.value.refundable == 625_000 and "Rp 625.000" in str(refused.value)
    for amount in (0, -5):
        with pytest.raises(refunds.RefundTooLarge):
            refunds.refund(paid_order, amount, "nol", None, no_card_refunds)
    assert paid_order.status == OrderStatus.PAID  # a partial refund leaves the order where it was
    refunds.refund(paid_order, 625_000, "sisanya", None, no_card_refunds)
    _db.session.commit()
    assert _db.session.scalar(select(func.sum(Refund.amount))) == paid_order.total
    assert paid_order.status == OrderStatus.CANCELLED


def test_a_full_refund_after_delivery_marks_the_order_refunded_and_keeps_the_stock_sold(paid_order):
    artisan = paid_order.shop.owner
    orders.change_status(paid_order, OrderStatus.PROCESSING, artisan)
    order_actions.ship_order(paid_order, artisan, "jne", "PLM0000000001")
    orders.change_status(paid_order, OrderStatus.DELIVERED, artisan)
    refunds.refund(paid_order, paid_order.total, "Kain rusak", None, no_card_refunds)
    _db.session.commit()
    assert paid_order.status == OrderStatus.REFUNDED
    assert stock(paid_order) == (1, 0)


def test_an_unpaid_order_cannot_be_refunded(client, db):
    login(client, UserFactory())
    add(client, ProductFactory().variants[0], 1)
    place(client)
    with pytest.raises(refunds.RefundRefused):
        refunds.refund(_db.session.scalar(select(Order)), 1_000, "x", None, no_card_refunds)
    assert _db.session.scalar(select(func.count(Refund.id))) == 0


def test_the_refund_command_for_admins(runner, paid_order):
    admin = UserFactory(roles=[Role.ADMIN])
    refused = runner.invoke(args=["payments", "refund", paid_order.number, "999999999", "--reason", "x",
                                  "--by", admin.email])
    assert refused.exit_code != 0 and "Rp 725.000" in refused.output
    done = runner.invoke(args=["payments", "refund", paid_order.number, "25000", "--reason", "Ongkir",
                               "--by", admin.email])
    assert done.exit_code == 0, done.output
    assert _db.session.scalar(select(func.sum(Refund.amount))) == 25_000


@pytest.fixture
def app(card_app):
    """Card payments configured, pointing at localstripe (bank transfers work the same)."""
    return card_app


def test_a_card_refund_goes_through_stripe_and_is_capped_by_us(app, client, localstripe, live_server):
    login(client, UserFactory())
    add(client, ProductFactory(variants=[(350_000, 2)]).variants[0], 1)
    client.get(place(client, method="card").headers["Location"])
    payment = _db.session.scalar(select(Payment))
    localstripe.register_webhook(f"{live_server}/payments/stripe/webhook", SECRET)
    confirm(localstripe, payment.reference, "pm_card_visa")
    assert wait_for(lambda: _db.session.get(Payment, payment.id, populate_existing=True).status == "paid")
    order = _db.session.scalar(select(Order))
    with app.test_request_context():
        from marketplace.payments import gateways

        refund = refunds.refund(order, 100_000, "Sebagian", None, gateways.send_refund)
        _db.session.commit()
        assert refund.reference.startswith("re_")
        with pytest.raises(refunds.RefundTooLarge):  # the fake processor would accept it; we do not
            refunds.refund(order, order.total, "terlalu banyak", None, gateways.send_refund)
    with stripe_client_for(localstripe.base_url) as stripe_client:
        assert stripe_client.v1.refunds.retrieve(refund.reference).amount == 100_000 * 100
