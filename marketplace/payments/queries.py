"""What the agency's payment pages show of a payment, as frozen values: a page of 50 payments is
rendered once and kept while its rows are equal (web/fragments.py). Read with the checkout's buyer
by orders.queries.payment_rows (checkouts belong to orders)."""

from dataclasses import dataclass
from datetime import datetime

from marketplace.payments.models import PaymentMethod, PaymentStatus


@dataclass(frozen=True)
class PaymentRow:
    id: int
    checkout_id: int
    buyer_name: str
    buyer_email: str
    amount: int
    method: PaymentMethod
    status: PaymentStatus
    has_receipt: bool
    reference: str | None
    created_at: datetime
