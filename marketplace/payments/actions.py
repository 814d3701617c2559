"""The agency paying artisans: each action writes the ledger entry and its audit entry. The actions on
a checkout's payment move orders too, so they live in `orders.payment_actions`."""

from marketplace.audit.services import record_action
from marketplace.auth.models import User
from marketplace.payments import ledger
from marketplace.shops.models import Shop


def _audit_entry(admin: User, action: str, shop: Shop, entry) -> None:
    balance = ledger.balance(shop.id)
    record_action(admin, action, shop, before={"balance": balance - entry.amount},
                  after={"balance": balance, "entry_id": entry.id, "kind": entry.kind.value,
                         "amount": entry.amount, "reference": entry.reference},
                  reason=entry.reason)


def record_payout(shop: Shop, amount: int, reference: str, admin: User):
    """Money the agency transferred to the artisan (never more than is due), audited."""
    entry = ledger.record_payout(shop, amount, reference, admin)
    _audit_entry(admin, "ledger.payout", shop, entry)
    return entry


def record_adjustment(shop: Shop, amount: int, reason: str, admin: User):
    """A correction of either sign with its reason (a cash-on-delivery shortfall, say), audited."""
    entry = ledger.record_adjustment(shop, amount, reason, admin)
    _audit_entry(admin, "ledger.adjustment", shop, entry)
    return entry
