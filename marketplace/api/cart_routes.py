"""The signed-in customer's cart: the same cart the website shows them."""

from marketplace.api import bp
from marketplace.api.inputs import CartItemInput, Quantity
from marketplace.api.openapi import current_user_or_none, endpoint
from marketplace.api.schemas import CartOut
from marketplace.extensions import db
from marketplace.orders import cart as carts
from marketplace.orders.checkout import allowed_methods


def my_cart() -> carts.DatabaseCart:
    return carts.DatabaseCart(current_user_or_none().id)


def cart_body(store: carts.CartStore) -> dict:
    items = carts.cart_items(store)
    parts = carts.shop_summaries(items)
    return {"items": items, "shops": parts, "total": sum(part.total for part in parts),
            "payment_methods": [method.value for method in allowed_methods(parts)] if items else []}


@bp.get("/cart")
@endpoint("The cart, priced by shop", tag="cart", auth=True, responses={200: CartOut()})
def cart():
    return cart_body(my_cart())


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
