"""Every action on a checkout's payment, each holding its whole story: the rule (in `settlement`,
`refunds` and `payments.ledger`), the state moves of the payment and its orders, the audit entry when
the agency acts, and the emails and cart restoration that follow the commit. The pages, the API, the
commands, the webhook and the jobs call these and commit once; none composes a follow-up of its own.
They live with the orders because paying moves orders; `payments` keeps the money itself (the
payment record, the processor, the ledger) and knows nothing of orders."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.jobs.queue import enqueue_after_commit
from marketplace.orders import notifications, refunds, settlement
from marketplace.orders.cart import return_to_cart
from marketplace.orders.exceptions import CardCheckoutIsWhole, SnapCheckoutIsWhole
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.settlement import ProcessorOutcome
from marketplace.payments import midtrans_gateway, stripe_gateway
from marketplace.payments import services as payments
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus, Provider, Refund
from marketplace.payments.processors import ChargeRefunds, ProcessorState
from marketplace.payments.services import AlreadySettled
from marketplace.transitions import InvalidTransition, Outcome

_PAYMENT = ("status", "paid_at", "amount")


# -- bank transfers ---------------------------------------------------------------------------------

def confirm_transfer(payment: Payment, admin: User) -> Outcome:
    """The agency saw the transfer arrive: the orders are paid, buyer and artisans are told."""
    if payment.method != PaymentMethod.BANK_TRANSFER:
        raise AlreadySettled(payment.id)
    if payment.status == PaymentStatus.PAID:
        return Outcome.UNCHANGED
    before = snapshot(payment, *_PAYMENT)
    settlement.mark_paid(payment, admin, note="bank transfer confirmed")
    record_action(admin, "payment.confirm", payment, before=before, after=snapshot(payment, *_PAYMENT))
    enqueue_after_commit(notifications.tell_checkout_paid, payment.checkout_id)
    return Outcome.DONE


def reject_transfer(payment: Payment, admin: User, reason: str) -> Outcome:
    """The receipt matches no transfer: the customer is asked to check and send another, with a
    fresh window to do it (the receipt had paused the expiry)."""
    reason = (reason or "").strip()
    payments.reject_receipt(payment, reason, _transfer_window())
    record_action(admin, "payment.reject_receipt", payment, reason=reason,
                  after=snapshot(payment, "status", "deadline"))
    enqueue_after_commit(notifications.tell_transfer_rejected, payment.checkout_id)
    return Outcome.DONE


def _transfer_window() -> timedelta:
    return timedelta(hours=current_app.config["BANK_TRANSFER_RESERVATION_HOURS"])


def attach_receipt(payment: Payment, upload) -> Outcome:
    """The customer's photo of their transfer; while the agency has not decided, the checkout does
    not expire."""
    payments.attach_receipt(payment, upload)
    return Outcome.DONE


def expire_unpaid() -> int:
    """Cancel checkouts past their deadline (not those waiting for the agency to look at a receipt),
    free their stock and tell the buyers; safe from cron or the scheduler at any time."""
    expired = 0
    for payment in payments.overdue_payments():
        try:
            settlement.fail_or_expire(payment, PaymentStatus.EXPIRED)
        except (AlreadySettled, InvalidTransition):
            continue  # settled meanwhile by someone else
        enqueue_after_commit(notifications.tell_checkout_expired, payment.checkout_id)
        expired += 1
    return expired


# -- cards and Midtrans ----------------------------------------------------------------------------

def settle_processor_payment(payment: Payment | None, state: ProcessorState,
                             agent: User | None = None) -> ProcessorOutcome:
    """Apply what the processor (Stripe, Midtrans) says about a payment, whoever asked: the webhook or
    notification, the reconciliation job or command, or an admin's check (audited). Paid: buyer and
    artisans are told. Failed: the cloth goes back into the buyer's cart and the buyer is told."""
    if payment is None:
        return ProcessorOutcome.UNKNOWN_PAYMENT
    before = snapshot(payment, *_PAYMENT)
    outcome = settlement.processor_outcome(payment, state)
    if outcome == ProcessorOutcome.PAID:
        enqueue_after_commit(notifications.tell_checkout_paid, payment.checkout_id)
    elif outcome == ProcessorOutcome.FAILED:
        return_to_cart(payment.checkout)
        enqueue_after_commit(notifications.tell_payment_failed, payment.checkout_id)
    if agent is not None and outcome in (ProcessorOutcome.PAID, ProcessorOutcome.FAILED):
        after = {**snapshot(payment, *_PAYMENT), f"{payment.method.provider}_status": state.status}
        record_action(agent, "payment.reconcile", payment, before=before, after=after)
    return outcome


