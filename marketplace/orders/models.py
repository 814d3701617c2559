import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.auth.models import User
from marketplace.extensions import db, enum_column, utcnow
from marketplace.orders.couriers import find_courier
from marketplace.payments.models import Payment, PaymentMethod
from marketplace.products.models import Variant
from marketplace.shops.models import Shop


class OrderStatus(enum.StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class AddressColumns:
    """An Indonesian shipping address, as checkouts keep it and customers save it."""

    recipient: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    street: Mapped[str] = mapped_column(String(200))
    village: Mapped[str] = mapped_column(String(80))
    kecamatan: Mapped[str] = mapped_column(String(80))
    city: Mapped[str] = mapped_column(String(80))
    province: Mapped[str] = mapped_column(String(80))
    postal_code: Mapped[str] = mapped_column(String(5))


class Checkout(AddressColumns, db.Model):
    """What a customer pays for at once: one order per shop and one payment."""

    __tablename__ = "checkouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: the form's one-time token: a second submission finds this checkout instead of making another
    token: Mapped[str] = mapped_column(String(64), unique=True)
    payment_method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod))
    #: whole rupiah, computed on the server
    subtotal: Mapped[int]
    shipping_total: Mapped[int]
    total: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    buyer: Mapped[User] = relationship()
    orders: Mapped[list["Order"]] = relationship(back_populates="checkout", order_by="Order.id")
    payment: Mapped[Payment] = relationship(back_populates="checkout", uselist=False)


class Order(db.Model):
    """One shop's part of a checkout: the artisan's unit of work."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("total = subtotal + shipping_fee", name="total_adds_up"),
        # a shop's open orders (its to-do, its lists) without reading the finished ones, which a
        # busy shop gathers by the thousand
        Index("ix_orders_shop_id_status", "shop_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: BNY-YYYY-NNNNNN, given right after the row exists
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkouts.id"), index=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus), index=True)
    subtotal: Mapped[int]
    shipping_fee: Mapped[int]
    total: Mapped[int]
    weight_grams: Mapped[int]
    pickup: Mapped[bool] = mapped_column(default=False)
    #: the courier's name as shown; orders shipped before the courier list hold what the artisan typed
    courier: Mapped[str | None] = mapped_column(String(60))
    #: the courier's code in `couriers.COURIERS` (None for free text that matched no courier)
    courier_code: Mapped[str | None] = mapped_column(String(20))
    courier_service: Mapped[str | None] = mapped_column(String(30))
    tracking_number: Mapped[str | None] = mapped_column(String(60))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    #: cash the artisan received from the courier or the customer, for cash on delivery
    cod_cash_received: Mapped[int | None]
    #: the buyer said something is wrong (not arrived, damaged): the order then never completes by itself
    problem_reported_at: Mapped[datetime | None]
    problem_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    checkout: Mapped[Checkout] = relationship(back_populates="orders")
    shop: Mapped[Shop] = relationship()
    buyer: Mapped[User] = relationship()
    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order", order_by="OrderLine.id",
                                                    cascade="all, delete-orphan")
    events: Mapped[list["OrderEvent"]] = relationship(back_populates="order", order_by="OrderEvent.id",
                                                      cascade="all, delete-orphan")

    @property
    def courier_label(self) -> str | None:
        """`JNE REG`, `The shop's own delivery`, or the free text of an older order."""
        chosen = find_courier(self.courier_code)
        if chosen is None:
            return self.courier
        return f"{chosen.name} {self.courier_service}" if self.courier_service else str(chosen.label)

    @property
    def tracking_url(self) -> str | None:
        """The courier's public page for this parcel, when the courier has one."""
        chosen = find_courier(self.courier_code)
        return chosen.tracking_url(self.tracking_number) if chosen else None


class OrderLine(db.Model):
    """What was bought, copied at the time of sale: later edits to the listing change nothing here."""

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("line_total = unit_price * quantity", name="line_total_adds_up"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    title: Mapped[str] = mapped_column(String(120))
    variant_name: Mapped[str] = mapped_column(String(60))
    sku: Mapped[str] = mapped_column(String(40))
    unit_price: Mapped[int]
    quantity: Mapped[int]
    line_total: Mapped[int]
    #: made-to-order units are never taken from stock
    made_to_order: Mapped[bool] = mapped_column(default=False)

    order: Mapped[Order] = relationship(back_populates="lines")
    variant: Mapped[Variant] = relationship()


class OrderEvent(db.Model):
    """Every change of an order's state: its timeline and its audit."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[OrderStatus | None] = mapped_column(enum_column(OrderStatus, name="from_status"))
    to_status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus, name="to_status"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    order: Mapped[Order] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class SavedAddress(AddressColumns, db.Model):
    """A shipping address a customer kept for their next checkout."""

    __tablename__ = "saved_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())


class Cart(db.Model):
    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    lines: Mapped[list["CartLine"]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", passive_deletes=True)


class CartLine(db.Model):
    __tablename__ = "cart_lines"
    __table_args__ = (
        UniqueConstraint("cart_id", "variant_id", name="uq_cart_lines_cart_id_variant_id"),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"))
    # A variant the artisan deletes leaves every cart with it, instead of blocking the deletion.
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int]
    #: whole rupiah: the price the customer saw when they last added it
    price_when_added: Mapped[int]
    added_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    cart: Mapped[Cart] = relationship(back_populates="lines")
    variant: Mapped[Variant] = relationship()
