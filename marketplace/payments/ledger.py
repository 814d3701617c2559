"""What the agency owes each artisan: an append-only ledger per shop. A shop's balance is the sum of
its entries, never a stored number. Entries are only ever added; a mistake is put right with an
adjustment, never by changing or deleting what was written.

- `sale`: credited once when an order completes, for the order's total (goods and shipping: the
  artisan paid the courier). A cash-on-delivery order is also settled at once by a `payout` of the
  same amount, since the artisan already holds that cash.
- `commission`: the agency's share, COMMISSION_PERCENT of the goods (not of shipping), debited with
  the sale; the share of a later refund is given back as a positive commission entry.
- `refund`: debited when money is given back on an order whose sale was credited, even after a payout.
- `payout`: money the agency transferred to the artisan, with the bank reference.
- `adjustment`: an admin's correction, either sign, with a reason.
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from marketplace.auth.models import User
from marketplace.exceptions import Refusal
from marketplace.extensions import db
from marketplace.money import format_rupiah
from marketplace.payments.models import EntryKind, LedgerEntry, PaymentMethod, Refund
from marketplace.shops.models import Shop
from marketplace.web import reads

if TYPE_CHECKING:  # orders build on the ledger, not the reverse: an annotation only
    from marketplace.orders.models import Order

#: the entries that make up what an artisan earned from the marketplace (the impact report's income)
INCOME_KINDS = (EntryKind.SALE, EntryKind.COMMISSION, EntryKind.REFUND)
COD_REFERENCE = "cash on delivery"


class LedgerRefusal(Refusal):
    message = _l("This cannot be recorded in the ledger.")


class AmountNotPositive(LedgerRefusal):
    message = _l("Enter an amount above zero.")


class PayoutOverBalance(LedgerRefusal):
    def __init__(self, due: int):
        super().__init__(due)
        self.due = due

    def __str__(self) -> str:
        return str(_l("A payout can be at most the balance due, %(amount)s.", amount=format_rupiah(self.due)))


class ReasonRequired(LedgerRefusal):
    message = _l("An adjustment needs a reason.")


class AdjustmentIsZero(LedgerRefusal):
    message = _l("An adjustment cannot be zero.")


def _add(shop_id: int, kind: EntryKind, amount: int, **values) -> LedgerEntry:
    entry = LedgerEntry(shop_id=shop_id, kind=kind, amount=amount, **values)
    db.session.add(entry)
    return entry


@cache
def _balance_query():
    return (select(func.coalesce(func.sum(LedgerEntry.amount), 0))
            .where(LedgerEntry.shop_id == bindparam("shop_id")))


def balance(shop_id: int) -> int:
    return reads.rows(_balance_query(), {"shop_id": shop_id}).scalar_one()


def commission_on(goods: int) -> int:
    """COMMISSION_PERCENT of `goods`, rounded to the nearest rupiah."""
    percent = Decimal(str(current_app.config.get("COMMISSION_PERCENT", 0)))
    return int((goods * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _sale_credited(order: "Order") -> bool:
    return db.session.scalar(select(LedgerEntry.id).where(
        LedgerEntry.order_id == order.id, LedgerEntry.kind == EntryKind.SALE)) is not None


def credit_sale(order: "Order") -> LedgerEntry | None:
    """The order completed: credit its sale (once), its commission, and any refunds given before."""
    if _sale_credited(order):
        return None
    sale = _add(order.shop_id, EntryKind.SALE, order.total, order_id=order.id)
    commission = commission_on(order.subtotal)
    if commission:
        _add(order.shop_id, EntryKind.COMMISSION, -commission, order_id=order.id)
    if order.checkout.payment_method == PaymentMethod.COD:
        _add(order.shop_id, EntryKind.PAYOUT, -order.total, order_id=order.id, reference=COD_REFERENCE)
    db.session.flush()
    for earlier in db.session.scalars(select(Refund).where(Refund.order_id == order.id).order_by(Refund.id)):
        _debit(order, earlier, commission)
    db.session.flush()
    return sale


def debit_refund(order: "Order", refund: Refund) -> None:
    """A refund on an order whose sale was credited comes out of the artisan's balance, even after a
    payout; before completion there is nothing to take back (the sale is credited net of it later)."""
    if not _sale_credited(order):
        return
    charged = -db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
        LedgerEntry.order_id == order.id, LedgerEntry.kind == EntryKind.COMMISSION,
        LedgerEntry.refund_id.is_(None)))
    _debit(order, refund, charged)
    db.session.flush()


def _debit(order: "Order", refund: Refund, commission: int) -> None:
    _add(order.shop_id, EntryKind.REFUND, -refund.amount, order_id=order.id, refund_id=refund.id)
    # The commission on the refunded part goes back; rounded down, the parts never exceed the whole.
    returned = commission * refund.amount // order.total if order.total else 0
    if returned:
        _add(order.shop_id, EntryKind.COMMISSION, returned, order_id=order.id, refund_id=refund.id)


def _locked_shop(shop: Shop) -> Shop:
    """Lock the shop's row so two admins paying out at once cannot both pass the balance check."""
    return db.session.scalar(select(Shop).where(Shop.id == shop.id).with_for_update())


