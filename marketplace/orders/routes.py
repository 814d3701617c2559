"""The customer's side: checkout, payment instructions, orders and their timelines."""

import secrets

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.exceptions import Refusal
from marketplace.extensions import db, limiter
from marketplace.media.images import ImageRejected
from marketplace.media.routes import private_file
from marketplace.money import format_rupiah
from marketplace.orders import actions as order_actions
from marketplace.orders import bp, payment_actions
from marketplace.orders import services as orders
from marketplace.orders.cart import cart_items, clear_cart, shop_summaries
from marketplace.orders.cart_routes import cart_destination, current_cart
from marketplace.orders.checkout import (
    address_of,
    allowed_methods,
    find_checkout,
    pickup_shops,
    place_checkout,
    save_address,
    saved_addresses,
    shops_without_cod,
)
from marketplace.orders.exceptions import CheckoutError
from marketplace.orders.forms import (
    ActionForm,
    CancelForm,
    CheckoutForm,
    ProblemForm,
    ReceiptForm,
    ReviewForm,
)
from marketplace.orders.labels import METHOD_LABELS
from marketplace.orders.models import Checkout, Order, OrderStatus
from marketplace.orders.provider_payments import prepare_provider_payment
from marketplace.orders.provinces import PROVINCES
from marketplace.orders.queries import order_for_buyer, receipt_for, reviews_by_line
from marketplace.orders.reviews import REVIEWABLE
from marketplace.payments import gateways, midtrans_gateway
from marketplace.payments.card_secret import card_client_secret
from marketplace.payments.models import PaymentMethod, Provider
from marketplace.sharing.links import whatsapp_to_shop
from marketplace.shops.access import assisted_shop
from marketplace.shops.zones import Destination
from marketplace.web.actions import act
from marketplace.web.forms import choices, errors_of
from marketplace.web.limits import account_or_address, setting


def _chosen_pickups() -> set[int]:
    return {int(value) for value in request.form.getlist("pickup") if value.isdigit()}


@bp.route("/checkout", methods=["GET", "POST"])
@login_required
@limiter.shared_limit(setting("CHECKOUT_LIMIT"), scope="checkout", key_func=account_or_address,
                      methods=["POST"])
def checkout():
    store = current_cart()
    items = cart_items(store)
    if not items:
        flash(_("Your cart is empty."), "info")
        return redirect(url_for("orders.cart"))
    pickup = pickup_shops(items, _chosen_pickups())
    form = CheckoutForm()
    addresses = None  # read for the page only: a placed checkout shows no form
    if request.method == "GET":
        addresses = saved_addresses(current_user)
        _prefill(form, addresses)
    parts = shop_summaries(items, pickup, _destination(form))
    shipping = sum(part.shipping_fee for part in parts)
    methods = allowed_methods(parts)
    form.payment_method.choices = choices((method, METHOD_LABELS[method]) for method in methods)
    if request.method == "GET" and len(methods) == 1:
        form.payment_method.data = methods[0]
    if form.validate_on_submit() and _shipping_as_shown(form, shipping):
        placed = _place(items, form, pickup)
        if placed is not None and form.save_address.data:
            save_address(current_user, form.address())
        if placed is not None:
            clear_cart(store)
            placed_id = placed.id  # read before the commit expires it, which would cost a query
            db.session.commit()
            return redirect(url_for("orders.show_checkout", checkout_id=placed_id))
    form.shipping_shown.data = shipping
    if addresses is None:
        addresses = saved_addresses(current_user)
    return render_template("orders/checkout.html", form=form, parts=parts, pickup=pickup,
                           total=sum(part.total for part in parts), addresses=addresses,
                           no_cod=shops_without_cod(parts))


def _destination(form: CheckoutForm) -> Destination | None:
    """The address's, once it names a province; until then the cart's."""
    if form.province.data in PROVINCES:
        return Destination(form.province.data, form.city.data or "")
    return cart_destination()


def _shipping_as_shown(form: CheckoutForm, shipping: int) -> bool:
    """The address costs no more shipping than the page showed (collecting at a shop costs less);
    otherwise the customer sees the new amount before anything is placed: the page priced the cart's
    province, and the address names a farther one."""
    shown = str(form.shipping_shown.data or "")
    if not shown.isdigit() or shipping <= int(shown):
        return True
    flash(_("Shipping to %(province)s comes to %(amount)s. Check the total, then place the order.",
            province=form.province.data, amount=format_rupiah(shipping)), "error")
    return False


def _prefill(form, addresses) -> None:
    """A fresh form: a new one-time token, the chosen (or latest) saved address."""
    form.token.data, form.recipient.data = secrets.token_urlsafe(24), current_user.name
    chosen = request.args.get("address", "")
    latest = addresses[0] if addresses else None
    picked = next((saved for saved in addresses if str(saved.id) == chosen), latest)
    if picked is not None:
        form.fill(address_of(picked))


