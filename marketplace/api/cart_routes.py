"""The signed-in customer's cart: the same cart the website shows them."""

from marketplace.api import bp
from marketplace.api.inputs import CartItemInput, DestinationArgs, Quantity
from marketplace.api.openapi import current_user_or_none, endpoint
from marketplace.api.schemas import CartOut
from marketplace.extensions import db
from marketplace.orders import cart as carts
from marketplace.orders.checkout import allowed_methods, latest_destination
from marketplace.shops.zones import Destination


def my_cart() -> carts.DatabaseCart:
    return carts.DatabaseCart(current_user_or_none().id)


def cart_body(store: carts.CartStore, destination: Destination | None = None) -> dict:
    """The cart priced with shipping to `destination`, else to the customer's latest saved address
    (as the website's cart)."""
    destination = destination or latest_destination(current_user_or_none())
    items = carts.cart_items(store)
    parts = carts.shop_summaries(items, destination=destination)
    return {"items": items, "shops": parts, "total": sum(part.total for part in parts),
            "payment_methods": [method.value for method in allowed_methods(parts)] if items else [],
            "ship_to": destination}


@bp.get("/cart")
@endpoint("The cart, priced by shop (shipping to the latest saved address)", tag="cart", auth=True,
          responses={200: CartOut()})
def cart():
    return cart_body(my_cart())


@bp.get("/cart/quote")
@endpoint("The cart priced for a destination: each shop's shipping there and the payment methods "
          "offered", tag="cart", auth=True, query=DestinationArgs(), responses={200: CartOut()},
          description="Checkout charges the same for an address in this province and kabupaten or kota.")
def cart_quote(args):
    return cart_body(my_cart(), Destination(args["province"], args["city"]))


@bp.post("/cart/items")
@endpoint("Add a variant to the cart (quantities add up)", tag="cart", auth=True, body=CartItemInput(),
          responses={201: CartOut()}, errors=(403, 409))
def add_cart_item(body):
    store = my_cart()
    carts.add_to_cart(store, body["variant_id"], body["quantity"], current_user_or_none())
    db.session.commit()
    return cart_body(store), 201


@bp.patch("/cart/items/<int:variant_id>")
@endpoint("Set the quantity of a cart line (its id is the variant's)", tag="cart", auth=True,
          body=Quantity(), responses={200: CartOut()}, errors=(409,))
def update_cart_item(variant_id, body):
    store = my_cart()
    carts.set_quantity(store, variant_id, body["quantity"])
    db.session.commit()
    return cart_body(store)


@bp.delete("/cart/items/<int:variant_id>")
@endpoint("Remove a line from the cart", tag="cart", auth=True, responses={200: CartOut()})
def remove_cart_item(variant_id):
    store = my_cart()
    if variant_id not in store.lines():
        raise carts.NotInCart()
    carts.remove_from_cart(store, variant_id)
    db.session.commit()
    return cart_body(store)
