"""The artisan's side: applying for a shop, listings, price and stock, and fulfilling orders."""

from dataclasses import fields

from flask_babel import lazy_gettext as _l

from marketplace.api import bp
from marketplace.api.access import act_on_order, managed_product, managed_shop, managed_variant, shop_order
from marketplace.api.catalog_routes import page_body
from marketplace.api.errors import invalid
from marketplace.api.inputs import (
    CodCash,
    Listing,
    ListingChanges,
    PageArgs,
    PriceAndStock,
    Shipment,
    ShopApplication,
    ShopChanges,
    changes_to,
)
from marketplace.api.openapi import current_user_or_none, endpoint
from marketplace.api.order_schemas import OrderOut
from marketplace.api.schemas import OwnProductOut, OwnVariantOut, ShopOut, page_of
from marketplace.extensions import db
from marketplace.orders import actions as order_actions
from marketplace.orders import payment_actions
from marketplace.orders import services as orders
from marketplace.orders.models import Order
from marketplace.products import services as listings
from marketplace.products.models import DyeType, Fabric, ProductStatus, Technique
from marketplace.shops import services as shops
from marketplace.shops.models import Cohort
from marketplace.shops.zones import Zone

_SHOP_FIELDS = ("name", "story", "kecamatan", "village", "whatsapp", "nib")
_SETTINGS = ("curator_publish_consent", "shipping_base_fee", "shipping_fee_per_kg", "free_shipping_from",
             "allows_pickup", "allows_cod")


def _zone_rates(body: dict) -> dict | None:
    """The rates sent, replacing them all; None when none were sent (they stay as they are)."""
    if "zone_rates" not in body:
        return None
    sent = {Zone(rate["zone"]): (rate["first_kg_fee"], rate["next_kg_fee"]) for rate in body["zone_rates"]}
    return {zone: sent.get(zone) for zone in Zone}


def _cohort(body: dict, current=None):
    if "cohort_id" not in body:
        return current
    if body["cohort_id"] is None:
        return None
    cohort = db.session.get(Cohort, body["cohort_id"])
    if cohort is None:
        raise invalid("cohort_id", _l("Choose a training from the list."))
    return cohort


@bp.post("/shops")
@endpoint("Apply for a shop (it starts pending, until a curator verifies it)", tag="selling",
          auth=True, body=ShopApplication(), responses={201: ShopOut()}, errors=(409,))
def apply_for_shop(body):
    details = shops.ShopDetails(**{name: body.get(name) for name in _SHOP_FIELDS}, cohort=_cohort(body))
    shop = shops.apply_for_shop(current_user_or_none(), details)
    db.session.commit()
    return shop, 201


@bp.patch("/shops/<slug>")
@endpoint("Edit the shop's details and settings", tag="selling", auth=True,
          body=changes_to(ShopChanges), responses={200: ShopOut()}, errors=(403,))
def update_shop(slug, body):
    shop = managed_shop(slug, current_user_or_none())
    details = shops.ShopDetails(**{name: body.get(name, getattr(shop, name)) for name in _SHOP_FIELDS},
                                cohort=_cohort(body, shop.cohort))
    shops.update_shop(shop, details)
    shops.update_settings(shop, **{name: body.get(name, getattr(shop, name)) for name in _SETTINGS},
                          zone_rates=_zone_rates(body))
    db.session.commit()
    return shop


def _details(body: dict, product=None) -> listings.ListingDetails:
    enums = {"technique": Technique, "dye_type": DyeType, "fabric": Fabric}
    values = {}
    for item in fields(listings.ListingDetails):
        value = body[item.name] if item.name in body else getattr(product, item.name, None)
        values[item.name] = enums[item.name](value) if item.name in enums else value
    return listings.ListingDetails(**values)


