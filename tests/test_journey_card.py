"""The buyer's journey paying by card in Chromium on a 360 px phone, through localstripe: the card
form loads, the 3-D Secure step completes, and the order shows as paid once localstripe's signed
webhook has reached the app."""

import time

import pytest

from tests.factories import PASSWORD, ProductFactory, UserFactory
from tests.journeys import Phone, place_order, sign_in_and_check_out
from tests.localstripe_server import API_KEY, PAY_WITH_A_TEST_CARD, WEBHOOK_SECRET, running_localstripe

pytestmark = pytest.mark.browser


@pytest.fixture
def paying_localstripe():
    """localstripe whose Stripe.js stand-in pays with a test card (as scripts/card_locally.py runs it)."""
    with running_localstripe(before=PAY_WITH_A_TEST_CARD) as server:
        yield server


@pytest.fixture
def app(make_app, paying_localstripe):
    stripe = paying_localstripe.base_url
    return make_app(STRIPE_SECRET_KEY=API_KEY, STRIPE_PUBLISHABLE_KEY="pk_test_marketplace",
                    STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=stripe, STRIPE_NETWORK_RETRIES=0,
                    STRIPE_JS_URL=f"{stripe}/js.stripe.com/v3/")


def test_a_buyer_pays_by_card_and_sees_the_order_paid(page, live_server, paying_localstripe, db):
    paying_localstripe.register_webhook(f"{live_server}/payments/stripe/webhook", WEBHOOK_SECRET)
    ProductFactory(title="Kain Pedada Sungsang", variants=[(350_000, 2)])
    customer = UserFactory(email="dewi@contoh.id")

    buyer = Phone(page, live_server)
    sign_in_and_check_out(buyer, customer.email, PASSWORD, "pedada", "Kain Pedada Sungsang")
    place_order(buyer, "Debit or credit card")
    buyer.sees("Pay %(amount)s by card", amount="Rp 375.000")
    page.locator("#card-form:not([hidden]) #card-element input").first.fill("4242424242424242")
    buyer.fields += 1
    buyer.tick(page.locator("#card-form button"))
    buyer.tap(page.get_by_role("button", name="Complete authentication"))  # localstripe's 3-D Secure
    buyer.sees("Thank you. We are waiting for the card processor to confirm the payment; this page will "
               "show it.")

    status, returned = page.locator("p", has_text=buyer.words("Status of the payment")), page.url
    deadline = time.monotonic() + 15
    while buyer.words("Paid") not in status.inner_text() and time.monotonic() < deadline:
        page.wait_for_timeout(500)  # the webhook comes about a second after the payment
        buyer.open(returned)  # as the page's "Refresh" link does
    assert buyer.words("Paid") in status.inner_text()
