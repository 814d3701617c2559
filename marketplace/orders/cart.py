"""The cart: what a customer means to buy, kept in the session for guests and in the database for
accounts. The rules below see the cart only through a store (`SessionCart`, `DatabaseCart`), so they
never care which; they add and flush, and the caller commits."""

from collections import defaultdict
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.auth.models import User
from marketplace.exceptions import Refusal
from marketplace.extensions import db, utcnow
from marketplace.orders.exceptions import OwnShop
from marketplace.orders.models import Cart, CartLine, Checkout
from marketplace.orders.shipping import shipping_fee
from marketplace.products.models import Product, ProductImage, Variant
from marketplace.shops.models import Shop, ZoneRate
from marketplace.shops.zones import Destination

#: units of one variant in one cart
MAX_QUANTITY = 100
#: distinct variants in one cart; a guest's cart lives in the session cookie, which must stay small
MAX_LINES = 50


class CartError(Refusal):
    """Why the cart cannot change as asked."""

    message = _l("Your cart could not be changed.")

    def __init__(self, message=None):
        super().__init__()
        if message is not None:
            self.message = message


class InvalidQuantity(CartError):
    message = _l("Enter a quantity from 1 to %(max)d.", max=MAX_QUANTITY)
    field = "quantity"
    status = 422


class NotForSale(CartError):
    message = _l("This item is not for sale.")
    field = "variant_id"
    status = 422


class NotInCart(CartError):
    message = _l("This item is no longer in your cart.")
    status = 404


class CartFull(CartError):
    message = _l("Your cart is full: it holds up to %(max)d different items.", max=MAX_LINES)


class NotEnoughStock(CartError):
    def __init__(self, available: int, in_cart: int = 0):
        self.available, self.in_cart = max(available, 0), in_cart
        if self.available == 0:
            message = _l("Sorry, this item is sold out.")
        elif in_cart:
            message = _l("Only %(available)d available, and %(in_cart)d are already in your cart.",
                         available=self.available, in_cart=in_cart)
        else:
            message = _l("Only %(available)d available.", available=self.available)
        super().__init__(message)


class OwnShopItem(OwnShop, CartError):
    """Refused when it is put in the cart, not only at checkout."""


def check_not_selling(user: User | None, product: Product, acting_for: Shop | None,
                      refusal: type[OwnShop]) -> None:
    """Refuse, with `refusal`, someone on the selling side of the product's shop: its owner, or a
    curator or admin working on its behalf (the shop `acting_for` they assist now, or a listing they
    prepared for it). A guest (None) sells nothing."""
    if user is None:
        return
    shop = product.shop
    if shop.owner_id == user.id:
        raise refusal(shop.name)
    if (acting_for is not None and acting_for.id == shop.id) or product.prepared_by_id == user.id:
        raise refusal(shop.name, on_behalf=True)


class CartStore(Protocol):
    def lines(self) -> dict[int, tuple[int, int]]: ...  # variant id -> (quantity, price when added)
    def put(self, variant_id: int, quantity: int, price: int) -> None: ...
    def remove(self, variant_id: int) -> None: ...
    def clear(self) -> None: ...
    def loaded_variants(self) -> list[Variant] | None: ...  # with products and shops, if the store has them


class SessionCart:
    """A guest's cart: session["cart"] = {"variant id": [quantity, price when added]}."""

    KEY = "cart"

    def __init__(self, session: MutableMapping):
        self._session = session

    def lines(self) -> dict[int, tuple[int, int]]:
        raw = self._session.get(self.KEY)
        lines = {}
        for key, value in (raw.items() if isinstance(raw, dict) else ()):
            try:  # a cookie written by an older version of this code is skipped, not an error
                quantity, price = (int(number) for number in value)
                lines[int(key)] = (quantity, price)
            except (TypeError, ValueError):
                continue
        return lines

    def put(self, variant_id: int, quantity: int, price: int) -> None:
        self._save({**self.lines(), variant_id: (quantity, price)})

    def remove(self, variant_id: int) -> None:
        lines = self.lines()
        lines.pop(variant_id, None)
        self._save(lines)

    def clear(self) -> None:
        self._session.pop(self.KEY, None)

    def loaded_variants(self) -> None:
        return None

    def _save(self, lines: dict[int, tuple[int, int]]) -> None:
        # A new dict, not a changed one, so that the session knows it must be saved.
        self._session[self.KEY] = {str(key): [quantity, price] for key, (quantity, price) in lines.items()}


