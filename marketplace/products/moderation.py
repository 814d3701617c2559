"""The agency's moderation of listings: a curator hides a listing with a reason the artisan reads,
and shows it again. A hidden listing leaves every public page and cannot be bought (see
`catalog.public_condition` and `Product.is_public`). Functions flush; the caller commits once."""

from dataclasses import dataclass

from sqlalchemy import or_, select

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.products.catalog import Page
from marketplace.products.exceptions import HideReasonRequired, NotHidden
from marketplace.products.models import Product, ProductStatus
from marketplace.shops.models import Shop
from marketplace.web.paging import counted_page

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


@dataclass(frozen=True)
class ModerationRow:
    """A listing as the agency's listings page shows it: the key of the page's kept part."""
    id: int
    title: str
    shop_name: str
    status: ProductStatus
    hidden: bool
    hidden_reason: str | None


def moderation_page(text: str, hidden: bool | None, page_number: int, per_page: int) -> Page:
    """A page of every listing, whatever its status or shop, newest first, with how many match, in
    one statement of the columns shown; `text` matches title or shop name."""
    query = (select(Product.id, Product.title, Shop.name, Product.status, Product.hidden,
                    Product.hidden_reason)
             .join(Shop, Shop.id == Product.shop_id).order_by(Product.created_at.desc(), Product.id.desc()))
    if text:
        query = query.where(or_(Product.title.icontains(text, autoescape=True),
                                Shop.name.icontains(text, autoescape=True)))
    if hidden is not None:
        query = query.where(Product.hidden.is_(hidden))
    rows, total = counted_page(query, page_number, per_page)
    # a tuple: the page's rows are the key of their kept part (web/fragments.py)
    return Page(tuple(ModerationRow(*row) for row in rows), total, page_number, per_page)
