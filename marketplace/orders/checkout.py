"""Placing a checkout: one order per shop and one payment, stock reserved in one go. Every amount
is computed here from the database; nothing the browser sends about money is used."""

from dataclasses import dataclass, fields
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from marketplace.auth.models import User
from marketplace.extensions import db, utcnow
from marketplace.jobs.queue import enqueue_after_commit, run_after_commit
from marketplace.orders import services as orders
from marketplace.orders.cart import ShopSummary, check_not_selling, shop_summaries
from marketplace.orders.exceptions import (
    CartChanged,
    EmptyCart,
    MethodNotAllowed,
    OwnShopPurchase,
    SoldOut,
    TokenReused,
    TooManyUnitsHeld,
    TooManyUnpaidCheckouts,
)
from marketplace.orders.models import Checkout, Order, OrderLine, OrderStatus, SavedAddress
from marketplace.orders.notifications import tell_checkout_placed
from marketplace.orders.provider_payments import prepare_after_commit
from marketplace.payments import midtrans_gateway
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.products import stock
from marketplace.shops.models import Shop
from marketplace.shops.zones import Destination


@dataclass
class Address:
    recipient: str
    phone: str
    street: str
    village: str
    kecamatan: str
    city: str
    province: str
    postal_code: str

    @property
    def destination(self) -> Destination:
        return Destination(self.province, self.city)


def allowed_methods(parts: list[ShopSummary]) -> list[PaymentMethod]:
    config = current_app.config
    methods = []
    if config.get("STRIPE_SECRET_KEY"):
        methods.append(PaymentMethod.CARD)
    if midtrans_gateway.is_configured():
        methods += [PaymentMethod(name) for name in config["MIDTRANS_METHODS"]]
    if config.get("BANK_ACCOUNT_NUMBER"):
        methods.append(PaymentMethod.BANK_TRANSFER)
    if parts and all(part.shop.allows_cod for part in parts):
        methods.append(PaymentMethod.COD)
    return methods


def shops_without_cod(parts: list[ShopSummary]) -> list[str]:
    """The names of the shops in the cart that do not take cash on delivery: the reason the
    checkout page gives when it offers no COD."""
    return [part.shop.name for part in parts if not part.shop.allows_cod]


def pickup_shops(items, chosen_shop_ids: set[int]) -> set[int]:
    """The shops the customer chose to collect from, among those that allow it."""
    offered = {item.variant.product.shop_id for item in items if item.variant.product.shop.allows_pickup}
    return chosen_shop_ids & offered


def saved_addresses(user: User) -> list[SavedAddress]:
    return list(db.session.scalars(select(SavedAddress).where(SavedAddress.user_id == user.id)
                                   .order_by(SavedAddress.id.desc())))


def save_address(user: User, address: Address) -> SavedAddress:
    """Keep the address for next time, unless the customer already has exactly this one."""
    values = {item.name: getattr(address, item.name).strip() for item in fields(Address)}
    existing = db.session.scalar(select(SavedAddress).filter_by(user_id=user.id, **values))
    if existing is not None:
        return existing
    saved = SavedAddress(user_id=user.id, **values)
    db.session.add(saved)
    db.session.flush()
    return saved


def latest_destination(user: User) -> Destination | None:
    """Where the customer's latest saved address is, to price shipping before they check out."""
    saved = db.session.scalar(select(SavedAddress).where(SavedAddress.user_id == user.id)
                              .order_by(SavedAddress.id.desc()).limit(1))
    return address_of(saved).destination if saved else None


def address_of(saved: SavedAddress) -> Address:
    return Address(**{item.name: getattr(saved, item.name) for item in fields(Address)})


def find_checkout(token: str) -> Checkout | None:
    return db.session.scalar(select(Checkout).where(Checkout.token == token))


def place_checkout(buyer: User, items, address: Address, method: PaymentMethod, token: str,
                   pickup_shop_ids=frozenset(), acting_for: Shop | None = None) -> Checkout:
    """Reserve the stock and create the checkout, its orders and its payment. Once committed, a card
    payment gets its intent from the processor, and the confirmation emails are a job (a
    cash-on-delivery order reaches its artisan at once). The same token twice (a double click, a
    retry) returns the first checkout instead of a second one. Nobody buys from a shop they sell for
    (`acting_for`: the shop a curator or admin assists now), and one account's checkouts waiting for
    payment are capped in number and in pieces held."""
    existing = find_checkout(token)
    if existing is not None:
        if existing.buyer_id != buyer.id:
            raise TokenReused()
        return existing
    parts = _checked_parts(buyer, items, method, pickup_shop_ids, acting_for, address.destination)
    if method != PaymentMethod.COD:
        _check_unpaid_limits(buyer, items)
    _reserve(items)
    checkout = _new_checkout(buyer, address, method, token, parts)
    payment = _new_payment(checkout, method)
    placed = [_new_order(checkout, part, buyer, pickup=part.shop.id in pickup_shop_ids) for part in parts]
    db.session.flush()
    _number(placed)
    if method == PaymentMethod.COD:
        for order in checkout.orders:
            orders.change_status(order, OrderStatus.PROCESSING, buyer, "cash on delivery")
    if method.provider:
        run_after_commit(prepare_after_commit, payment.id)
    enqueue_after_commit(tell_checkout_placed, checkout.id)
    return checkout


