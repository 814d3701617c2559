"""Emails about checkouts and orders, to the customer and to the artisan, each in its reader's
language. Each is a job that takes ids: the actions register it to run once their transaction
commits (`enqueue_after_commit`), so nobody is told about something that was then rolled back, and
every door (page, API, command, webhook, scheduled job) sends the same emails."""

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.jobs.queue import job
from marketplace.orders.models import Checkout, Order, OrderStatus
from marketplace.payments.models import PaymentMethod
from marketplace.shops.models import Shop
from marketplace.web.mail import MAIL_RETRIES, deliver_now, send_email, site_context


def _send(user, subject, template: str, send=send_email, **context) -> None:
    """`subject` is a function, so it is translated inside the reader's language."""
    with force_locale(user.locale):
        send(user.email, subject(), render_template(f"email/{template}.txt", user=user, **context))


def _checkout_for_emails(checkout_id: int) -> Checkout | None:
    """The checkout with all that its emails show (buyer, payment, each order's shop, its owner and
    its lines) in one query: a checkout has a few orders of a few lines, and one joined query costs
    the worker less than a query per relationship. Emails need no one's roles."""
    return db.session.execute(select(Checkout).where(Checkout.id == checkout_id).options(
        joinedload(Checkout.buyer).lazyload(User.role_grants), joinedload(Checkout.payment),
        joinedload(Checkout.orders).options(joinedload(Order.shop).joinedload(Shop.owner).lazyload(User.role_grants),
                                            joinedload(Order.lines)))).unique().scalar_one_or_none()


def _live_orders(checkout: Checkout) -> list[Order]:
    return [order for order in checkout.orders if order.status != OrderStatus.CANCELLED]


def _tell_artisan_to_prepare(order: Order, cash_on_delivery: bool) -> None:
    _send(order.shop.owner, lambda: _("New order %(number)s to prepare", number=order.number),
          "artisan_new_order", order=order, cash_on_delivery=cash_on_delivery,
          link=url_for("orders.shop_order", order_id=order.id, _external=True))


@job(**MAIL_RETRIES)
def tell_checkout_placed(checkout_id: int) -> None:
    """The buyer's confirmation, written and delivered where the jobs run and retried as a delivery
    is. A cash-on-delivery order is the artisan's to prepare at once, so they hear of it now; other
    orders reach the artisan when they are paid."""
    checkout = _checkout_for_emails(checkout_id)
    if checkout is None:
        return
    with site_context():
        link = url_for("orders.show_checkout", checkout_id=checkout.id, _external=True)
        _send(checkout.buyer, lambda: _("Your order at the Banyuasin Batik Market"), "checkout_placed",
              send=deliver_now, checkout=checkout, link=link)
        if checkout.payment_method == PaymentMethod.COD:
            for order in _live_orders(checkout):
                _tell_artisan_to_prepare(order, cash_on_delivery=True)


@job()
def tell_checkout_paid(checkout_id: int) -> None:
    """The buyer's receipt, and each shop's order to prepare (those not cancelled meanwhile)."""
    checkout = _checkout_for_emails(checkout_id)
    if checkout is None:
        return
    with site_context():
        _send(checkout.buyer, lambda: _("Payment received"), "checkout_paid", checkout=checkout)
        if checkout.payment_method != PaymentMethod.COD:  # a COD shop was told at checkout
            for order in _live_orders(checkout):
                _tell_artisan_to_prepare(order, cash_on_delivery=False)


@job()
def tell_payment_failed(checkout_id: int) -> None:
    checkout = _checkout_for_emails(checkout_id)
    if checkout is None:
        return
    with site_context():
        _send(checkout.buyer, lambda: _("Your payment did not go through"), "payment_failed",
              checkout=checkout, link=url_for("orders.cart", _external=True))


@job()
def tell_checkout_expired(checkout_id: int) -> None:
    checkout = _checkout_for_emails(checkout_id)
    if checkout is None:
        return
    with site_context():
        _send(checkout.buyer, lambda: _("Your order was cancelled: it was not paid in time"),
              "checkout_expired", checkout=checkout, link=url_for("orders.cart", _external=True))


@job()
def tell_transfer_rejected(checkout_id: int) -> None:
    checkout = _checkout_for_emails(checkout_id)
    if checkout is None:
        return
    with site_context():
        _send(checkout.buyer, lambda: _("Please check your bank transfer"), "transfer_rejected",
              checkout=checkout, payment=checkout.payment,
              link=url_for("orders.show_checkout", checkout_id=checkout.id, _external=True))


def _order(order_id: int) -> Order | None:
    return db.session.get(Order, order_id)


@job()
def tell_order_shipped(order_id: int) -> None:
    order = _order(order_id)
    if order is None:
        return
    with site_context():
        _send(order.buyer, lambda: _("Order %(number)s is on its way", number=order.number),
              "order_shipped", order=order, link=url_for("orders.show", order_id=order.id, _external=True))


@job()
def tell_order_cancelled(order_id: int, refunded: int, artisan_knew: bool) -> None:
    """The cancellation and the refund it made, to the buyer; to the artisan too when the order had
    reached them (paid, or cash on delivery), so they do not pack cloth nobody will take."""
    order = _order(order_id)
    if order is None:
        return
    with site_context():
        _send(order.buyer, lambda: _("Order %(number)s is cancelled", number=order.number),
              "order_cancelled", order=order)
        if artisan_knew:
            _send(order.shop.owner, lambda: _("Order %(number)s is cancelled: do not ship it",
                                              number=order.number),
                  "artisan_order_cancelled", order=order,
                  link=url_for("orders.shop_order", order_id=order.id, _external=True))
        if refunded:
            _tell_buyer_refunded(order, refunded)


def _tell_buyer_refunded(order: Order, amount: int) -> None:
    _send(order.buyer, lambda: _("Refund for order %(number)s", number=order.number), "order_refunded",
          order=order, amount=amount)


@job()
def tell_order_refunded(order_id: int, amount: int) -> None:
    """A refund the agency gave (or the card processor's dashboard): the buyer, and the artisan
    whose balance it comes out of."""
    order = _order(order_id)
    if order is None:
        return
    with site_context():
        _tell_buyer_refunded(order, amount)
        _send(order.shop.owner, lambda: _("Order %(number)s was refunded", number=order.number),
              "artisan_order_refunded", order=order, amount=amount,
              link=url_for("orders.shop_order", order_id=order.id, _external=True))


@job()
def tell_order_completed(order_id: int) -> None:
    """The artisan learns that the sale is theirs: the buyer confirmed receipt, or the days passed."""
    order = _order(order_id)
    if order is None:
        return
    with site_context():
        _send(order.shop.owner, lambda: _("Order %(number)s is complete", number=order.number),
              "artisan_order_completed", order=order,
              link=url_for("orders.shop_order", order_id=order.id, _external=True))


@job()
def tell_problem_reported(order_id: int) -> None:
    order = _order(order_id)
    if order is None:
        return
    with site_context():
        _send(order.shop.owner, lambda: _("The buyer reported a problem with order %(number)s",
                                          number=order.number),
              "artisan_problem_reported", order=order,
              link=url_for("orders.shop_order", order_id=order.id, _external=True))
