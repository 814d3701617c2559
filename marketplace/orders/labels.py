import re

from flask_babel import lazy_gettext as _l

from marketplace.money import format_rupiah
from marketplace.orders.models import OrderStatus
from marketplace.payments.models import PaymentMethod, PaymentStatus

METHOD_LABELS = {
    PaymentMethod.CARD: _l("Debit or credit card"),
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer"),
    PaymentMethod.COD: _l("Cash on delivery"),
    PaymentMethod.QRIS: "QRIS",
    PaymentMethod.GOPAY: "GoPay",
    PaymentMethod.SHOPEEPAY: "ShopeePay",
    PaymentMethod.BCA_VA: _l("%(bank)s virtual account", bank="BCA"),
    PaymentMethod.BNI_VA: _l("%(bank)s virtual account", bank="BNI"),
    PaymentMethod.BRI_VA: _l("%(bank)s virtual account", bank="BRI"),
    PaymentMethod.MANDIRI_VA: _l("%(bank)s virtual account", bank="Mandiri"),
    PaymentMethod.PERMATA_VA: _l("%(bank)s virtual account", bank="Permata"),
    PaymentMethod.INDOMARET: "Indomaret",
    PaymentMethod.ALFAMART: "Alfamart",
}

ORDER_STATUS_LABELS = {
    OrderStatus.AWAITING_PAYMENT: _l("Awaiting payment"),
    OrderStatus.PAID: _l("Paid"),
    OrderStatus.PROCESSING: _l("Being prepared"),
    OrderStatus.SHIPPED: _l("Shipped"),
    OrderStatus.DELIVERED: _l("Delivered"),
    OrderStatus.COMPLETED: _l("Completed"),
    OrderStatus.CANCELLED: _l("Cancelled"),
    OrderStatus.REFUNDED: _l("Refunded"),
}

PAYMENT_STATUS_LABELS = {
    PaymentStatus.PENDING: _l("Waiting for payment"),
    PaymentStatus.PAID: _l("Paid"),
    PaymentStatus.FAILED: _l("Failed"),
    PaymentStatus.EXPIRED: _l("Expired"),
    PaymentStatus.CANCELLED: _l("Cancelled"),
}

#: what the timeline's system notes say, in the reader's language; the note is stored as written by
#: the action (English, for the logs), and a note a person wrote (a reason, a courier) shows as it is
EVENT_NOTES = {
    "cash on delivery": _l("To be paid in cash on delivery"),
    "received by the customer": _l("The customer confirmed receipt"),
    "bank transfer confirmed": _l("Bank transfer confirmed by the agency"),
    "card payment": _l("Paid by card"),
    "cash on delivery received": _l("All the cash was received"),
    "payment expired": _l("Not paid in time"),
    "payment failed": _l("The card payment did not go through"),
    "refunded at the card processor": _l("Refunded at the card processor"),
    "paid through Midtrans": _l("Paid through Midtrans"),
    "refunded at Midtrans": _l("Refunded at Midtrans"),
}
_PATTERNS = (
    (re.compile(r"^completed (\d+) days after shipping$"),
     lambda days: _l("Completed by itself %(days)s days after shipping", days=days)),
    (re.compile(r"^COD cash (\d+)$"),
     lambda amount: _l("Cash recorded: %(amount)s", amount=format_rupiah(int(amount)))),
    (re.compile(r"^problem reported: (.*)$", re.S), lambda note: _l("Problem reported: %(note)s", note=note)),
)


def event_note(note: str | None) -> str:
    if not note:
        return ""
    if note in EVENT_NOTES:
        return str(EVENT_NOTES[note])
    for pattern, label in _PATTERNS:
        match = pattern.match(note)
        if match:
            return str(label(match.group(1)))
    return note
