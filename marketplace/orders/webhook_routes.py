"""The card processor's webhook: it tells what happened to a checkout's payment, and the payment
actions apply it to the checkout's orders (with the emails and cart restoration that follow)."""

from flask import abort, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import csrf, db
from marketplace.orders import bp, payment_actions
from marketplace.payments import services as payments
from marketplace.payments import stripe_gateway


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
    """Store the event once, apply it through the payment actions (which send what follows), commit."""
    kind = stripe_gateway.EVENT_RESULTS.get(event.type)
    if kind is None:
        return "ignored"
    try:
        record = payments.record_provider_event(event.id, event.type)
        if record is None:
            return "duplicate"
        payment, outcome = _applied(event, kind)
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
    return payment, payment_actions.settle_card_payment(payment, state)
