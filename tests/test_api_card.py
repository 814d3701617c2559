"""A card checkout through the API, against localstripe: the answer carries Stripe's client secret,
and a repeat of the same request answers the same secret without a second PaymentIntent."""

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db as _db
from marketplace.payments.models import Payment
from tests.api_support import Api
from tests.factories import ProductFactory, UserFactory


@pytest.fixture
def app(card_app):
    return card_app


def test_a_card_checkout_answers_the_client_secret_once_and_again(client, db):
    variant = ProductFactory(variants=[(350_000, 2)]).variants[0]
    buyer = Api(client, UserFactory())
    buyer.post("/cart/items", json={"variant_id": variant.id})
    assert buyer.get("/cart").get_json()["payment_methods"] == ["card", "bank_transfer"]
    first = buyer.checkout("card", key="card-1")
    assert first.status_code == 201
    payment = first.get_json()["payment"]
    reference = _db.session.scalar(select(Payment.reference))
    assert payment["client_secret"].startswith(f"{reference}_secret_")
    assert payment["publishable_key"] == "pk_test_marketplace" and payment["bank"] is None
    again = buyer.checkout("card", key="card-1")
    assert again.get_json() == first.get_json()
    assert _db.session.scalar(select(func.count(Payment.id))) == 1
    shown = buyer.get(f"/checkouts/{first.get_json()['id']}").get_json()
    assert shown["payment"]["client_secret"] == payment["client_secret"]