def reconcile_processor_payments() -> dict[str, int]:
    """Ask each configured processor about the payments pending with it (the command and the
    scheduled job), outcomes added up."""
    outcomes: dict[str, int] = {}
    if stripe_gateway.is_configured():
        outcomes = reconcile_card_payments(stripe_gateway.intent_state)
    if midtrans_gateway.is_configured():
        found = reconcile_midtrans_payments(midtrans_gateway.transaction_state,
                                            midtrans_gateway.UnknownTransaction)
        for outcome, count in found.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + count
    return outcomes


def reconcile_card_payments(state_of) -> dict[str, int]:
    """Ask Stripe about every pending card payment and apply what it says."""
    return _reconcile(payments.pending_card_payments(), state_of)


def reconcile_midtrans_payments(state_of, unknown=()) -> dict[str, int]:
    """Ask Midtrans about every pending Midtrans payment and apply what it says; `unknown` is the
    error it raises for a transaction it does not have yet (the buyer has not chosen to pay)."""
    return _reconcile(payments.pending_midtrans_payments(), state_of, unknown)


def _reconcile(pending: list[Payment], state_of, unknown=()) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    for payment in pending:
        try:
            state = state_of(payment.reference)
        except unknown:
            continue
        outcome = _settle_if_decided(payment, state)
        if outcome is not None:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def _settle_if_decided(payment: Payment, state: ProcessorState,
                       agent: User | None = None) -> ProcessorOutcome | None:
    """None while the customer may still pay (or the processor reports a refund, which its own
    event applies)."""
    if state.result not in ("succeeded", "failed"):
        return None
    return settle_processor_payment(payment, state, agent)


def check_processor_payment(payment: Payment, admin: User) -> tuple[ProcessorState, ProcessorOutcome | None]:
    """An admin asks the payment's processor (Stripe or Midtrans) about it now: the reconciliation of
    this one payment, audited when it changes something. Returns what the processor says and what
    changed. Raises ProviderUnavailable, or midtrans_gateway.UnknownTransaction while the buyer has
    not chosen how to pay on Snap's page."""
    if payment.method.provider == Provider.MIDTRANS:
        state = midtrans_gateway.transaction_state(payment.reference)
    else:
        state = stripe_gateway.intent_state(payment.reference)
    return state, _settle_if_decided(payment, state, agent=admin)


#: what the timeline says of a refund each processor reports
_REFUNDED_AT = {Provider.STRIPE: "refunded at the card processor", Provider.MIDTRANS: "refunded at Midtrans"}


def apply_processor_refund(payment: Payment | None, charge: ChargeRefunds) -> ProcessorOutcome:
    """A refund made at the processor (its dashboard) rather than through us is applied to the
    checkout's orders in turn, as the agency's own refunds are (order state, stock, ledger, emails),
    exactly once: a refund id already recorded is skipped, and an event that lists no refunds
    brings only what its charge's refunded total has beyond what we recorded. The payment is locked
    first, so a refund of ours still being recorded is counted, not applied twice."""
    if payment is None:
        return ProcessorOutcome.UNKNOWN_PAYMENT
    payments.lock(payment)
    if payment.status != PaymentStatus.PAID:
        return ProcessorOutcome.RECORDED  # nothing of ours was paid to give back; the event is kept
    missing = _unrecorded(payment, charge)
    for reference, amount in missing:
        _spread_refund(payment, reference, amount)
    return ProcessorOutcome.REFUNDED if missing else ProcessorOutcome.ALREADY_SETTLED


