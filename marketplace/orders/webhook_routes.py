"""The processors' webhooks (Stripe's events, Midtrans's notifications): they tell what happened to
a checkout's payment, and the payment actions apply it to the checkout's orders (with the emails and
cart restoration that follow). Each event is stored once and applied once."""

from flask import abort, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import csrf, db
from marketplace.orders import bp, payment_actions
from marketplace.payments import midtrans_gateway, stripe_gateway
from marketplace.payments import services as payments
from marketplace.payments.exceptions import ProviderUnavailable


@bp.route("/payments/stripe/webhook", methods=["POST"])
@csrf.exempt  # Stripe signs its requests; the signature is checked instead of a form token
def stripe_webhook():
    if not stripe_gateway.is_configured() or not current_app.config.get("STRIPE_WEBHOOK_SECRET"):
        abort(404)
    try:
        event = stripe_gateway.verify_event(request.get_data(), request.headers.get("Stripe-Signature"))
    except stripe_gateway.InvalidSignature:
        return jsonify(error={"code": "bad_signature", "message": "signature missing, wrong or too old"}), 400
    return jsonify(received=True, outcome=_apply(event))


def _apply(event) -> str:
    kind = stripe_gateway.EVENT_RESULTS.get(event.type)
    if kind is None:
        return "ignored"
    return _once(event.id, event.type, lambda: _applied(event, kind))


def _once(event_id: str, event_type: str, apply) -> str:
    """Store the event once, apply it through the payment actions (which send what follows), commit."""
    try:
        record = payments.record_provider_event(event_id, event_type)
        if record is None:
            return "duplicate"
        payment, outcome = apply()
        record.payment_id, record.outcome = (payment.id if payment else None), outcome
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the same event delivered twice at once: the other delivery applied it
        return "duplicate"
    return outcome


def _applied(event, kind: str):
    if kind == "refunded":
        refunded = stripe_gateway.refunds_of(event.data.object)
        payment = payments.payment_by_reference(refunded.payment_intent)
        return payment, payment_actions.apply_processor_refund(payment, refunded)
    state = stripe_gateway.intent_of(event)
    payment = payments.payment_by_reference(state.reference)
    return payment, payment_actions.settle_processor_payment(payment, state)


@bp.route("/payments/midtrans/notification", methods=["POST"])
@csrf.exempt  # Midtrans signs its notifications; the signature is checked instead of a form token
def midtrans_notification():
    """Believe only the signature: the transaction's state is asked from Midtrans itself."""
    if not midtrans_gateway.is_configured():
        abort(404)
    try:
        order_id = midtrans_gateway.verify_notification(request.get_data())
    except midtrans_gateway.InvalidSignature:
        return jsonify(error={"code": "bad_signature", "message": "signature missing or wrong"}), 400
    try:
        state = midtrans_gateway.transaction_state(order_id)
    except midtrans_gateway.UnknownTransaction:
        return jsonify(received=True, outcome="unknown payment")
    except ProviderUnavailable:
        current_app.logger.exception("Midtrans unavailable for the notification of %s", order_id)
        return jsonify(error={"code": "provider_unavailable", "message": "try again later"}), 503
    return jsonify(received=True, outcome=_once(state.event_id, f"midtrans.{state.status}",
                                                lambda: _applied_midtrans(state)))


def _applied_midtrans(state: midtrans_gateway.TransactionState):
    payment = payments.payment_by_reference(state.reference)
    if state.result == "refunded":
        return payment, payment_actions.apply_processor_refund(payment, state.refunds)
    return payment, payment_actions.settle_processor_payment(payment, state)