def record_payout(shop: Shop, amount: int, reference: str, admin: User) -> LedgerEntry:
    reference = (reference or "").strip()
    if amount <= 0:
        raise AmountNotPositive()
    if not reference:
        raise LedgerRefusal()
    _locked_shop(shop)
    due = balance(shop.id)
    if amount > due:
        raise PayoutOverBalance(max(due, 0))
    entry = _add(shop.id, EntryKind.PAYOUT, -amount, reference=reference, actor_id=admin.id)
    db.session.flush()
    return entry


def record_adjustment(shop: Shop, amount: int, reason: str, admin: User) -> LedgerEntry:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    if not amount:
        raise AdjustmentIsZero()
    entry = _add(shop.id, EntryKind.ADJUSTMENT, amount, reason=reason, actor_id=admin.id)
    db.session.flush()
    return entry


def entries_of(shop_id: int):
    """The shop's entries, oldest first, each with the running balance after it (a window sum) and
    its order's number, if any."""
    running = func.sum(LedgerEntry.amount).over(order_by=(LedgerEntry.created_at, LedgerEntry.id))
    rows = db.session.execute(
        select(LedgerEntry, running.label("running"))
        .where(LedgerEntry.shop_id == shop_id)
        .options(selectinload(LedgerEntry.actor), selectinload(LedgerEntry.order))
        .order_by(LedgerEntry.created_at, LedgerEntry.id)).all()
    return [(entry, total, entry.order.number if entry.order else None) for entry, total in rows]


def balances_due():
    """Every shop with ledger entries: its balance and what it earned, largest amount due first."""
    total = func.sum(LedgerEntry.amount)
    paid = func.coalesce(func.sum(LedgerEntry.amount).filter(LedgerEntry.kind == EntryKind.PAYOUT), 0)
    return db.session.execute(
        select(Shop.id, Shop.name, Shop.kecamatan, total.label("balance"), (-paid).label("paid_out"),
               func.max(LedgerEntry.created_at).label("last_entry"))
        .join(LedgerEntry, LedgerEntry.shop_id == Shop.id)
        .group_by(Shop.id, Shop.name, Shop.kecamatan).order_by(total.desc(), Shop.name)).all()


KIND_LABELS = {
    EntryKind.SALE: _l("Sale"),
    EntryKind.COMMISSION: _l("Commission"),
    EntryKind.REFUND: _l("Refund"),
    EntryKind.PAYOUT: _l("Payout"),
    EntryKind.ADJUSTMENT: _l("Adjustment"),
}


def describe(entry: LedgerEntry, order_number: str | None) -> str:
    """What an entry is about, in a few words, for the ledger pages and CSV."""
    if entry.kind == EntryKind.PAYOUT and entry.reference == COD_REFERENCE:
        return str(_l("Cash on delivery kept by the artisan, order %(number)s", number=order_number))
    parts = [order_number, entry.reference, entry.reason]
    return " · ".join(part for part in parts if part)
