"""The artisan's side of orders: what came in, packing slips, shipping and cash on delivery. Every
route finds the shop from the logged-in user, so nobody reaches another shop's orders."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.orders import actions, bp, payment_actions
from marketplace.orders.forms import ActionForm, CodCashForm, ShipForm
from marketplace.orders.models import Order
from marketplace.orders.queries import INCOMING_LISTS, incoming_orders, order_for_shop
from marketplace.payments.models import PaymentMethod
from marketplace.products.catalog import page_number
from marketplace.sharing.links import whatsapp_to_buyer
from marketplace.shops.services import shop_of
from marketplace.web.actions import act
from marketplace.web.forms import errors_of


def _shop_order(order_id) -> Order:
    return order_for_shop(order_id, current_user) or abort(404)


@bp.route("/dashboard/orders")
@login_required
def shop_orders():
    shop = shop_of(current_user) or abort(404)
    shown = request.args.get("show", "all")
    if shown not in INCOMING_LISTS:
        shown = "all"
    page = incoming_orders(shop.id, shown, page_number(request.args))
    return render_template("orders/shop_orders.html", shop=shop, page=page, shown=shown,
                           page_args=lambda page: {**({"show": shown} if shown != "all" else {}),
                                                   **({"page": page} if page > 1 else {})})


@bp.route("/dashboard/orders/<int:order_id>")
@login_required
def shop_order(order_id):
    order = _shop_order(order_id)
    # the forms' classes: the page makes the one its order's state shows
    return render_template("orders/shop_order.html", order=order, ship_form_class=ShipForm,
                           cash_form_class=CodCashForm,
                           is_cod=order.checkout.payment.method == PaymentMethod.COD,
                           buyer_chat=whatsapp_to_buyer(order))


@bp.route("/dashboard/orders/<int:order_id>/packing-slip")
@login_required
def packing_slip(order_id):
    return render_template("orders/packing_slip.html", order=_shop_order(order_id))


@bp.route("/dashboard/orders/<int:order_id>/process", methods=["POST"])
@login_required
def process_order(order_id):
    order = _shop_order(order_id)
    if ActionForm().validate_on_submit():
        act(lambda: actions.process_order(order, current_user),
              _("Order %(number)s is being prepared.", number=order.number))
    return redirect(url_for("orders.shop_order", order_id=order.id))


@bp.route("/dashboard/orders/<int:order_id>/ship", methods=["POST"])
@login_required
def ship_order(order_id):
    order = _shop_order(order_id)
    form = ShipForm()
    if not form.validate_on_submit():
        flash(errors_of(form.courier, form.tracking_number), "error")
    else:
        courier, service = form.courier_and_service()
        act(lambda: actions.ship_order(order, current_user, courier, form.tracking_number.data, service),
            _("Order %(number)s is marked shipped.", number=order.number))
    return redirect(url_for("orders.shop_order", order_id=order.id))


@bp.route("/dashboard/orders/<int:order_id>/deliver", methods=["POST"])
@login_required
def deliver_order(order_id):
    order = _shop_order(order_id)
    if ActionForm().validate_on_submit():
        act(lambda: actions.mark_delivered(order, current_user),
              _("Order %(number)s is marked delivered.", number=order.number))
    return redirect(url_for("orders.shop_order", order_id=order.id))


@bp.route("/dashboard/orders/<int:order_id>/cod-cash", methods=["POST"])
@login_required
def record_cash(order_id):
    order = _shop_order(order_id)
    form = CodCashForm()
    if not form.validate_on_submit():
        flash(errors_of(form.amount), "error")
    else:
        act(lambda: payment_actions.record_cod_cash(order, current_user, form.amount.data),
              _("Cash recorded."))
    return redirect(url_for("orders.shop_order", order_id=order.id))
