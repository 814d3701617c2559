"""The agency's actions through the API: the same services as the agency's pages, each audited there."""

from marketplace.admin import AGENCY
from marketplace.api import bp
from marketplace.api.access import get_row, shop_by_slug
from marketplace.api.inputs import FeaturedList, RefundInput, ShopDecision
from marketplace.api.openapi import current_user_or_none, endpoint
from marketplace.api.order_schemas import PaymentOut, RefundResult
from marketplace.api.schemas import FeaturedOut, ShopOut
from marketplace.auth.models import Role
from marketplace.curation.services import FeatureEntry, replace_featured
from marketplace.extensions import db
from marketplace.orders import payment_actions
from marketplace.orders.models import Order
from marketplace.payments import gateways
from marketplace.payments.models import Payment
from marketplace.shops import verification


@bp.post("/admin/payments/<int:payment_id>/confirm")
@endpoint("Confirm that a bank transfer arrived: the checkout's orders become paid", tag="admin",
          roles=(Role.ADMIN,), responses={200: PaymentOut()}, errors=(409,))
def confirm_payment(payment_id):
    payment = get_row(Payment, payment_id)
    payment_actions.confirm_transfer(payment, current_user_or_none())
    db.session.commit()
    return payment


@bp.post("/admin/orders/<int:order_id>/refunds")
@endpoint("Refund part or all of what was paid for an order", tag="admin", roles=(Role.ADMIN,),
          body=RefundInput(), responses={201: RefundResult()}, errors=(409, 503))
def refund_order(order_id, body):
    order = get_row(Order, order_id)
    record = payment_actions.refund_order(order, body["amount"], body["reason"], current_user_or_none(),
                                          gateways.send_refund)
    db.session.commit()
    return {"refund": record, "order": order}, 201


def _decide(slug: str, decision: verification.ShopDecision, reason: str | None):
    shop = shop_by_slug(slug)
    verification.decide_shop(shop, current_user_or_none(), decision, reason)
    db.session.commit()
    return shop


@bp.post("/admin/shops/<slug>/verify")
@endpoint("Verify a pending shop: its listings can go on sale", tag="admin", roles=AGENCY,
          body=ShopDecision(), responses={200: ShopOut()}, errors=(409,),
          description="Only a pending shop; a suspended one is reinstated with `/reinstate`.")
def verify_shop(slug, body):
    return _decide(slug, verification.ShopDecision.APPROVE, body["reason"])


@bp.post("/admin/shops/<slug>/reject")
@endpoint("Reject a pending shop, with the reason the artisan reads", tag="admin", roles=AGENCY,
          body=ShopDecision(), responses={200: ShopOut()}, errors=(409,))
def reject_shop(slug, body):
    return _decide(slug, verification.ShopDecision.REJECT, body["reason"])


@bp.post("/admin/shops/<slug>/suspend")
@endpoint("Suspend a verified shop, with a reason: its listings leave the catalog at once", tag="admin",
          roles=AGENCY, body=ShopDecision(), responses={200: ShopOut()}, errors=(409,))
def suspend_shop(slug, body):
    return _decide(slug, verification.ShopDecision.SUSPEND, body["reason"])


@bp.post("/admin/shops/<slug>/reinstate")
@endpoint("Reinstate a suspended shop: its active listings are on sale again", tag="admin", roles=AGENCY,
          body=ShopDecision(), responses={200: ShopOut()}, errors=(409,))
def reinstate_shop(slug, body):
    return _decide(slug, verification.ShopDecision.REINSTATE, body["reason"])


@bp.put("/admin/featured")
@endpoint("Replace the ordered list of featured products on the home page", tag="admin", roles=AGENCY,
          body=FeaturedList(), responses={200: FeaturedOut(many=True)}, errors=(409,))
def put_featured(body):
    entries = [FeatureEntry(item["product_id"], item["starts_at"], item["ends_at"]) for item in body["items"]]
    features = replace_featured(current_user_or_none(), entries)
    db.session.commit()
    return features