class DatabaseCart:
    """A customer's cart, in the database; the row is made on the first put. It is loaded with its
    lines' variants, products and shops in one query: every page that shows the cart needs them."""

    def __init__(self, user_id: int):
        self.user_id = user_id
        self._cart = db.session.execute(select(Cart).where(Cart.user_id == user_id).options(
            joinedload(Cart.lines).joinedload(CartLine.variant).joinedload(Variant.product)
            .joinedload(Product.shop))).unique().scalar_one_or_none()

    def lines(self) -> dict[int, tuple[int, int]]:
        lines = self._cart.lines if self._cart else []
        return {line.variant_id: (line.quantity, line.price_when_added) for line in lines}

    def loaded_variants(self) -> list[Variant] | None:
        """None once a line was added after loading: its variant is not loaded."""
        lines = self._cart.lines if self._cart else []
        if any("variant" in inspect(line).unloaded for line in lines):
            return None
        return [line.variant for line in lines]

    def put(self, variant_id: int, quantity: int, price: int) -> None:
        if self._cart is None:
            self._cart = Cart(user_id=self.user_id)
            db.session.add(self._cart)
        line = self._line(variant_id)
        if line is None:
            line = CartLine(variant_id=variant_id)
            self._cart.lines.append(line)
        line.quantity, line.price_when_added = quantity, price
        self._touch()

    def remove(self, variant_id: int) -> None:
        line = self._line(variant_id)
        if line is not None:
            self._cart.lines.remove(line)
            self._touch()

    def clear(self) -> None:
        if self._cart is not None and self._cart.lines:
            self._cart.lines.clear()
            self._touch()

    def _line(self, variant_id: int) -> CartLine | None:
        lines = self._cart.lines if self._cart else []
        return next((line for line in lines if line.variant_id == variant_id), None)

    def _touch(self) -> None:
        self._cart.updated_at = utcnow()
        db.session.flush()


@dataclass(frozen=True)
class CartItem:
    variant: Variant
    quantity: int
    price_when_added: int

    @property
    def for_sale(self) -> bool:
        return self.variant.product.is_public

    @property
    def price_changed(self) -> bool:
        return self.variant.price != self.price_when_added

    @property
    def short_of_stock(self) -> bool:
        return not self.variant.product.made_to_order and self.quantity > self.variant.available

    @property
    def line_total(self) -> int:
        """At today's price, which is what checkout charges."""
        return self.variant.price * self.quantity

    @property
    def weight_grams(self) -> int:
        return self.variant.product.weight_grams * self.quantity


@dataclass(frozen=True)
class ShopSummary:
    """One shop's part of the cart; what is no longer for sale is not counted."""

    shop: Shop
    items: list[CartItem]
    subtotal: int
    weight_grams: int
    shipping_fee: int
    #: where the fee was priced to; None: not known yet, priced at the shop's flat fees
    destination: Destination | None = None

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping_fee

    @property
    def shipping_rate(self) -> str:
        """What priced the shipping: `free` (above the shop's amount, or collected), the shop's rate
        for the destination's `zone`, or its `flat` fees."""
        if self.subtotal and not self.shipping_fee:
            return "free"
        if self.destination is not None and self.shop.zone_rate(self.destination.zone) is not None:
            return "zone"
        return "flat"


#: the largest id the database can hold (PostgreSQL INTEGER); a bigger one would be a database error
_MAX_ID = 2**31 - 1


def _variants_query(variant_ids):
    """Variants with their product and shop in one query."""
    return (select(Variant).join(Variant.product).join(Product.shop)
            .where(Variant.id.in_(list(variant_ids)))
            .options(contains_eager(Variant.product).contains_eager(Product.shop)))


def _in_cart_order(variant: Variant) -> tuple:
    product = variant.product
    return product.shop.name, product.shop_id, product.title, product.id, variant.position, variant.id


def _variant_for_sale(variant_id: int) -> Variant:
    variant = None
    if isinstance(variant_id, int) and 0 < variant_id <= _MAX_ID:
        variant = db.session.scalar(_variants_query([variant_id]))
    if variant is None or not variant.product.is_public:
        raise NotForSale()
    return variant


def _limit(variant: Variant) -> int:
    """The most units of `variant` one cart may hold: made to order is not limited by the shelf."""
    if variant.product.made_to_order:
        return MAX_QUANTITY
    return max(0, min(variant.available, MAX_QUANTITY))


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidQuantity()


def _check_limit(variant: Variant, total: int, in_cart: int = 0) -> None:
    if total <= _limit(variant):
        return
    if _limit(variant) == MAX_QUANTITY:
        raise InvalidQuantity(_l("You can have at most %(max)d of one item in your cart.", max=MAX_QUANTITY))
    raise NotEnoughStock(variant.available, in_cart)


def add_to_cart(store: CartStore, variant_id: int, quantity: int, buyer: User | None = None,
                acting_for: Shop | None = None) -> None:
    """`buyer` is None for a guest; `acting_for` is the shop a curator or admin assists now."""
    _check_quantity(quantity)
    variant = _variant_for_sale(variant_id)
    check_not_selling(buyer, variant.product, acting_for, OwnShopItem)
    lines = store.lines()
    in_cart = lines.get(variant.id, (0, 0))[0]
    if not in_cart and len(lines) >= MAX_LINES:
        raise CartFull()
    _check_limit(variant, in_cart + quantity, in_cart)
    # The customer has just seen today's price on the product page.
    store.put(variant.id, in_cart + quantity, variant.price)


