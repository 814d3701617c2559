import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.shops.models import Shop, ShopState
from tests.api_support import Api, error_of
from tests.factories import ProductFactory, ShopFactory, UserFactory


@pytest.fixture
def placed(client, db):
    """A bank-transfer checkout of 2 pieces at Rp 350.000, waiting for the money."""
    variant = ProductFactory(variants=[(350_000, 3)]).variants[0]
    buyer = Api(client, UserFactory())
    buyer.post("/cart/items", json={"variant_id": variant.id, "quantity": 2})
    return buyer.checkout().get_json()


@pytest.fixture
def admin(client, db):
    return Api(client, UserFactory(roles=[Role.ADMIN]))


def test_an_admin_confirms_a_transfer_and_it_is_audited(admin, placed):
    payment_id = placed["payment"]["id"]
    response = admin.post(f"/admin/payments/{payment_id}/confirm")
    assert response.status_code == 200 and response.get_json()["status"] == "paid"
    entry = _db.session.scalar(select(AuditEntry))
    assert entry.action == "payment.confirm"
    assert (entry.before["status"], entry.after["status"]) == ("pending", "paid")
    again = admin.post(f"/admin/payments/{payment_id}/confirm")  # a retry answers the current state
    assert again.status_code == 200 and again.get_json()["status"] == "paid"
    assert _db.session.scalar(select(func.count(AuditEntry.id))) == 1


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.ARTISAN, Role.CURATOR])
def test_money_routes_are_for_admins_only(client, placed, role):
    api = Api(client, UserFactory(roles=[role]))
    order_id = placed["orders"][0]["id"]
    assert api.post(f"/admin/payments/{placed['payment']['id']}/confirm").status_code == 403
    response = api.post(f"/admin/orders/{order_id}/refunds", json={"amount": 1000, "reason": "rusak"})
    assert response.status_code == 403 and error_of(response)["code"] == "forbidden"
    assert _db.session.scalar(select(Payment.status)) == PaymentStatus.PENDING


def test_money_routes_need_a_token(client, placed):
    assert client.post(f"/api/v1/admin/payments/{placed['payment']['id']}/confirm").status_code == 401


def test_an_unpaid_order_cannot_be_refunded(admin, placed):
    order_id = placed["orders"][0]["id"]
    response = admin.post(f"/admin/orders/{order_id}/refunds", json={"amount": 1000, "reason": "rusak"})
    assert response.status_code == 409


def test_an_admin_refunds_part_then_the_rest_and_each_is_audited(admin, placed):
    admin.post(f"/admin/payments/{placed['payment']['id']}/confirm")
    order = placed["orders"][0]
    part = admin.post(f"/admin/orders/{order['id']}/refunds", json={"amount": 100_000, "reason": "Cacat"})
    assert part.status_code == 201
    assert part.get_json()["refund"]["amount"] == 100_000 and part.get_json()["order"]["status"] == "paid"
    too_much = admin.post(f"/admin/orders/{order['id']}/refunds",
                          json={"amount": order["total"], "reason": "Cacat"})
    assert too_much.status_code == 422 and "amount" in error_of(too_much)["details"]
    rest = admin.post(f"/admin/orders/{order['id']}/refunds",
                      json={"amount": order["total"] - 100_000, "reason": "Batal"})
    assert rest.get_json()["order"]["status"] == "cancelled"
    actions = _db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["payment.confirm", "order.refund", "order.refund"]


@pytest.mark.parametrize("body", [{"amount": 0, "reason": "x"}, {"amount": 1000},
                                  {"amount": "1000", "reason": "x"}])
def test_invalid_refunds_name_the_field(admin, placed, body):
    response = admin.post(f"/admin/orders/{placed['orders'][0]['id']}/refunds", json=body)
    assert response.status_code == 422 and error_of(response)["details"]


def test_unknown_payments_and_orders_are_404(admin, db):
    assert admin.post("/admin/payments/999/confirm").status_code == 404
    assert admin.post("/admin/orders/999/refunds", json={"amount": 1000, "reason": "x"}).status_code == 404


def test_verify_on_a_suspended_shop_is_refused_and_changes_nothing(admin, outbox):
    shop = ShopFactory(state=ShopState.SUSPENDED, state_reason="Sedang diperiksa")
    response = admin.post(f"/admin/shops/{shop.slug}/verify", json={})
    assert response.status_code == 409 and error_of(response)["code"] == "decision_not_allowed"
    _db.session.expire_all()
    assert (_db.session.get(Shop, shop.id).state, _db.session.get(Shop, shop.id).state_reason) == (
        ShopState.SUSPENDED, "Sedang diperiksa")
    assert _db.session.scalar(select(AuditEntry)) is None and outbox == []


def test_an_admin_reinstates_a_suspended_shop_and_the_artisan_is_told(admin, outbox):
    shop = ShopFactory(state=ShopState.SUSPENDED, state_reason="Sedang diperiksa")
    response = admin.post(f"/admin/shops/{shop.slug}/reinstate", json={"reason": "Sudah diperiksa"})
    assert response.status_code == 200 and response.get_json()["state"] == "verified"
    assert _db.session.scalar(select(AuditEntry.action)) == "shop.reinstate"
    [message] = outbox
    assert message["To"] == shop.owner.email
    again = admin.post(f"/admin/shops/{shop.slug}/reinstate", json={})
    assert again.status_code == 409 and error_of(again)["message"]
