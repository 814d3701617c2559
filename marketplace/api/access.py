"""Who may manage what through the API: the one place the API decides ownership. Another user's
private records (orders, carts, unlisted products) answer 404, so their ids are not even confirmed;
records anyone can see answer 403 to those who may not change them."""

import re

from sqlalchemy import select

from marketplace.api.errors import forbidden, not_found
from marketplace.api.fields import MAX_ID
from marketplace.api.openapi import current_user_or_none
from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.orders.queries import order_for_buyer, order_for_shop
from marketplace.products.catalog import can_view
from marketplace.products.models import Product, Variant
from marketplace.shops.access import can_manage_listings
from marketplace.shops.models import Shop
from marketplace.shops.services import can_preview

_SLUG = re.compile(r"^[a-z0-9-]{1,90}$")


def can_manage(user: User, shop: Shop, *, listings: bool = False) -> bool:
    """The shop's owner manages all of it; listings and their stock also the agency's curators, on
    the shop's behalf (the listing services keep such work a draft without the shop's consent)."""
    return can_manage_listings(user, shop) if listings else shop.owner_id == user.id


def get_row(model, row_id: int):
    """A row by id, or 404; ids beyond what the database holds are simply not found."""
    row = db.session.get(model, row_id) if 0 < row_id <= MAX_ID else None
    if row is None:
        raise not_found()
    return row


def shop_by_slug(slug: str) -> Shop:
    shop = db.session.scalar(select(Shop).where(Shop.slug == slug)) if _SLUG.match(slug) else None
    if shop is None:
        raise not_found()
    return shop


def visible_shop(slug: str, user: User | None) -> Shop:
    shop = shop_by_slug(slug)
    if not can_preview(shop, viewer(user)):
        raise not_found()
    return shop


def managed_shop(slug: str, user: User, *, listings: bool = False) -> Shop:
    shop = visible_shop(slug, user)
    if not can_manage(user, shop, listings=listings):
        raise forbidden()
    return shop


def managed_product(product_id: int, user: User) -> Product:
    product = get_row(Product, product_id)
    if not can_manage(user, product.shop, listings=True):
        raise forbidden() if can_view(product, user) else not_found()
    return product


def managed_variant(variant_id: int, user: User) -> Variant:
    variant = get_row(Variant, variant_id)
    if not can_manage(user, variant.product.shop, listings=True):
        raise not_found()
    return variant


def shop_order(order_id: int, user: User) -> Order:
    """An order placed with the user's shop, for fulfilment (the pages' rule: `orders.queries`)."""
    order = order_for_shop(order_id, user)
    if order is None:
        raise not_found()
    return order


def my_order(order_id: int, user: User) -> Order:
    order = order_for_buyer(order_id, user)
    if order is None:
        raise not_found()
    return order


def act_on_order(find, order_id: int, action, *args) -> Order:
    """The door of an order action: the order `find` gives the user (my_order or shop_order),
    `action(order, user, *args)`, one commit; the order as it is now, also after a repeat."""
    user = current_user_or_none()
    order = find(order_id, user)
    action(order, user, *args)
    db.session.commit()
    return order


class _Anonymous:
    is_authenticated = False


def viewer(user: User | None):
    """The user, or a stand-in the services' visibility checks read as not logged in."""
    return user if user is not None else _Anonymous()
