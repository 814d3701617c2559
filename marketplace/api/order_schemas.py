"""What the API answers about checkouts, orders, payments, refunds and reviews."""

from marshmallow import fields

from marketplace.api.fields import Money, When
from marketplace.api.schemas import Out, ShopRef, currency


class AddressOut(Out):
    recipient = fields.String(required=True)
    phone = fields.String(required=True)
    street = fields.String(required=True)
    village = fields.String(required=True)
    kecamatan = fields.String(required=True)
    city = fields.String(required=True)
    province = fields.String(required=True)
    postal_code = fields.String(required=True)


class OrderLineOut(Out):
    id = fields.Integer(required=True)
    product_id = fields.Integer(required=True)
    variant_id = fields.Integer(required=True)
    title = fields.String(required=True)
    variant_name = fields.String(required=True)
    sku = fields.String(required=True)
    unit_price = Money(required=True)
    quantity = fields.Integer(required=True)
    line_total = Money(required=True)


class OrderEventOut(Out):
    from_status = fields.String(allow_none=True)
    to_status = fields.String(required=True)
    note = fields.String(allow_none=True)
    created_at = When(required=True)


def _payment_summary(order) -> dict:
    payment = order.checkout.payment
    return {"method": payment.method.value, "status": payment.status.value}


class OrderOut(Out):
    id = fields.Integer(required=True)
    number = fields.String(required=True)
    checkout_id = fields.Integer(required=True)
    status = fields.String(required=True)
    shop = fields.Nested(ShopRef, required=True)
    subtotal = Money(required=True)
    shipping_fee = Money(required=True)
    total = Money(required=True)
    currency = currency()
    pickup = fields.Boolean(required=True)
    courier = fields.String(allow_none=True, metadata={"description": "the courier's name, or what was typed "
                                                                      "before the courier list"})
    courier_code = fields.String(allow_none=True)
    courier_service = fields.String(allow_none=True)
    tracking_number = fields.String(allow_none=True)
    tracking_url = fields.String(allow_none=True,
                                 metadata={"description": "the courier's public tracking page"})
    cancel_reason = fields.String(allow_none=True)
    created_at = When(required=True)
    shipping_address = fields.Function(lambda order: AddressOut().dump(order.checkout),
                                       metadata={"type": "object"})
    payment = fields.Function(_payment_summary, metadata={"type": "object"})
    lines = fields.List(fields.Nested(OrderLineOut), required=True)
    events = fields.List(fields.Nested(OrderEventOut), required=True)


class BankOut(Out):
    bank_name = fields.String(required=True)
    account_number = fields.String(required=True)
    account_holder = fields.String(required=True)


class PaymentOut(Out):
    id = fields.Integer(required=True)
    method = fields.String(required=True)
    status = fields.String(required=True)
    amount = Money(required=True)
    currency = fields.String(required=True)
    deadline = When(allow_none=True)
    paid_at = When(allow_none=True)


class PaymentInstructions(PaymentOut):
    """What the client needs to pay: Stripe's client secret for a card, the account for a transfer,
    Snap's token and payment page for QRIS, e-wallets, virtual accounts and counters (Midtrans)."""

    client_secret = fields.String(allow_none=True)
    publishable_key = fields.String(allow_none=True)
    snap_token = fields.String(allow_none=True, metadata={
        "description": "Midtrans Snap's token, for `snap.pay(token)` in an app that embeds Snap.js"})
    redirect_url = fields.String(allow_none=True, metadata={
        "description": "Midtrans Snap's payment page, for an app to open in a browser; null while "
                       "Midtrans could not be reached (ask for the checkout again)"})
    bank = fields.Nested(BankOut, allow_none=True)


class CheckoutOut(Out):
    id = fields.Integer(required=True)
    subtotal = Money(required=True)
    shipping_total = Money(required=True)
    total = Money(required=True)
    currency = currency()
    created_at = When(required=True)
    payment = fields.Nested(PaymentInstructions, required=True)
    orders = fields.List(fields.Nested(OrderOut), required=True)


class ReviewOut(Out):
    id = fields.Integer(required=True)
    order_line_id = fields.Integer(required=True)
    product_id = fields.Integer(required=True)
    rating = fields.Integer(required=True)
    text = fields.String(required=True)
    reply = fields.String(allow_none=True)
    created_at = When(required=True)


class RefundOut(Out):
    id = fields.Integer(required=True)
    order_id = fields.Integer(required=True)
    amount = Money(required=True)
    currency = currency()
    reason = fields.String(required=True)
    reference = fields.String(allow_none=True)
    created_at = When(required=True)


class RefundResult(Out):
    refund = fields.Nested(RefundOut, required=True)
    order = fields.Nested(OrderOut, required=True)
