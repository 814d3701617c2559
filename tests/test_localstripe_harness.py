"""The localstripe harness works, and what localstripe (1.15.x) does with the calls our checkout will make.

These tests pin down the fake's behaviour, including where it differs from real Stripe, so that tests of
the payment code built on it know what they are (and are not) exercising.
"""

import http.client
import json
import os
import time

import pytest
import stripe

from tests.localstripe_server import (
    concerning,
    running_localstripe,
    sign_payload,
    stripe_module_for,
    webhook_receiver,
)

# The harness's fixtures come from tests/conftest.py (pytest_plugins).

SECRET = "whsec_test"
AMOUNT = 15_000_000  # IDR minor units


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp[6]) with a listening socket on `port`."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                address, port_hex = fields[1].split(":")
                if int(port_hex, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                    addresses.add(address)
    return addresses


def _pay(stripe_module, payment_method, **params):
    return stripe_module.PaymentIntent.create(
        amount=AMOUNT, currency="idr", payment_method=payment_method, confirm=True, **params
    )


def _declined_intent(stripe_module, **params):
    """Create-and-confirm with a card that fails; return the PaymentIntent and the CardError."""
    with pytest.raises(stripe.CardError) as raised:
        _pay(stripe_module, "pm_card_chargeCustomerFail", **params)
    charge = stripe_module.Charge.retrieve(raised.value.error.charge)
    return stripe_module.PaymentIntent.retrieve(charge.payment_intent), raised.value


# --- the harness -----------------------------------------------------------------------------------------


def test_the_server_listens_on_loopback_only(localstripe):
    assert localstripe.base_url == f"http://127.0.0.1:{localstripe.port}"
    if not os.path.exists("/proc/net/tcp"):
        pytest.skip("needs Linux /proc/net/tcp")
    assert _listening_addresses(localstripe.port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_running_localstripe_stops_the_server_and_frees_the_port_on_exit():
    with running_localstripe() as server:
        assert server.is_up()
        port = server.port
    assert not server.is_up()
    with pytest.raises(ConnectionRefusedError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()


def test_the_fixture_resets_the_data_so_objects_from_other_tests_are_gone(localstripe, stripe_at_localstripe):
    intent = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr")
    localstripe.reset()
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_at_localstripe.PaymentIntent.retrieve(intent.id)
    assert raised.value.http_status == 404


def test_stripe_module_for_restores_the_global_stripe_configuration(localstripe):
    before = (stripe.api_key, stripe.api_base, stripe.max_network_retries, stripe.default_http_client)
    with stripe_module_for(localstripe.base_url):
        assert (stripe.api_base, stripe.max_network_retries) == (localstripe.base_url, 0)
        assert stripe.api_key.startswith("sk_test_")
    assert (stripe.api_key, stripe.api_base, stripe.max_network_retries, stripe.default_http_client) == before


def test_a_stripe_client_with_base_addresses_and_v1_services_works_against_localstripe(
    stripe_client_at_localstripe,
):
    client = stripe_client_at_localstripe
    intent = client.v1.payment_intents.create(
        params={"amount": AMOUNT, "currency": "idr", "metadata": {"checkout_id": "42"}},
        options={"idempotency_key": "checkout-42-attempt-1"},
    )
    intent = client.v1.payment_intents.update(intent.id, params={"payment_method": "pm_card_visa"})
    assert client.v1.payment_intents.confirm(intent.id).status == "succeeded"
    assert client.v1.payment_intents.retrieve(intent.id).status == "succeeded"


# --- payment intents -------------------------------------------------------------------------------------


def test_a_payment_intent_in_idr_is_created_with_an_id_a_client_secret_and_no_payment_method_yet(
    stripe_at_localstripe,
):
    intent = stripe_at_localstripe.PaymentIntent.create(
        amount=AMOUNT, currency="idr", metadata={"checkout_id": "42"}, idempotency_key="checkout-42-attempt-1"
    )
    assert isinstance(intent, stripe.PaymentIntent)
    assert intent.id.startswith("pi_")
    assert intent.client_secret.startswith(f"{intent.id}_secret_")
    assert intent.status == "requires_payment_method"
    assert (intent.amount, intent.currency, intent.metadata.to_dict()) == (
        AMOUNT,
        "idr",
        {"checkout_id": "42"},
    )
    assert intent.capture_method == "automatic_async"
    assert intent.latest_charge is None and intent.last_payment_error is None
    assert set(intent.to_dict()) == {
        "amount", "capture_method", "charges", "client_secret", "created", "currency", "customer", "id",
        "invoice", "last_payment_error", "latest_charge", "livemode", "metadata", "next_action", "object",
        "payment_method", "status",
    }  # fmt: skip


def test_localstripe_ignores_idempotency_keys_and_creates_a_new_intent_each_time(stripe_at_localstripe):
    first = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr", idempotency_key="same")
    second = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr", idempotency_key="same")
    assert first.id != second.id


def test_localstripe_validates_neither_the_currency_nor_amount_limits(stripe_at_localstripe):
    assert stripe_at_localstripe.PaymentIntent.create(amount=10**15, currency="xyz").currency == "xyz"
    with pytest.raises(stripe.InvalidRequestError):
        stripe_at_localstripe.PaymentIntent.create(amount=0, currency="idr")


@pytest.mark.parametrize(
    "name", ["automatic_payment_methods", "description", "receipt_email", "statement_descriptor"]
)
def test_create_rejects_parameters_localstripe_does_not_know(stripe_at_localstripe, name):
    value = {"enabled": True} if name == "automatic_payment_methods" else "Batik"
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr", **{name: value})
    assert raised.value.http_status == 400
    assert raised.value.user_message == f"Unexpected {name}"


def test_create_accepts_payment_method_types_and_manual_capture(stripe_at_localstripe):
    intent = stripe_at_localstripe.PaymentIntent.create(
        amount=AMOUNT, currency="idr", payment_method_types=["card"], capture_method="manual"
    )
    assert intent.status == "requires_payment_method"


def test_create_and_confirm_with_pm_card_visa_succeeds_with_an_expanded_latest_charge(stripe_at_localstripe):
    intent = _pay(stripe_at_localstripe, "pm_card_visa")
    assert intent.status == "succeeded"
    assert intent.payment_method == "pm_card_visa"  # kept as given; the charge has the stored pm_ id
    # Real Stripe returns latest_charge as an id unless expanded; localstripe always embeds the Charge.
    assert isinstance(intent.latest_charge, stripe.Charge)
    assert (intent.latest_charge.status, intent.latest_charge.amount) == ("succeeded", AMOUNT)
    assert intent.latest_charge.payment_intent == intent.id


def test_create_and_confirm_with_pm_card_charge_customer_fail_raises_a_card_error_naming_only_the_charge(
    stripe_at_localstripe,
):
    with pytest.raises(stripe.CardError) as raised:
        _pay(stripe_at_localstripe, "pm_card_chargeCustomerFail", metadata={"checkout_id": "42"})
    error = raised.value
    assert (error.http_status, error.code, error.user_message) == (
        402,
        "card_declined",
        "Your card was declined.",
    )
    assert error.error.type == "invalid_request_error"  # real Stripe says "card_error"
    assert error.error.payment_intent is None  # real Stripe includes the PaymentIntent; localstripe does not
    assert error.error.charge.startswith("ch_")
    # The intent exists all the same; reach it through the charge (or the webhook, or metadata).
    charge = stripe_at_localstripe.Charge.retrieve(error.error.charge)
    assert (charge.status, charge.failure_code) == ("failed", "card_declined")
    intent = stripe_at_localstripe.PaymentIntent.retrieve(charge.payment_intent)
    assert intent.status == "requires_payment_method"
    assert intent.metadata.to_dict() == {"checkout_id": "42"}
    assert intent.last_payment_error.to_dict() == {
        "charge": charge.id,
        "code": "card_declined",
        "message": "Your card was declined.",
    }


def test_pm_card_visa_charge_declined_is_not_declined_by_localstripe(stripe_at_localstripe):
    assert _pay(stripe_at_localstripe, "pm_card_visa_chargeDeclined").status == "succeeded"


def test_unknown_test_payment_methods_are_not_found(stripe_at_localstripe):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        _pay(stripe_at_localstripe, "pm_card_mastercard")
    assert raised.value.http_status == 404


def test_modify_then_confirm_succeeds_with_pm_card_visa(stripe_at_localstripe):
    intent = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr")
    intent = stripe_at_localstripe.PaymentIntent.modify(intent.id, payment_method="pm_card_visa")
    assert intent.status == "requires_confirmation"
    assert stripe_at_localstripe.PaymentIntent.confirm(intent.id).status == "succeeded"


def test_modify_then_confirm_with_a_failing_card_raises_a_card_error(stripe_at_localstripe):
    intent = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr")
    stripe_at_localstripe.PaymentIntent.modify(intent.id, payment_method="pm_card_chargeCustomerFail")
    with pytest.raises(stripe.CardError) as raised:
        stripe_at_localstripe.PaymentIntent.confirm(intent.id)
    assert (raised.value.http_status, raised.value.code) == (402, "card_declined")
    assert stripe_at_localstripe.PaymentIntent.retrieve(intent.id).status == "requires_payment_method"


def test_confirm_with_a_payment_method_argument_is_not_implemented(stripe_at_localstripe):
    intent = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr")
    with pytest.raises(stripe.APIError) as raised:
        stripe_at_localstripe.PaymentIntent.confirm(intent.id, payment_method="pm_card_visa")
    assert (raised.value.http_status, raised.value.user_message) == (500, "Not implemented")


def test_a_declined_intent_cannot_be_retried_with_another_card(stripe_at_localstripe):
    intent, _ = _declined_intent(stripe_at_localstripe)
    intent = stripe_at_localstripe.PaymentIntent.modify(intent.id, payment_method="pm_card_visa")
    assert intent.status == "requires_payment_method"  # the failed charge still decides the status
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_at_localstripe.PaymentIntent.confirm(intent.id)
    assert (raised.value.http_status, raised.value.user_message) == (400, "Bad request")


def test_retrieve_reports_succeeded_or_requires_payment_method_for_reconciliation(stripe_at_localstripe):
    paid = _pay(stripe_at_localstripe, "pm_card_visa")
    declined, _ = _declined_intent(stripe_at_localstripe)
    unpaid = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr")
    assert stripe_at_localstripe.PaymentIntent.retrieve(paid.id).status == "succeeded"
    assert stripe_at_localstripe.PaymentIntent.retrieve(declined.id).status == "requires_payment_method"
    assert stripe_at_localstripe.PaymentIntent.retrieve(unpaid.id).status == "requires_payment_method"
    assert len(stripe_at_localstripe.PaymentIntent.list(limit=10).data) == 3


def test_payment_intent_search_is_not_available(stripe_at_localstripe):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_at_localstripe.PaymentIntent.search(query="metadata['checkout_id']:'42'")
    assert raised.value.http_status == 404


def test_cancel_works_before_payment_and_after_a_decline_but_not_after_success(stripe_at_localstripe):
    unpaid = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr")
    assert stripe_at_localstripe.PaymentIntent.cancel(unpaid.id).status == "canceled"
    assert stripe_at_localstripe.PaymentIntent.retrieve(unpaid.id).status == "canceled"
    declined, _ = _declined_intent(stripe_at_localstripe)
    assert stripe_at_localstripe.PaymentIntent.cancel(declined.id).status == "canceled"
    paid = _pay(stripe_at_localstripe, "pm_card_visa")
    for intent in (paid, unpaid):  # succeeded, or already canceled
        with pytest.raises(stripe.InvalidRequestError) as raised:
            stripe_at_localstripe.PaymentIntent.cancel(intent.id)
        assert (raised.value.http_status, raised.value.user_message) == (400, "Bad request")


# --- refunds ---------------------------------------------------------------------------------------------


def test_a_partial_refund_by_payment_intent_succeeds(stripe_at_localstripe):
    intent = _pay(stripe_at_localstripe, "pm_card_visa")
    refund = stripe_at_localstripe.Refund.create(payment_intent=intent.id, amount=5_000_000)
    assert isinstance(refund, stripe.Refund)
    assert refund.id.startswith("re_")
    assert (refund.status, refund.amount, refund.currency) == ("succeeded", 5_000_000, "idr")
    assert (refund.payment_intent, refund.charge) == (intent.id, intent.latest_charge.id)
    charge = stripe_at_localstripe.Charge.retrieve(intent.latest_charge.id)
    assert (charge.amount_refunded, charge.refunded) == (5_000_000, False)


def test_refunds_are_not_limited_to_the_amount_charged(stripe_at_localstripe):
    intent = _pay(stripe_at_localstripe, "pm_card_visa")
    stripe_at_localstripe.Refund.create(payment_intent=intent.id, amount=AMOUNT)
    again = stripe_at_localstripe.Refund.create(payment_intent=intent.id, amount=AMOUNT + 1)
    assert again.status == "succeeded"
    charge = stripe_at_localstripe.Charge.retrieve(intent.latest_charge.id)
    assert (charge.amount_refunded, charge.refunded) == (2 * AMOUNT + 1, True)
    assert stripe_at_localstripe.PaymentIntent.retrieve(intent.id).status == "succeeded"


def test_a_declined_payment_cannot_be_refunded(stripe_at_localstripe):
    intent, _ = _declined_intent(stripe_at_localstripe)
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_at_localstripe.Refund.create(payment_intent=intent.id)
    assert (raised.value.http_status, raised.value.user_message) == (400, "Cannot refund a failed payment.")


def test_refunding_an_intent_without_a_charge_is_a_server_error(stripe_at_localstripe):
    intent = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr")
    stripe_at_localstripe.PaymentIntent.cancel(intent.id)
    with pytest.raises(stripe.APIError) as raised:  # localstripe crashes on latest_charge None
        stripe_at_localstripe.Refund.create(payment_intent=intent.id)
    assert raised.value.http_status == 500


# --- webhooks --------------------------------------------------------------------------------------------


def test_a_successful_payment_sends_a_signed_payment_intent_succeeded_about_a_second_later(
    localstripe, stripe_at_localstripe
):
    with webhook_receiver() as receiver:
        localstripe.register_webhook(receiver.url, SECRET)
        started = time.monotonic()
        intent = _pay(stripe_at_localstripe, "pm_card_visa", metadata={"checkout_id": "42"})
        assert receiver.event_types(concerning(intent.id)) == []  # not delivered before the call returns
        [webhook] = receiver.wait_for(concerning(intent.id))

    assert 0.9 < webhook.received_at - started < 5  # localstripe sleeps 1 s before sending
    assert webhook.path == "/webhooks/stripe"
    assert webhook.headers["Content-Type"] == "application/json; charset=utf-8"
    event = stripe.Webhook.construct_event(webhook.body, webhook.headers["Stripe-Signature"], SECRET)
    assert isinstance(event, stripe.Event)
    assert event.type == "payment_intent.succeeded"
    assert event.id.startswith("evt_") and event.api_version == "2017-08-15"
    assert event.data.object.id == intent.id
    assert event.data.object.status == "succeeded"
    assert event.data.object.metadata.to_dict() == {"checkout_id": "42"}
    # The header is exactly our own signature of the body at t = event.created:
    assert webhook.headers["Stripe-Signature"] == sign_payload(webhook.body, SECRET, timestamp=event.created)


def test_a_declined_payment_sends_a_signed_payment_intent_payment_failed(localstripe, stripe_at_localstripe):
    with webhook_receiver() as receiver:
        localstripe.register_webhook(receiver.url, SECRET)
        intent, _ = _declined_intent(stripe_at_localstripe, metadata={"checkout_id": "42"})
        [webhook] = receiver.wait_for(concerning(intent.id))

    event = stripe.Webhook.construct_event(webhook.body, webhook.headers["Stripe-Signature"], SECRET)
    assert event.type == "payment_intent.payment_failed"
    assert event.data.object.status == "requires_payment_method"
    assert event.data.object.metadata.to_dict() == {"checkout_id": "42"}
    assert event.data.object.last_payment_error.code == "card_declined"


def test_refunds_and_cancellations_send_no_webhook(localstripe, stripe_at_localstripe):
    with webhook_receiver() as receiver:
        localstripe.register_webhook(receiver.url, SECRET)
        intent = _pay(stripe_at_localstripe, "pm_card_visa")
        refund = stripe_at_localstripe.Refund.create(payment_intent=intent.id, amount=1_000_000)
        unpaid = stripe_at_localstripe.PaymentIntent.create(amount=AMOUNT, currency="idr")
        stripe_at_localstripe.PaymentIntent.cancel(unpaid.id)
        receiver.wait_for(concerning(intent.id))
        time.sleep(0.3)  # anything sent with it would have arrived by now
        types = receiver.event_types(lambda w: w.event["data"]["object"]["id"] in {refund.id, unpaid.id})
        assert types == []
        assert receiver.event_types(concerning(intent.id)) == ["payment_intent.succeeded"]


def test_a_webhook_can_be_limited_to_some_event_types(localstripe, stripe_at_localstripe):
    with webhook_receiver() as receiver:
        localstripe.register_webhook(receiver.url, SECRET, events=["payment_intent.payment_failed"])
        paid = _pay(stripe_at_localstripe, "pm_card_visa")
        declined, _ = _declined_intent(stripe_at_localstripe)
        receiver.wait_for(concerning(declined.id))
        time.sleep(0.1)
        assert receiver.event_types(concerning(paid.id)) == []


def test_events_are_also_listed_by_the_events_api(stripe_at_localstripe):
    paid = _pay(stripe_at_localstripe, "pm_card_visa")
    events = stripe_at_localstripe.Event.list(type="payment_intent.succeeded").data
    assert [event.data.object.id for event in events] == [paid.id]


# --- signing events ourselves ----------------------------------------------------------------------------


def _refunded_event() -> bytes:
    return json.dumps(
        {
            "id": "evt_test_refunded",
            "object": "event",
            "type": "charge.refunded",
            "data": {"object": {"id": "ch_test", "object": "charge", "amount_refunded": AMOUNT}},
        }
    ).encode()


def test_sign_payload_produces_a_header_construct_event_accepts():
    payload = _refunded_event()
    header = sign_payload(payload, SECRET)
    timestamp, signature = header.split(",")
    assert timestamp.startswith("t=") and signature.startswith("v1=") and len(signature) == 3 + 64
    event = stripe.Webhook.construct_event(payload, header, SECRET)
    assert (event.type, event.data.object.id) == ("charge.refunded", "ch_test")
    assert stripe.Webhook.construct_event(payload.decode(), header, SECRET).type == "charge.refunded"


def test_construct_event_rejects_a_tampered_payload_and_a_wrong_secret():
    payload = _refunded_event()
    header = sign_payload(payload, SECRET)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload.replace(b"ch_test", b"ch_evil"), header, SECRET)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, header, "whsec_other")


def test_construct_event_rejects_a_signature_older_than_300_seconds():
    payload = _refunded_event()
    now = int(time.time())
    assert stripe.Webhook.construct_event(payload, sign_payload(payload, SECRET, now - 290), SECRET)
    with pytest.raises(stripe.SignatureVerificationError, match="outside the tolerance zone"):
        stripe.Webhook.construct_event(payload, sign_payload(payload, SECRET, now - 310), SECRET)
