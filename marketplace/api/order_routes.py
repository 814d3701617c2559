"""The customer's side: checkout (idempotent), their orders, cancelling and reviewing."""

import secrets

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.api import bp, idempotency
from marketplace.api.access import act_on_order, get_row, my_order
from marketplace.api.catalog_routes import page_body
from marketplace.api.errors import from_refusal, invalid, not_found
from marketplace.api.inputs import Cancellation, CheckoutInput, PageArgs, ProblemReport, ReviewInput
from marketplace.api.openapi import Dumped, current_user_or_none, endpoint, json_body
from marketplace.api.order_schemas import CheckoutOut, OrderOut, ReviewOut
from marketplace.api.schemas import page_of
from marketplace.extensions import db, limiter
from marketplace.orders import actions as order_actions
from marketplace.orders import payment_actions, reviews
from marketplace.orders import services as orders
from marketplace.orders.cart import DatabaseCart, cart_items, clear_cart
from marketplace.orders.checkout import Address, pickup_shops, place_checkout, save_address
from marketplace.orders.models import Checkout, Order, OrderLine
from marketplace.payments import gateways
from marketplace.payments.card_secret import card_client_secret
from marketplace.payments.models import PaymentMethod, PaymentStatus, Provider
from marketplace.shops.models import Shop
from marketplace.web.limits import account_or_address, setting

_ADDRESS = ("recipient", "phone", "street", "village", "kecamatan", "city", "province", "postal_code")


def checkout_body(checkout: Checkout) -> Dumped:
    payment, config = checkout.payment, current_app.config
    instructions = {"client_secret": None, "publishable_key": None, "bank": None,
                    "snap_token": None, "redirect_url": None}
    if payment.method == PaymentMethod.CARD and payment.status == PaymentStatus.PENDING:
        instructions.update(client_secret=card_client_secret(payment),
                            publishable_key=config.get("STRIPE_PUBLISHABLE_KEY"))
    elif payment.method.provider == Provider.MIDTRANS and payment.status == PaymentStatus.PENDING:
        instructions.update(snap_token=payment.snap_token, redirect_url=payment.redirect_url)
    elif payment.method == PaymentMethod.BANK_TRANSFER:
        instructions["bank"] = {"bank_name": config["BANK_NAME"],
                                "account_holder": config["BANK_ACCOUNT_HOLDER"],
                                "account_number": config["BANK_ACCOUNT_NUMBER"]}
    dumped = CheckoutOut().dump(checkout)
    dumped["payment"].update(instructions)
    return Dumped(dumped)



def _pickups(items, slugs: list[str]) -> set[int]:
    ids = set(db.session.scalars(select(Shop.id).where(Shop.slug.in_(slugs)))) if slugs else set()
    return pickup_shops(items, ids)


@bp.post("/checkout")
@limiter.shared_limit(setting("CHECKOUT_LIMIT"), scope="checkout", key_func=account_or_address)
@endpoint("Place the cart as a checkout: one order per shop, one payment", tag="orders", auth=True,
          body=CheckoutInput(), responses={201: CheckoutOut()}, errors=(403, 409, 429, 503),
          parameters=(idempotency.HEADER,),
          description="Requires an `Idempotency-Key` header: the same key and body within 24 hours "
                      "answers with the first response; the same key with another body is refused (409).")
def checkout(body):
    user = current_user_or_none()
    key = idempotency.check_key(request.headers.get("Idempotency-Key"))
    claim = idempotency.claim(user, key, idempotency.body_hash(json_body()))
    if isinstance(claim, tuple):
        return Dumped(claim[0]), claim[1]
    store = DatabaseCart(user.id)
    items = cart_items(store)
    address = Address(**{name: body[name] for name in _ADDRESS})
    placed = place_checkout(user, items, address, PaymentMethod(body["payment_method"]),
                            secrets.token_urlsafe(24), _pickups(items, body["pickup_shops"]))
    if body["save_address"]:
        save_address(user, address)
    clear_cart(store)
    if placed.payment_method.provider:
        db.session.commit()  # the intent or Snap transaction is made once the checkout is committed
    answer = checkout_body(placed)
    idempotency.remember(claim, answer, 201)
    db.session.commit()
    return answer, 201


@bp.get("/checkouts/<int:checkout_id>")
@endpoint("One of the customer's checkouts, with what is needed to pay it", tag="orders", auth=True,
          responses={200: CheckoutOut()})
def show_checkout(checkout_id):
    placed = get_row(Checkout, checkout_id)
    if placed.buyer_id != current_user_or_none().id:
        raise not_found()
    return checkout_body(placed)


@bp.get("/orders")
@endpoint("The customer's orders, newest first", tag="orders", auth=True, query=PageArgs(),
          responses={200: page_of(OrderOut)()})
def list_orders(args):
    mine = Order.buyer_id == current_user_or_none().id
    items, total = orders.orders_page(mine, args["page"], args["per_page"])
    return page_body(items, args["page"], args["per_page"], total)


@bp.get("/orders/<int:order_id>")
@endpoint("One of the customer's orders with its timeline", tag="orders", auth=True,
          responses={200: OrderOut()})
def show_order(order_id):
    return my_order(order_id, current_user_or_none())


@bp.post("/orders/<int:order_id>/cancel")
@endpoint("Cancel an order before it ships (a paid one is refunded)", tag="orders", auth=True,
          body=Cancellation(), responses={200: OrderOut()}, errors=(409, 503))
def cancel_order(order_id, body):
    return act_on_order(my_order, order_id, payment_actions.cancel_order, body["reason"],
                        gateways.send_refund)


@bp.post("/orders/<int:order_id>/received")
@endpoint("Confirm that a shipped order arrived: it completes and the artisan is credited", tag="orders",
          auth=True, responses={200: OrderOut()}, errors=(409,))
def confirm_received(order_id):
    return act_on_order(my_order, order_id, order_actions.confirm_received)


@bp.post("/orders/<int:order_id>/problem")
@endpoint("Report a problem with a shipped order: it stops completing by itself and the artisan is told",
          tag="orders", auth=True, body=ProblemReport(), responses={200: OrderOut()}, errors=(409,))
def report_problem(order_id, body):
    return act_on_order(my_order, order_id, order_actions.report_problem, body["note"])


@bp.post("/orders/<int:order_id>/reviews")
@endpoint("Review a purchased line of a delivered order", tag="orders", auth=True, body=ReviewInput(),
          responses={201: ReviewOut()}, errors=(403, 409))
def review_order(order_id, body):
    user = current_user_or_none()
    order = my_order(order_id, user)
    line = db.session.get(OrderLine, body["order_line_id"])
    if line is None or line.order_id != order.id:
        raise invalid("order_line_id", _l("This line is not part of the order."))
    try:
        review = reviews.add_review(line, user, body["rating"], body["text"])
    except IntegrityError as error:  # the same line reviewed twice at the same moment
        db.session.rollback()
        raise from_refusal(reviews.AlreadyReviewed()) from error
    db.session.commit()
    return review, 201
