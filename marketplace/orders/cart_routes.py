"""The cart pages, and the one place that decides whose cart a request uses: the session's for a
guest, the database's for a customer who is logged in."""

from flask import current_app, flash, has_request_context, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login.signals import user_logged_in
from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db
from marketplace.orders import bp
from marketplace.orders import cart as carts
from marketplace.orders.cart_forms import AddToCartForm, DestinationForm, QuantityForm, RemoveForm
from marketplace.orders.checkout import latest_destination
from marketplace.shops.access import assisted_shop
from marketplace.shops.zones import Destination

#: the session's key for the destination chosen on the cart page
_SHIP_TO = "ship_to"


def current_cart() -> carts.CartStore:
    if current_user.is_authenticated:
        return carts.DatabaseCart(current_user.id)
    return carts.SessionCart(session)


def _change_cart(change) -> carts.CartError | None:
    """Apply `change` to the current cart and commit; or flash why it was refused, and return that."""
    try:
        change(current_cart())
    except carts.CartError as error:
        db.session.rollback()
        flash(str(error), "error")
        return error
    db.session.commit()
    return None


def cart_destination() -> Destination | None:
    """Where the cart prices shipping to: the province chosen on the cart page, else the customer's
    latest saved address; None until either is known."""
    chosen = session.get(_SHIP_TO)
    if isinstance(chosen, list) and len(chosen) == 2 and all(isinstance(part, str) for part in chosen):
        return Destination(*chosen)
    if current_user.is_authenticated:
        return latest_destination(current_user)
    return None


@bp.route("/cart")
def cart():
    destination = cart_destination()
    summaries = carts.shop_summaries(carts.cart_items(current_cart(), with_photos=True),
                                     destination=destination)
    destination_form = DestinationForm(formdata=None)
    destination_form.show(destination)
    return render_template("orders/cart.html", summaries=summaries, destination=destination,
                           destination_form=destination_form,
                           total=sum(summary.total for summary in summaries),
                           max_quantity=carts.MAX_QUANTITY)


@bp.route("/cart/destination", methods=["POST"])
def set_destination():
    """Remember where the parcel goes, so the cart shows each shop's shipping there."""
    form = DestinationForm()
    if not form.validate():
        flash(form.first_error(), "error")
    else:
        chosen = form.chosen()
        session[_SHIP_TO] = [chosen.province, chosen.city]
    return redirect(url_for("orders.cart"))


def _product_page(product_id: str | None) -> str:
    """Back to the product page the form came from; the id only picks where to go."""
    value = (product_id or "").strip()
    if value.isascii() and value.isdigit() and 0 < int(value) < 2**31:
        return url_for("products.show", product_id=int(value))
    return url_for("products.index")


@bp.route("/cart/add", methods=["POST"])
def add_to_cart():
    form = AddToCartForm()
    back = _product_page(form.product_id.data)
    if not form.validate():
        flash(form.first_error(), "error")
        return redirect(back)
    buyer = current_user if current_user.is_authenticated else None
    refused = _change_cart(lambda store: carts.add_to_cart(store, form.variant_id.data, form.quantity.data,
                                                           buyer, assisted_shop(current_user)))
    if refused is None:
        flash(_("Added to your cart."), "success")
    elif isinstance(refused, carts.NotForSale):
        back = url_for("products.index")  # its page is gone for customers too
    return redirect(back)


@bp.route("/cart/<int:variant_id>/quantity", methods=["POST"])
def set_quantity(variant_id):
    form = QuantityForm()
    if not form.validate():
        flash(form.first_error(), "error")
    elif _change_cart(lambda store: carts.set_quantity(store, variant_id, form.quantity.data)) is None:
        flash(_("Your cart is updated."), "success")
    return redirect(url_for("orders.cart"))


@bp.route("/cart/<int:variant_id>/remove", methods=["POST"])
def remove_from_cart(variant_id):
    form = RemoveForm()
    if not form.validate():
        flash(form.first_error(), "error")
    elif _change_cart(lambda store: carts.remove_from_cart(store, variant_id)) is None:
        flash(_("Removed from your cart."), "success")
    return redirect(url_for("orders.cart"))


@user_logged_in.connect
def _merge_guest_cart(app, user, **extra) -> None:
    """What a guest put in the cart follows them into their account. The login has committed already,
    so this is its own unit of work; if it fails, the login still stands and the guest cart stays."""
    if not has_request_context():
        return
    guest = carts.SessionCart(session)
    if not guest.lines():
        return
    try:
        reduced = carts.merge_carts(guest, carts.DatabaseCart(user.id))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Could not move the guest cart into the cart of user %s", user.id)
        return
    guest.clear()
    if reduced:
        flash(_("Some items in your cart were lowered or left out: not enough is available."), "info")