def _checked_parts(buyer, items, method, pickup_shop_ids, acting_for, destination) -> list[ShopSummary]:
    if not items:
        raise EmptyCart()
    for item in items:
        check_not_selling(buyer, item.variant.product, acting_for, OwnShopPurchase)
    if any(not item.variant.product.is_public or item.short_of_stock for item in items):
        raise CartChanged()
    parts = shop_summaries(items, pickup_shop_ids, destination)  # the address's, whatever the cart showed
    if method not in allowed_methods(parts):
        raise MethodNotAllowed()
    return parts


def unpaid_holdings(buyer: User) -> tuple[int, int]:
    """How many of the buyer's checkouts wait for a card payment or a transfer, and how many pieces
    their orders hold off the shelf (made to order holds none). Cash on delivery is not waiting: its
    orders are already being prepared."""
    waiting = (select(Checkout.id).join(Checkout.payment)
               .where(Checkout.buyer_id == buyer.id, Payment.status == PaymentStatus.PENDING,
                      Payment.method != PaymentMethod.COD))
    count = db.session.scalar(select(func.count()).select_from(waiting.subquery()))
    units = db.session.scalar(
        select(func.coalesce(func.sum(OrderLine.quantity), 0)).join(OrderLine.order)
        .where(Order.checkout_id.in_(waiting), Order.status == OrderStatus.AWAITING_PAYMENT,
               OrderLine.made_to_order.is_(False)))
    return count, units


def _check_unpaid_limits(buyer: User, items) -> None:
    config = current_app.config
    # One checkout of this buyer at a time from here to the commit, so that two placed at once cannot
    # both pass the count (PostgreSQL locks the row; SQLite lets one writer in at a time anyway).
    db.session.execute(select(User.id).where(User.id == buyer.id).with_for_update())
    count, units = unpaid_holdings(buyer)
    if count >= config["UNPAID_CHECKOUTS_PER_ACCOUNT"]:
        raise TooManyUnpaidCheckouts(config["UNPAID_CHECKOUTS_PER_ACCOUNT"])
    total = units + sum(item.quantity for item in items if not item.variant.product.made_to_order)
    if total > config["UNPAID_UNITS_PER_ACCOUNT"]:
        raise TooManyUnitsHeld(config["UNPAID_UNITS_PER_ACCOUNT"], total)


def _reserve(items) -> None:
    counts: dict[int, int] = {}
    for item in items:
        counts[item.variant.id] = counts.get(item.variant.id, 0) + item.quantity
    made_to_order = {item.variant.id for item in items if item.variant.product.made_to_order}
    try:
        stock.reserve(counts, made_to_order)
    except stock.OutOfStock as error:
        raise SoldOut() from error


def _new_checkout(buyer, address, method, token, parts) -> Checkout:
    subtotal = sum(part.subtotal for part in parts)
    shipping = sum(part.shipping_fee for part in parts)
    checkout = Checkout(buyer=buyer, token=token, payment_method=method, subtotal=subtotal,
                        shipping_total=shipping, total=subtotal + shipping,
                        **{item.name: getattr(address, item.name).strip() for item in fields(Address)})
    db.session.add(checkout)
    return checkout


def _new_order(checkout: Checkout, part: ShopSummary, buyer: User, pickup: bool) -> Order:
    order = Order(checkout=checkout, shop=part.shop, buyer=buyer, status=OrderStatus.AWAITING_PAYMENT,
                  subtotal=part.subtotal, shipping_fee=part.shipping_fee, total=part.total,
                  weight_grams=part.weight_grams, pickup=pickup)
    for item in part.items:
        variant, product = item.variant, item.variant.product
        order.lines.append(OrderLine(
            variant_id=variant.id, product_id=product.id, title=product.title, variant_name=variant.name,
            sku=variant.sku, unit_price=variant.price, quantity=item.quantity,
            line_total=variant.price * item.quantity, made_to_order=product.made_to_order))
    orders.record_event(order, None, OrderStatus.AWAITING_PAYMENT, buyer)
    db.session.add(order)
    return order


def _number(placed: list[Order]) -> None:
    """Order numbers come from the ids, so they are given once the orders are inserted (together)."""
    for order in placed:
        order.number = f"BNY-{order.created_at.year}-{order.id:06d}"
    db.session.flush()


def _new_payment(checkout: Checkout, method: PaymentMethod) -> Payment:
    config = current_app.config
    instant, waiting = (timedelta(minutes=config["CARD_RESERVATION_MINUTES"]),
                        timedelta(hours=config["BANK_TRANSFER_RESERVATION_HOURS"]))
    windows = {PaymentMethod.CARD: instant, PaymentMethod.BANK_TRANSFER: waiting,
               # paid on the phone at once, or at an ATM or a shop counter later, as a transfer is
               PaymentMethod.QRIS: instant, PaymentMethod.GOPAY: instant, PaymentMethod.SHOPEEPAY: instant}
    window = windows.get(method, waiting if method.provider else None)
    payment = Payment(checkout=checkout, method=method, amount=checkout.total, currency="IDR",
                      deadline=utcnow() + window if window else None)
    db.session.add(payment)
    return payment