def set_quantity(store: CartStore, variant_id: int, quantity: int) -> None:
    _check_quantity(quantity)
    lines = store.lines()
    if variant_id not in lines:
        raise NotInCart()
    variant = _variant_for_sale(variant_id)
    _check_limit(variant, quantity)
    # The price seen when adding is kept, so a price change stays visible until added again.
    store.put(variant_id, quantity, lines[variant_id][1])


def remove_from_cart(store: CartStore, variant_id: int) -> None:
    store.remove(variant_id)


def clear_cart(store: CartStore) -> None:
    store.clear()


def cart_items(store: CartStore, with_photos: bool = False) -> list[CartItem]:
    """The lines with their variants, products and shops, by shop: as the store loaded them, else in
    one query, however many lines; with their photos in one more query for the cart page (checkout
    and the API show none). A line whose variant was deleted is left out."""
    lines = store.lines()
    if not lines:
        return []
    variants = store.loaded_variants()
    if variants is None:
        variants = list(db.session.scalars(_variants_query(lines)))
    variants.sort(key=_in_cart_order)
    if with_photos:
        _load_photos({variant.product for variant in variants})
    return [CartItem(variant, *lines[variant.id]) for variant in variants]


def _load_photos(products: set[Product]) -> None:
    photos = defaultdict(list)
    for image in db.session.scalars(select(ProductImage).where(
            ProductImage.product_id.in_([product.id for product in products]))
            .order_by(ProductImage.product_id, ProductImage.position, ProductImage.id)):
        photos[image.product_id].append(image)
    for product in products:
        set_committed_value(product, "images", photos[product.id])


def _load_zone_rates(shops: list[Shop]) -> None:
    """Every shop's zone rates in one query, however many shops the cart holds."""
    rates = defaultdict(list)
    for rate in db.session.scalars(select(ZoneRate).where(ZoneRate.shop_id.in_([shop.id for shop in shops]))
                                   .order_by(ZoneRate.id)):
        rates[rate.shop_id].append(rate)
    for shop in shops:
        set_committed_value(shop, "zone_rates", rates[shop.id])


def items_by_shop(items: list[CartItem]) -> list[tuple[Shop, list[CartItem]]]:
    groups: dict[int, tuple[Shop, list[CartItem]]] = {}
    for item in items:
        shop = item.variant.product.shop
        groups.setdefault(shop.id, (shop, []))[1].append(item)
    return sorted(groups.values(), key=lambda group: (group[0].name, group[0].id))


def shop_summaries(items: list[CartItem], pickup_shop_ids=frozenset(),
                   destination: Destination | None = None) -> list[ShopSummary]:
    """The cart by shop, priced (shipping to `destination`): what the cart page shows and what checkout
    charges."""
    summaries = []
    groups = items_by_shop(items)
    if destination is not None:
        _load_zone_rates([shop for shop, _group in groups])
    for shop, group in groups:
        buyable = [item for item in group if item.for_sale]
        subtotal = sum(item.line_total for item in buyable)
        weight = sum(item.weight_grams for item in buyable)
        fee = shipping_fee(shop, weight, subtotal, shop.id in pickup_shop_ids, destination) if buyable else 0
        summaries.append(ShopSummary(shop, group, subtotal, weight, fee, destination))
    return summaries


def merge_carts(source: CartStore, target: CartStore) -> bool:
    """Add a guest's lines to an account's cart: quantities add up, capped at what can be bought. The
    caller empties the guest's cart once this is committed. True when something was reduced or left
    out, so that the customer can be told."""
    guest, mine = source.lines(), target.lines()
    variants = list(db.session.scalars(_variants_query(guest))) if guest else []
    reduced = len(variants) < len(guest)
    for variant in variants:
        quantity, price = guest[variant.id]
        in_cart = mine.get(variant.id, (0, 0))[0]
        room = in_cart or len(mine) < MAX_LINES
        allowed = min(in_cart + quantity, _limit(variant)) if variant.product.is_public and room else 0
        reduced = reduced or allowed < in_cart + quantity
        if allowed >= 1:
            target.put(variant.id, allowed, price)
            mine[variant.id] = (allowed, price)
    return reduced


def return_to_cart(checkout: Checkout) -> None:
    """After a declined card, the cloth goes back into the customer's cart, so trying again (with
    another card or by transfer) is one click away. Lines already in the cart are left as they are."""
    cart = DatabaseCart(checkout.buyer_id)
    in_cart = cart.lines()
    for order in checkout.orders:
        for line in order.lines:
            if line.variant_id not in in_cart:
                cart.put(line.variant_id, line.quantity, line.unit_price)
    db.session.flush()
