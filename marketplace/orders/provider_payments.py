"""A checkout's payment at its provider, made right after the checkout commits (so the stock rows
are not held while the provider answers): a card's PaymentIntent at Stripe, or a Snap transaction
at Midtrans with the checkout's lines, its buyer and an expiry equal to the reservation's."""

import math
from datetime import UTC

from flask import current_app, url_for

from marketplace.extensions import db, utcnow
from marketplace.orders.models import Checkout
from marketplace.payments import midtrans_gateway
from marketplace.payments import services as payments
from marketplace.payments.card_secret import prepare_card_payment
from marketplace.payments.exceptions import ProviderUnavailable
from marketplace.payments.models import Payment, PaymentMethod, Provider
from marketplace.web.mail import site_context

#: Snap refuses item names and ids longer than this
_SNAP_TEXT = 50


def prepare_after_commit(payment_id: int) -> None:
    """What `place_checkout` runs once its transaction commits (`run_after_commit`)."""
    payment = db.session.get(Payment, payment_id)
    if payment is not None and prepare_provider_payment(payment):
        db.session.commit()


def prepare_provider_payment(payment: Payment) -> bool:
    """Give the payment what its provider needs; False when the provider cannot be reached (the
    buyer is offered to try again). The caller commits."""
    if payment.method == PaymentMethod.CARD:
        return prepare_card_payment(payment)
    if payment.method.provider != Provider.MIDTRANS:
        return True
    try:
        payments.ensure_snap_transaction(payment, _create_snap_transaction)
    except ProviderUnavailable:
        current_app.logger.exception("Midtrans unavailable for payment %s", payment.id)
        return False
    return True


def _create_snap_transaction(payment: Payment, order_id: str) -> tuple[str, str]:
    deadline = payment.deadline
    if deadline.tzinfo is None:  # SQLite gives back the UTC time it was given, without its zone
        deadline = deadline.replace(tzinfo=UTC)
    minutes = max(1, math.ceil((deadline - utcnow()).total_seconds() / 60))
    details = snap_details(payment.checkout, payment.amount)
    return midtrans_gateway.create_transaction(payment, order_id, details, minutes)


def snap_details(checkout: Checkout, amount: int) -> dict:
    """The lines Snap shows (adding up to `amount`), the buyer and where Snap sends them back."""
    with site_context():
        finish = url_for("orders.show_checkout", checkout_id=checkout.id, returned=1, _external=True)
    return {"item_details": _items(checkout, amount),
            "customer_details": {
                "first_name": checkout.recipient, "email": checkout.buyer.email, "phone": checkout.phone,
                "shipping_address": {"first_name": checkout.recipient, "phone": checkout.phone,
                                     "address": checkout.street, "city": checkout.city,
                                     "postal_code": checkout.postal_code, "country_code": "IDN"}},
            "callbacks": {"finish": finish}}


def _items(checkout: Checkout, amount: int) -> list[dict]:
    items = []
    for order in checkout.orders:
        items += [{"id": line.sku[:_SNAP_TEXT], "price": line.unit_price, "quantity": line.quantity,
                   "name": f"{line.title} {line.variant_name}"[:_SNAP_TEXT]} for line in order.lines]
        if order.shipping_fee:
            items.append({"id": f"ongkir-{order.number}"[:_SNAP_TEXT], "price": order.shipping_fee,
                          "quantity": 1, "name": f"Ongkos kirim {order.shop.name}"[:_SNAP_TEXT]})
    if sum(item["price"] * item["quantity"] for item in items) != amount:
        # a cancelled order no longer counts: one line for what is due, as Snap needs the sum exact
        return [{"id": f"checkout-{checkout.id}", "price": amount, "quantity": 1,
                 "name": "Pasar Batik Banyuasin"}]
    return items
