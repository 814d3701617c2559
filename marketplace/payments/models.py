import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.auth.models import User, utcnow
from marketplace.extensions import db, enum_column


class PaymentMethod(enum.StrEnum):
    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    COD = "cod"


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Payment(db.Model):
    """What the customer pays for one checkout, however many shops it spans."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkouts.id"), unique=True)
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod))
    #: whole rupiah
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="IDR")
    status: Mapped[PaymentStatus] = mapped_column(enum_column(PaymentStatus), default=PaymentStatus.PENDING,
                                                  index=True)
    #: the provider's id, e.g. a Stripe PaymentIntent
    reference: Mapped[str | None] = mapped_column(String(100), unique=True)
    #: unpaid after this, the checkout is cancelled and its stock released
    deadline: Mapped[datetime | None]
    #: the customer's photo of their bank transfer receipt
    receipt_key: Mapped[str | None] = mapped_column(String(120))
    paid_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    confirmed_by: Mapped[User | None] = relationship()
    checkout: Mapped["Checkout"] = relationship(back_populates="payment")  # noqa: F821


class PaymentEvent(db.Model):
    """Every provider event seen, stored once: a second delivery of the same event has no effect."""

    __tablename__ = "payment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100), unique=True)
    type: Mapped[str] = mapped_column(String(60))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    #: what it did: paid, failed, already settled, amount mismatch, unknown payment...
    outcome: Mapped[str] = mapped_column(String(40), default="received")
    received_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())


class Refund(db.Model):
    """Money given back for one order; an order's refunds never add up to more than was paid for it."""

    __tablename__ = "refunds"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    #: whole rupiah
    amount: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    #: the card processor's refund id; empty for bank transfers, which the agency sends back by hand
    reference: Mapped[str | None] = mapped_column(String(100))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
