"""The ledger as people read it: rows for the admin's and the artisan's pages, and its CSV."""

from dataclasses import dataclass
from datetime import datetime

from marketplace.payments import ledger
from marketplace.payments.models import EntryKind
from marketplace.shops.models import Shop
from marketplace.web.csvfile import csv_response
from marketplace.web.localtime import as_local


@dataclass(frozen=True)
class EntryRow:
    id: int
    created_at: datetime
    kind: EntryKind
    amount: int
    balance: int
    order_number: str | None
    description: str
    actor: str


def entry_rows(shop_id: int) -> list[EntryRow]:
    return [EntryRow(entry.id, as_local(entry.created_at), entry.kind, entry.amount, int(running), number,
                     ledger.describe(entry, number), entry.actor.name if entry.actor else "")
            for entry, running, number in ledger.entries_of(shop_id)]


def entries_csv(shop: Shop):
    header = ["entry_id", "recorded_at", "kind", "amount", "balance_after", "order", "description",
              "recorded_by"]
    return csv_response(f"ledger-{shop.slug}.csv", header,
                        ([row.id, row.created_at.isoformat(), row.kind.value, row.amount, row.balance,
                          row.order_number or "", row.description, row.actor]
                         for row in entry_rows(shop.id)))
