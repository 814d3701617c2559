"""The agency's money actions through the API. Each one is audited, as in the agency's pages.

More agency routes (shop verification, the featured list) follow the same pattern: decorate with
`@endpoint(..., tag="admin", roles=AGENCY or (Role.ADMIN,))`, call the service, `record_action`, commit."""

from marketplace.api import bp
from marketplace.api.access import get_row
from marketplace.api.inputs import RefundInput
from marketplace.api.openapi import current_user_or_none, endpoint
from marketplace.api.order_schemas import PaymentOut, RefundResult
from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import Role
from marketplace.extensions import db
from marketplace.orders import notifications
from marketplace.orders.models import Order
from marketplace.payments import refunds, stripe_gateway
from marketplace.payments import services as payments
from marketplace.payments.models import Payment

_PAYMENT_FIELDS = ("status", "amount", "paid_at")


@bp.post("/admin/payments/<int:payment_id>/confirm")
@endpoint("Confirm that a bank transfer arrived: the checkout's orders become paid", tag="admin",
          roles=(Role.ADMIN,), responses={200: PaymentOut()}, errors=(409,))
def confirm_payment(payment_id):
    admin = current_user_or_none()
    payment = get_row(Payment, payment_id)
    before = snapshot(payment, *_PAYMENT_FIELDS)
    payments.confirm_bank_transfer(payment, admin)
    record_action(admin, "payment.confirm", payment, before=before, after=snapshot(payment, *_PAYMENT_FIELDS))
    db.session.commit()
    notifications.checkout_paid(payment.checkout)
    return payment


@bp.post("/admin/orders/<int:order_id>/refunds")
@endpoint("Refund part or all of what was paid for an order", tag="admin", roles=(Role.ADMIN,),
          body=RefundInput(), responses={201: RefundResult()}, errors=(409, 503))
def refund_order(order_id, body):
    admin = current_user_or_none()
    order = get_row(Order, order_id)
    before = snapshot(order, "status")
    record = refunds.refund(order, body["amount"], body["reason"], admin, stripe_gateway.refund)
    record_action(admin, "order.refund", order, before=before,
                  after={**snapshot(order, "status"), "refunded": body["amount"]}, reason=body["reason"])
    db.session.commit()
    notifications.order_refunded(order, body["amount"])
    return {"refund": record, "order": order}, 201
