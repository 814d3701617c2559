"""The agency's moderation of listings: a curator hides a listing with a reason the artisan reads,
and shows it again. A hidden listing leaves every public page and cannot be bought (see
`catalog.public_condition` and `Product.is_public`). Functions flush; the caller commits once."""

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.products.exceptions import HideReasonRequired, NotHidden
from marketplace.products.models import Product
from marketplace.shops.models import Shop

_STATE = ("hidden", "hidden_reason")


def hide_product(product: Product, reason: str, actor: User) -> None:
    """Hide the listing from customers; hiding it again replaces the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise HideReasonRequired()
    before = snapshot(product, *_STATE)
    product.hidden, product.hidden_reason = True, reason
    db.session.flush()
    record_action(actor, "product.hide", product, before=before, after=snapshot(product, *_STATE),
                  reason=reason)


def unhide_product(product: Product, actor: User, note: str | None = None) -> None:
    """Show the listing again wherever its status and its shop allow; the reason is cleared."""
    if not product.hidden:
        raise NotHidden()
    before = snapshot(product, *_STATE)
    product.hidden, product.hidden_reason = False, None
    db.session.flush()
    record_action(actor, "product.unhide", product, before=before, after=snapshot(product, *_STATE),
                  reason=(note or "").strip() or None)


def moderation_query(text: str = "", hidden: bool | None = None):
    """Every listing, whatever its status or shop, newest first; `text` matches title or shop name."""
    query = (select(Product).join(Product.shop).options(contains_eager(Product.shop))
             .order_by(Product.created_at.desc(), Product.id.desc()))
    if text:
        query = query.where(or_(Product.title.icontains(text, autoescape=True),
                                Shop.name.icontains(text, autoescape=True)))
    if hidden is not None:
        query = query.where(Product.hidden.is_(hidden))
    return query