def _unrecorded(payment: Payment, charge: ChargeRefunds) -> list[tuple[str, int]]:
    recorded = db.session.execute(select(Refund.reference, Refund.amount)
                                  .where(Refund.payment_id == payment.id)).all()
    if charge.listed:
        known = {reference for reference, _amount in recorded}
        return [(reference, amount) for reference, amount in charge.listed if reference not in known]
    beyond = charge.total - sum(amount for _reference, amount in recorded)
    return [(charge.charge, beyond)] if beyond > 0 else []


def _spread_refund(payment: Payment, reference: str, amount: int) -> None:
    for order in settlement.payment_orders(payment):
        part = min(amount, order.total - refunds.refunded_so_far(order))
        if part <= 0:
            continue
        refunds.refund(order, part, _REFUNDED_AT[payment.method.provider], None,
                       lambda *_args: reference)
        enqueue_after_commit(notifications.tell_order_refunded, order.id, part)
        amount -= part
        if not amount:
            return


# -- refunds and cancellations ---------------------------------------------------------------------

def refund_order(order: Order, amount: int, reason: str, admin: User, send_refund) -> Refund:
    """Give back part or all of what was paid for `order` (audited); raises RefundTooLarge,
    RefundRefused or the processor's ProviderUnavailable, and then nothing changed. `send_refund(payment,
    amount, key)` gives the money back at the processor (`payments.gateways.send_refund`)."""
    before = {**snapshot(order, "status"), "refunded": refunds.refunded_so_far(order)}
    record = refunds.refund(order, amount, reason, admin, send_refund)
    after = {**snapshot(order, "status"), "refunded": refunds.refunded_so_far(order), "amount": amount,
             "reference": record.reference}
    record_action(admin, "order.refund", order, before=before, after=after, reason=record.reason)
    enqueue_after_commit(notifications.tell_order_refunded, order.id, amount)
    return record


def cancel_order(order: Order, actor: User, reason: str | None, send_refund) -> Outcome:
    """The customer cancels before shipping: what was paid for the order
    is refunded and its stock freed; an unpaid checkout then asks only for what is left to pay."""
    if order.status == OrderStatus.CANCELLED:
        return Outcome.UNCHANGED
    payment = order.checkout.payment
    artisan_knew = payment.status == PaymentStatus.PAID or payment.method == PaymentMethod.COD
    if payment.status == PaymentStatus.PENDING and payment.method.provider and \
            len(settlement.live_orders(payment)) > 1:
        raise CardCheckoutIsWhole() if payment.method == PaymentMethod.CARD else SnapCheckoutIsWhole()
    before = refunds.refunded_so_far(order)
    refunds.cancel_order(order, actor, reason, send_refund)
    if payment.status == PaymentStatus.PENDING:
        settlement.follow_cancellations(payment)
    enqueue_after_commit(notifications.tell_order_cancelled, order.id,
                         refunds.refunded_so_far(order) - before, artisan_knew)
    return Outcome.DONE


# -- cash on delivery ------------------------------------------------------------------------------

def record_cod_cash(order: Order, artisan: User, amount: int) -> Outcome:
    """The artisan got exactly what the buyer owes in cash; once every shop of the checkout has,
    the payment is settled. A different amount is refused: a shortfall is the agency's to record,
    as an explicit adjustment in the shop's ledger. The same amount again is a repeat."""
    if order.cod_cash_received == amount:
        return Outcome.UNCHANGED
    settlement.record_cod_cash(order, artisan, amount)
    return Outcome.DONE