def _variants(body: dict, product=None) -> list[listings.VariantDetails]:
    if "variants" not in body and product is not None:
        return [listings.VariantDetails(sku=variant.sku, name=variant.name, price=variant.price,
                                        stock_on_hand=variant.stock_on_hand, id=variant.id)
                for variant in product.variants]
    return [listings.VariantDetails(sku=row["sku"], name=row["name"], price=row["price"],
                                    stock_on_hand=row["stock"], id=row.get("id")) for row in body["variants"]]


@bp.post("/shops/<slug>/products")
@endpoint("Create a listing (as a draft)", tag="selling", auth=True, body=Listing(),
          responses={201: OwnProductOut()}, errors=(403,))
def create_product(slug, body):
    user = current_user_or_none()
    shop = managed_shop(slug, user, listings=True)
    product = listings.create_product(shop, _details(body), _variants(body), user)
    db.session.commit()
    return product, 201


@bp.patch("/products/<int:product_id>")
@endpoint("Edit a listing; `status` publishes, unpublishes or archives it", tag="selling", auth=True,
          body=changes_to(ListingChanges), responses={200: OwnProductOut()}, errors=(403, 409))
def update_product(product_id, body):
    user = current_user_or_none()
    product = managed_product(product_id, user)
    listings.update_product(product, _details(body, product), _variants(body, product), user)
    if "status" in body and body["status"] != product.status:
        listings.change_status(product, ProductStatus(body["status"]), user)
    db.session.commit()
    return product


@bp.delete("/products/<int:product_id>")
@endpoint("Archive a listing (it leaves the catalog; orders keep their copy)", tag="selling",
          auth=True, responses={204: None}, errors=(403,))
def archive_product(product_id):
    user = current_user_or_none()
    product = managed_product(product_id, user)
    if product.status != ProductStatus.ARCHIVED:
        listings.change_status(product, ProductStatus.ARCHIVED, user)
        db.session.commit()
    return None, 204


@bp.patch("/variants/<int:variant_id>")
@endpoint("Set a variant's price and stock on hand", tag="selling", auth=True, body=PriceAndStock(),
          responses={200: OwnVariantOut()})
def update_variant(variant_id, body):
    user = current_user_or_none()
    variant = managed_variant(variant_id, user)
    listings.set_price_and_stock(variant, body.get("price", variant.price),
                                 body.get("stock", variant.stock_on_hand), user)
    db.session.commit()
    return variant


@bp.get("/shops/<slug>/orders")
@endpoint("Orders placed with the shop, newest first", tag="selling", auth=True, query=PageArgs(),
          responses={200: page_of(OrderOut)()}, errors=(403,))
def shop_orders(slug, args):
    shop = managed_shop(slug, current_user_or_none())
    items, total = orders.orders_page(Order.shop_id == shop.id, args["page"], args["per_page"])
    return page_body(items, args["page"], args["per_page"], total)


@bp.post("/orders/<int:order_id>/process")
@endpoint("Start preparing the shop's paid order", tag="selling", auth=True, responses={200: OrderOut()},
          errors=(409,))
def process_order(order_id):
    return act_on_order(shop_order, order_id, order_actions.process_order)


@bp.post("/orders/<int:order_id>/ship")
@endpoint("Mark the shop's order shipped, with courier, service and tracking number", tag="selling",
          auth=True, body=Shipment(), responses={200: OrderOut()}, errors=(409,))
def ship_order(order_id, body):
    return act_on_order(shop_order, order_id, order_actions.ship_order, body["courier"],
                        body["tracking_number"], body["service"])


@bp.post("/orders/<int:order_id>/deliver")
@endpoint("Mark the shop's order delivered", tag="selling", auth=True, responses={200: OrderOut()},
          errors=(409,))
def deliver_order(order_id):
    return act_on_order(shop_order, order_id, order_actions.mark_delivered)


@bp.post("/orders/<int:order_id>/cod-cash")
@endpoint("Record the cash received for a cash-on-delivery order: exactly what the buyer owes",
          tag="selling", auth=True, body=CodCash(), responses={200: OrderOut()}, errors=(409,))
def record_cod_cash(order_id, body):
    return act_on_order(shop_order, order_id, payment_actions.record_cod_cash, body["amount"])
