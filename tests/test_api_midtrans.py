"""A QRIS or virtual-account checkout through the API, against the fake Midtrans: the answer carries
Snap's token and payment page so an app can open it, the OpenAPI document describes both, and the
checkout is paid only by Midtrans's signed notification."""

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db as _db
from marketplace.payments.models import Payment, PaymentStatus
from tests.api_support import Api, error_of
from tests.factories import ProductFactory, UserFactory
from tests.midtrans_server import app_settings
from tests.test_midtrans import NOTIFICATION


@pytest.fixture
def app(make_app, midtrans):
    return make_app(**app_settings(midtrans))


@pytest.fixture
def buyer(client, db):
    variant = ProductFactory(variants=[(350_000, 2)]).variants[0]
    buyer = Api(client, UserFactory())
    buyer.post("/cart/items", json={"variant_id": variant.id})
    return buyer


@pytest.mark.parametrize("method", ["qris", "bca_va"])
def test_a_midtrans_checkout_answers_the_snap_page_and_token_once_and_again(buyer, midtrans, method):
    assert method in buyer.get("/cart").get_json()["payment_methods"]
    first = buyer.checkout(method, key=f"{method}-1")
    assert first.status_code == 201, first.get_json()
    payment = first.get_json()["payment"]
    transaction = midtrans.only()
    assert payment["snap_token"] == transaction.token
    assert payment["redirect_url"] == f"{midtrans.base_url}/snap/v2/vtweb/{transaction.token}"
    assert payment["client_secret"] is None and payment["bank"] is None and payment["status"] == "pending"
    assert transaction.snap["enabled_payments"] == [{"qris": "other_qris"}.get(method, method)]
    assert buyer.checkout(method, key=f"{method}-1").get_json() == first.get_json()
    assert _db.session.scalar(select(func.count(Payment.id))) == 1 and len(midtrans.transactions) == 1
    shown = buyer.get(f"/checkouts/{first.get_json()['id']}").get_json()
    assert shown["payment"]["redirect_url"] == payment["redirect_url"]


def test_the_api_checkout_is_paid_only_by_the_signed_notification_and_then_offers_no_snap_page(
        buyer, client, midtrans):
    placed = buyer.checkout("qris").get_json()
    reference = _db.session.scalar(select(Payment.reference))
    midtrans.set_status(reference, "settlement")
    assert buyer.get(f"/checkouts/{placed['id']}").get_json()["payment"]["status"] == "pending"
    response = client.post(NOTIFICATION, data=midtrans.notification(reference),
                           headers={"Content-Type": "application/json"})
    assert response.get_json()["outcome"] == "paid"
    payment = buyer.get(f"/checkouts/{placed['id']}").get_json()["payment"]
    assert payment["status"] == PaymentStatus.PAID
    assert payment["redirect_url"] is None and payment["snap_token"] is None


def test_a_midtrans_channel_is_refused_through_the_api_without_midtrans_keys(app, buyer):
    app.config["MIDTRANS_SERVER_KEY"] = None
    assert "qris" not in buyer.get("/cart").get_json()["payment_methods"]
    response = buyer.checkout("qris")
    assert response.status_code in (400, 409, 422) and error_of(response)["code"]
    assert _db.session.scalar(select(func.count(Payment.id))) == 0


def test_the_openapi_document_describes_the_snap_page_and_token_of_a_checkout(client, db):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    payment = next(schema for name, schema in schemas.items() if name.startswith("PaymentInstructions"))
    for name in ("snap_token", "redirect_url"):
        assert payment["properties"][name]["type"] in ("string", ["string", "null"])
        assert "Snap" in payment["properties"][name]["description"]
