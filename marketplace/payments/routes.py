from flask import abort, current_app, jsonify, render_template, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import csrf, db
from marketplace.jobs import enqueue
from marketplace.jobs.tasks import tell_checkout_paid
from marketplace.orders.checkout import return_to_cart
from marketplace.payments import bp, services, stripe_gateway
from marketplace.payments.models import Payment


@bp.route("/payments/methods")
def methods():
    return render_template("payments/methods.html")


@bp.route("/payments/stripe/webhook", methods=["POST"])
@csrf.exempt  # Stripe signs its requests; the signature is checked instead of a form token
def stripe_webhook():
    if not stripe_gateway.is_configured() or not current_app.config.get("STRIPE_WEBHOOK_SECRET"):
        abort(404)
    try:
        event = stripe_gateway.verify_event(request.get_data(), request.headers.get("Stripe-Signature"))
    except stripe_gateway.InvalidSignature:
        return jsonify(error={"code": "bad_signature", "message": "signature missing, wrong or too old"}), 400
    outcome = _apply(event)
    return jsonify(received=True, outcome=outcome)


def _apply(event) -> str:
    result = stripe_gateway.EVENT_RESULTS.get(event.type)
    if result is None:
        return "ignored"
    try:
        record = services.record_provider_event(event.id, event.type)
        if record is None:
            return "duplicate"
        reference, state = _reference_and_state(event, result)
        outcome = services.apply_card_result(record, reference, result, state)
        if outcome == "failed":
            return_to_cart(_payment(reference).checkout)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the same event delivered twice at once: the other delivery applied it
        return "duplicate"
    if outcome == "paid":
        enqueue(tell_checkout_paid, _payment(reference).checkout_id)
    return outcome


def _payment(reference: str) -> Payment:
    return db.session.scalar(select(Payment).where(Payment.reference == reference))


def _reference_and_state(event, result):
    if result == "refunded":
        return event.data.object.payment_intent, None
    state = stripe_gateway.intent_of(event)
    return state.reference, state

from marketplace.payments import dashboard  # noqa: E402,F401