def _place(items, form, pickup) -> Checkout | None:
    token = form.token.data
    try:
        return place_checkout(current_user, items, form.address(), PaymentMethod(form.payment_method.data),
                              token, pickup, acting_for=assisted_shop(current_user))
    except CheckoutError as error:
        db.session.rollback()
        flash(str(error), "error")
    except IntegrityError:
        # The same form sent twice at the same moment: the other request made the checkout.
        db.session.rollback()
        existing = find_checkout(token)
        if existing is not None and existing.buyer_id == current_user.id:
            return existing
        flash(_("Please try again."), "error")
    return None


def _mine(model, object_id):
    """One of the customer's own checkouts or orders; another customer's ids are a plain 404."""
    row = db.session.get(model, object_id)
    if row is None or row.buyer_id != current_user.id:
        abort(404)
    return row


def _my_checkout(checkout_id) -> Checkout:
    return _mine(Checkout, checkout_id)


@bp.route("/checkouts/<int:checkout_id>")
@login_required
def show_checkout(checkout_id):
    checkout = _my_checkout(checkout_id)
    payment = checkout.payment
    through_midtrans = payment.method.provider == Provider.MIDTRANS
    return render_template("orders/checkout_done.html", checkout=checkout, payment=payment,
                           receipt_form=ReceiptForm(), bank=current_app.config,
                           card_secret=card_client_secret(payment), through_midtrans=through_midtrans,
                           snap_js=midtrans_gateway.snap_js_url() if through_midtrans else None)


@bp.route("/checkouts/<int:checkout_id>/card", methods=["POST"])
@login_required
def prepare_card(checkout_id):
    """Try again to reach the processor (card or Midtrans), when it could not be reached at checkout."""
    checkout = _my_checkout(checkout_id)
    if ActionForm().validate_on_submit() and prepare_provider_payment(checkout.payment):
        db.session.commit()
    return redirect(url_for("orders.show_checkout", checkout_id=checkout.id))


@bp.route("/checkouts/<int:checkout_id>/receipt", methods=["POST"])
@login_required
@limiter.limit(setting("RECEIPT_UPLOAD_LIMIT"), key_func=account_or_address)
def upload_receipt(checkout_id):
    checkout = _my_checkout(checkout_id)
    form = ReceiptForm()
    if checkout.payment.method != PaymentMethod.BANK_TRANSFER:
        abort(404)
    if form.validate_on_submit():
        try:
            payment_actions.attach_receipt(checkout.payment, form.receipt.data)
        except (ImageRejected, Refusal) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Receipt received. The agency will confirm your transfer; until then your order "
                    "stays reserved."), "success")
    else:
        flash(errors_of(form.receipt), "error")
    return redirect(url_for("orders.show_checkout", checkout_id=checkout.id))


@bp.get("/checkouts/<int:checkout_id>/receipt")
def receipt(checkout_id):
    """The receipt photo, for the buyer and the agency; to anyone else (signed in or not) it does not
    exist, so the page neither asks them to log in nor confirms the checkout."""
    key = receipt_for(checkout_id, current_user)
    if key is None:
        abort(404)
    return private_file(key)


@bp.route("/orders")
@login_required
def index():
    mine = db.session.scalars(select(Order).where(Order.buyer_id == current_user.id)
                              .options(selectinload(Order.shop), selectinload(Order.lines))
                              .order_by(Order.id.desc())).all()
    return render_template("orders/index.html", orders=mine)


def _my_order(order_id) -> Order:
    return order_for_buyer(order_id, current_user) or abort(404)


@bp.route("/orders/<int:order_id>")
@login_required
def show(order_id):
    order = _my_order(order_id)
    return render_template("orders/show.html", order=order, cancel_form=CancelForm(),
                           reviewed=reviews_by_line(order), review_form=ReviewForm(),
                           shop_chat=whatsapp_to_shop(order),
                           problem_form=ProblemForm(), can_review=order.status in REVIEWABLE,
                           can_cancel=orders.customer_can_cancel(order),
                           can_confirm=order.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED))


@bp.route("/orders/<int:order_id>/cancel", methods=["POST"])
@login_required
def cancel(order_id):
    order = _my_order(order_id)
    form = CancelForm()
    if form.validate_on_submit():
        act(lambda: payment_actions.cancel_order(order, current_user, form.reason.data,
                                                         gateways.send_refund),
             _("Order %(number)s is cancelled.", number=order.number))
    return redirect(url_for("orders.show", order_id=order.id))


@bp.route("/orders/<int:order_id>/received", methods=["POST"])
@login_required
def received(order_id):
    order = _my_order(order_id)
    if ActionForm().validate_on_submit():
        act(lambda: order_actions.confirm_received(order, current_user),
             _("Thank you! The order is complete."))
    return redirect(url_for("orders.show", order_id=order.id))


@bp.route("/orders/<int:order_id>/problem", methods=["POST"])
@login_required
def report_problem(order_id):
    order = _my_order(order_id)
    form = ProblemForm()
    if form.validate_on_submit():
        act(lambda: order_actions.report_problem(order, current_user, form.note.data),
             _("Thank you. The artisan is told, and the order will not complete until this is settled."))
    else:
        flash(errors_of(form.note), "error")
    return redirect(url_for("orders.show", order_id=order.id))


from marketplace.orders import cart_routes, fulfilment, review_routes, webhook_routes  # noqa: E402,F401
