"""What a payment processor (Stripe, Midtrans) says about a payment, in our units: each gateway
translates its own answers into these, so the payment actions apply them the same way."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class ProcessorState(Protocol):
    """A processor's word on one payment: its reference, its own status name, the amount and
    currency it holds, and what that means for us."""

    reference: str
    status: str
    amount: int | Decimal
    currency: str

    @property
    def result(self) -> str | None:
        """`succeeded`, `failed`, `refunded`, or None while the customer may still pay."""


@dataclass(frozen=True)
class ChargeRefunds:
    """The refunds a processor lists for a payment as (refund id, rupiah), oldest first, and the
    rupiah refunded on it in all (Stripe: a charge; Midtrans: a transaction)."""

    charge: str
    payment_intent: str | None
    listed: list[tuple[str, int]]
    total: int
