"""Emails to an artisan about the agency's decisions on their listings, in their language. Sent
after the commit, so nobody is told about something that was then rolled back."""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.products.models import Product
from marketplace.web.mail import send_email
from marketplace.web.security import public_url_for


def _send(product: Product, subject, template: str) -> None:
    owner = product.shop.owner
    link = public_url_for("products.update", product_id=product.id)
    with force_locale(owner.locale):
        send_email(owner.email, subject(), render_template(f"email/{template}.txt", user=owner,
                                                           product=product, link=link))


def listing_hidden(product: Product) -> None:
    _send(product, lambda: _("Your listing “%(title)s” is hidden", title=product.title), "listing_hidden")


def listing_unhidden(product: Product) -> None:
    _send(product, lambda: _("Your listing “%(title)s” is shown again", title=product.title),
          "listing_unhidden")
