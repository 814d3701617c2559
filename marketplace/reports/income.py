"""What an artisan earned from goods, read from the ledger.

The ledger credits a `sale` for the order's total, goods and shipping, because the agency owes the
artisan the shipping they paid the courier. That shipping is passed through, not income: counted as
income it would put a statement's income above its gross sales, which a bank officer reading a KUR
statement rightly questions. So each income entry (sale, commission, refund) is split here into a
goods part and a shipping part that add up to its amount:

- sale: the goods are the amount less the order's shipping fee; the rest is shipping.
- commission: all goods, since the agency charges (and gives back) commission on goods only.
- refund: the refunds of an order take back its goods first, and shipping only with what they add
  up to beyond the order's goods. Why: a refund does not say what it was for, and taking it from
  income first never overstates what the artisan earned; the cap at the order's goods keeps a full
  refund (goods and shipping) from taking back more goods than were sold.

Because the parts add up to the entries, goods income plus shipping is the ledger's income to the
rupiah."""

from sqlalchemy import case, func, select

from marketplace.orders.models import Order
from marketplace.payments.ledger import INCOME_KINDS
from marketplace.payments.models import EntryKind, LedgerEntry


def _least(first, second):
    """The smaller of two SQL expressions (SQLite spells it min(a, b), PostgreSQL least(a, b))."""
    return case((first < second, first), else_=second)


def entry_parts(*order_filters):
    """A subquery with one row per income entry of the orders passing `order_filters`: shop_id, kind,
    credited_at, placed_at (the order's), goods and shipping. The filters must keep or drop whole
    orders, because the refund cap looks at every earlier refund of the same order."""
    refunded = case((LedgerEntry.kind == EntryKind.REFUND, -LedgerEntry.amount), else_=0)
    # the order's refunds up to and including this entry, in the order they were written
    so_far = func.sum(refunded).over(partition_by=LedgerEntry.order_id,
                                     order_by=(LedgerEntry.created_at, LedgerEntry.id))
    goods_back = _least(so_far, Order.subtotal) - _least(so_far - refunded, Order.subtotal)
    goods = case((LedgerEntry.kind == EntryKind.SALE, LedgerEntry.amount - Order.shipping_fee),
                 (LedgerEntry.kind == EntryKind.REFUND, -goods_back), else_=LedgerEntry.amount)
    return (select(LedgerEntry.shop_id, LedgerEntry.kind, LedgerEntry.created_at.label("credited_at"),
                   Order.created_at.label("placed_at"), goods.label("goods"),
                   (LedgerEntry.amount - goods).label("shipping"))
            .join(Order, Order.id == LedgerEntry.order_id)
            .where(LedgerEntry.kind.in_(INCOME_KINDS), *order_filters).subquery())
