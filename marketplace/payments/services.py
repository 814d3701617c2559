"""The payment record's rules: settling it once, bank transfer receipts, the processor's events and
intents. A checkout is paid at most once: every settlement is a guarded UPDATE from `pending`. What
a settlement does to the checkout's orders is `orders.settlement`."""

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.exceptions import Refusal
from marketplace.extensions import db, utcnow
from marketplace.media.images import delete_stored, store_receipt
from marketplace.payments.exceptions import ReceiptNotExpected, RejectionReasonRequired
from marketplace.payments.models import MIDTRANS_METHODS, Payment, PaymentEvent, PaymentMethod, PaymentStatus


class AlreadySettled(Refusal):
    """The payment is no longer pending: paid, failed, expired or cancelled before this."""

    message = _l("This payment is no longer waiting: it was settled before.")


def settle(payment: Payment, status: PaymentStatus, **values) -> None:
    """Move a pending payment to `status`, once: a payment settled meanwhile raises AlreadySettled."""
    moved = db.session.execute(
        update(Payment).where(Payment.id == payment.id, Payment.status == PaymentStatus.PENDING)
        .values(status=status, **values).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise AlreadySettled(payment.id)
    set_committed_value(payment, "status", status)
    for name, value in values.items():
        set_committed_value(payment, name, value)


def lock(payment: Payment) -> None:
    """Hold the payment's row until the commit (PostgreSQL; SQLite writes one at a time anyway) and
    read it afresh: what another transaction settled or refunded meanwhile is seen."""
    db.session.execute(select(Payment).where(Payment.id == payment.id).with_for_update()
                       .execution_options(populate_existing=True))


def overdue_payments(now: datetime | None = None) -> list[Payment]:
    """Pending payments past their deadline, except transfers whose receipt the agency has not
    looked at yet: the customer did their part, so the wait is the agency's, not theirs."""
    return list(db.session.scalars(select(Payment).where(
        Payment.status == PaymentStatus.PENDING, Payment.deadline.is_not(None),
        Payment.deadline < (now or utcnow()), Payment.receipt_key.is_(None)).order_by(Payment.id)))


def attach_receipt(payment: Payment, upload) -> None:
    """The customer's photo of their transfer, kept private; a new one replaces the old."""
    if payment.method != PaymentMethod.BANK_TRANSFER or payment.status != PaymentStatus.PENDING:
        raise ReceiptNotExpected()
    key = store_receipt(upload)
    delete_stored(payment.receipt_key)
    payment.receipt_key = key
    payment.note = None
    db.session.flush()


def reject_receipt(payment: Payment, reason: str, window: timedelta) -> None:
    """The receipt is let go and the customer has `window` from now to transfer or send the right
    one (the receipt had paused the deadline, which may have passed meanwhile)."""
    if payment.method != PaymentMethod.BANK_TRANSFER or payment.status != PaymentStatus.PENDING \
            or not payment.receipt_key:
        raise AlreadySettled(payment.id)
    if not reason:
        raise RejectionReasonRequired()
    delete_stored(payment.receipt_key)
    payment.receipt_key, payment.note = None, reason
    payment.deadline = utcnow() + window
    db.session.flush()


def record_provider_event(event_id: str, event_type: str) -> PaymentEvent | None:
    """Store the event id once; None when it was seen before (a repeated delivery)."""
    if db.session.scalar(select(PaymentEvent.id).where(PaymentEvent.event_id == event_id)):
        return None
    event = PaymentEvent(event_id=event_id, type=event_type)
    db.session.add(event)
    db.session.flush()  # a concurrent delivery of the same event fails here, on the unique event id
    return event


def pending_card_payments() -> list[Payment]:
    return _pending_at_processor([PaymentMethod.CARD])


def pending_midtrans_payments() -> list[Payment]:
    return _pending_at_processor(MIDTRANS_METHODS)


def _pending_at_processor(methods) -> list[Payment]:
    return list(db.session.scalars(select(Payment).where(
        Payment.method.in_(methods), Payment.status == PaymentStatus.PENDING,
        Payment.reference.is_not(None)).order_by(Payment.id)))


def payment_by_reference(reference: str | None) -> Payment | None:
    if not reference:
        return None
    return db.session.scalar(select(Payment).where(Payment.reference == reference))


def ensure_card_intent(payment: Payment, create_intent) -> None:
    """Give a card payment its PaymentIntent. Done after the checkout is committed, so the stock rows
    are not held while the processor answers; a failed attempt is simply made again next time."""
    if payment.method != PaymentMethod.CARD or payment.reference or payment.status != PaymentStatus.PENDING:
        return
    payment.reference, _ = create_intent(payment, f"payment-{payment.id}")
    db.session.flush()


def ensure_snap_transaction(payment: Payment, create_transaction) -> None:
    """Give a Midtrans payment its Snap transaction, after the checkout is committed as a card's
    intent is. Midtrans refuses an order id twice, so each attempt has its own: one whose answer
    was lost is never paid (its page was never shown) and expires at Midtrans."""
    if payment.method not in MIDTRANS_METHODS or payment.snap_token \
            or payment.status != PaymentStatus.PENDING:
        return
    order_id = f"BNY-{payment.checkout_id}-{secrets.token_hex(4)}"
    payment.snap_token, payment.redirect_url = create_transaction(payment, order_id)
    payment.reference = order_id
    db.session.flush()
