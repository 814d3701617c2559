"""What the agency's payment pages show of a payment, as frozen values: a list of 50 payments is
rendered a row at a time, each row kept while its values are equal (web/fragments.py)."""

from dataclasses import dataclass
from datetime import datetime

from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus


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


def payment_row(payment: Payment) -> PaymentRow:
    """`payment` loaded with its checkout's buyer."""
    buyer = payment.checkout.buyer
    return PaymentRow(payment.id, payment.checkout_id, buyer.name, buyer.email, payment.amount,
                      payment.method, payment.status, payment.receipt_key is not None, payment.reference,
                      payment.created_at)
