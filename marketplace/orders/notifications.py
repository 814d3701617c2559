"""Emails about orders, each in its reader's language. Sent after the commit, so nobody is told
about something that was then rolled back."""

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.mail import send_email
from marketplace.orders.models import Checkout, Order


def _send(user, subject, template: str, send=send_email, **context) -> None:
    """`subject` is a function, so it is translated inside the reader's language."""
    with force_locale(user.locale):
        send(user.email, subject(), render_template(f"email/{template}.txt", user=user, **context))


def checkout_placed(checkout: Checkout, send=send_email) -> None:
    link = url_for("orders.show_checkout", checkout_id=checkout.id, _external=True)
    _send(checkout.buyer, lambda: _("Your order at the Banyuasin Batik Market"), "checkout_placed",
          send=send, checkout=checkout, link=link)


def checkout_paid(checkout: Checkout) -> None:
    _send(checkout.buyer, lambda: _("Payment received"), "checkout_paid", checkout=checkout)
    for order in checkout.orders:
        _send(order.shop.owner, lambda order=order: _("New paid order %(number)s", number=order.number),
              "artisan_new_order", order=order,
              link=url_for("orders.shop_order", order_id=order.id, _external=True))


def order_shipped(order: Order) -> None:
    _send(order.buyer, lambda: _("Order %(number)s is on its way", number=order.number), "order_shipped",
          order=order, link=url_for("orders.show", order_id=order.id, _external=True))


def order_cancelled(order: Order, refunded: int = 0) -> None:
    """The cancellation, and the refund it made (`refunded` rupiah; a paid order is refunded)."""
    _send(order.buyer, lambda: _("Order %(number)s is cancelled", number=order.number), "order_cancelled",
          order=order)
    if refunded:
        order_refunded(order, refunded)


def order_refunded(order: Order, amount: int) -> None:
    _send(order.buyer, lambda: _("Refund for order %(number)s", number=order.number), "order_refunded",
          order=order, amount=amount)
