import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DDL, CheckConstraint, ForeignKey, Index, String, Text, event, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.auth.models import User
from marketplace.extensions import db, enum_column, utcnow
from marketplace.shops.models import Shop

if TYPE_CHECKING:  # orders build on payments: the ledger names the order table's class
    from marketplace.orders.models import Order


class PaymentMethod(enum.StrEnum):
    """How the buyer pays; the method tells the provider that takes the money (`provider`)."""

    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    COD = "cod"
    # Through Midtrans Snap: QRIS, e-wallets, bank virtual accounts and shop counters.
    QRIS = "qris"
    GOPAY = "gopay"
    SHOPEEPAY = "shopeepay"
    BCA_VA = "bca_va"
    BNI_VA = "bni_va"
    BRI_VA = "bri_va"
    MANDIRI_VA = "mandiri_va"
    PERMATA_VA = "permata_va"
    INDOMARET = "indomaret"
    ALFAMART = "alfamart"

    @property
    def provider(self) -> "Provider | None":
        """Who takes the money: None for what the agency and the artisans collect themselves."""
        if self == PaymentMethod.CARD:
            return Provider.STRIPE
        if self in MIDTRANS_METHODS:
            return Provider.MIDTRANS
        return None

    @property
    def refunds_automatically(self) -> bool:
        """The provider gives the money back through its API; otherwise the agency sends it by hand."""
        return self == PaymentMethod.CARD or self in MIDTRANS_REFUNDABLE


class Provider(enum.StrEnum):
    STRIPE = "stripe"
    MIDTRANS = "midtrans"


MIDTRANS_METHODS = (PaymentMethod.QRIS, PaymentMethod.GOPAY, PaymentMethod.SHOPEEPAY, PaymentMethod.BCA_VA,
                    PaymentMethod.BNI_VA, PaymentMethod.BRI_VA, PaymentMethod.MANDIRI_VA,
                    PaymentMethod.PERMATA_VA, PaymentMethod.INDOMARET, PaymentMethod.ALFAMART)
#: the Midtrans channels its refund API serves; a virtual account or a counter payment is sent back
#: by the agency's bank, by hand
MIDTRANS_REFUNDABLE = (PaymentMethod.QRIS, PaymentMethod.GOPAY, PaymentMethod.SHOPEEPAY)


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Payment(db.Model):
    """What the customer pays for one checkout, however many shops it spans."""

    __tablename__ = "payments"
    __table_args__ = (
        # the agency's payments list, newest first, reads a page's worth of rows through these
        # rather than sorting every payment ever made: all of them, and those of one method and
        # status (the bank transfers waiting for confirmation come first)
        Index("ix_payments_created_at_id", "created_at", "id"),
        Index("ix_payments_method_status_created_at", "method", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkouts.id"), unique=True)
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod))
    #: whole rupiah
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="IDR")
    status: Mapped[PaymentStatus] = mapped_column(enum_column(PaymentStatus), default=PaymentStatus.PENDING,
                                                  index=True)
    #: the provider's id: a Stripe PaymentIntent, the order id of a Midtrans transaction
    reference: Mapped[str | None] = mapped_column(String(100), unique=True)
    #: Midtrans Snap's token for the payment page (Snap.js) and the same page as a plain link
    snap_token: Mapped[str | None] = mapped_column(String(100))
    redirect_url: Mapped[str | None] = mapped_column(String(255))
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


class EntryKind(enum.StrEnum):
    SALE = "sale"
    COMMISSION = "commission"
    REFUND = "refund"
    PAYOUT = "payout"
    ADJUSTMENT = "adjustment"


class LedgerEntry(db.Model):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        CheckConstraint("kind <> 'sale' OR (amount > 0 AND order_id IS NOT NULL)", name="sale_shape"),
        CheckConstraint("kind <> 'commission' OR order_id IS NOT NULL", name="commission_shape"),
        CheckConstraint("kind <> 'refund' OR (amount < 0 AND refund_id IS NOT NULL)", name="refund_shape"),
        CheckConstraint("kind <> 'payout' OR (amount < 0 AND reference IS NOT NULL)", name="payout_shape"),
        CheckConstraint("kind <> 'adjustment' OR reason IS NOT NULL", name="adjustment_shape"),
        # A retried completion or refund cannot write its entries twice.
        Index("uq_ledger_entries_order_kind", "order_id", "kind", unique=True,
              sqlite_where=text("order_id IS NOT NULL AND refund_id IS NULL"),
              postgresql_where=text("order_id IS NOT NULL AND refund_id IS NULL")),
        Index("uq_ledger_entries_refund_kind", "refund_id", "kind", unique=True,
              sqlite_where=text("refund_id IS NOT NULL"), postgresql_where=text("refund_id IS NOT NULL")),
        Index("ix_ledger_entries_shop_id_created_at", "shop_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind, length=12), index=True)
    #: signed whole rupiah: positive is owed to the artisan, negative was paid or taken back
    amount: Mapped[int]
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"))
    #: the bank transfer's reference for a payout
    reference: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now(), index=True)

    shop: Mapped[Shop] = relationship()
    order: Mapped["Order | None"] = relationship("Order")
    actor: Mapped[User | None] = relationship()


class AppendOnly(Exception):
    """A ledger entry was changed or deleted: money history only grows."""


@event.listens_for(LedgerEntry, "before_update")
@event.listens_for(LedgerEntry, "before_delete")
def _refuse_rewriting_history(mapper, connection, entry):
    raise AppendOnly(f"ledger entry {entry.id} cannot be changed")


#: the database refuses too, for SQL written outside the ORM (the migration creates the same triggers)
APPEND_ONLY_TRIGGERS = {
    "sqlite": [f"CREATE TRIGGER ledger_entries_no_{verb} BEFORE {verb.upper()} ON ledger_entries "
               "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END"
               for verb in ("update", "delete")],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'ledger entries are append-only'; END $$",
        "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries "
        "FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only()"],
}
for _dialect, _statements in APPEND_ONLY_TRIGGERS.items():
    for _statement in _statements:
        event.listen(LedgerEntry.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
