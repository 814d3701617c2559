"""The card form under the Content-Security-Policy, in Chromium: the processor's script (localstripe
here, loaded from STRIPE_JS_URL as in production) mounts its field and calls its API, and the browser
reports no violation of the policy."""


import pytest
from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.payments.models import Payment
from tests.browser import phone_context
from tests.factories import PASSWORD, ProductFactory, UserFactory
from tests.helpers import login, wait_until_true
from tests.localstripe_server import API_KEY
from tests.test_checkout import add, place

pytestmark = pytest.mark.browser

#: every violation of the policy, as the page sees it, sent to the console the test reads
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("csp-violation " + event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def app(make_app, localstripe):
    return make_app(STRIPE_SECRET_KEY=API_KEY, STRIPE_PUBLISHABLE_KEY="pk_test_marketplace",
                    STRIPE_WEBHOOK_SECRET="whsec_marketplace_tests", STRIPE_API_BASE=localstripe.base_url,
                    STRIPE_NETWORK_RETRIES=0, STRIPE_JS_URL=f"{localstripe.base_url}/js.stripe.com/v3/")


@pytest.fixture
def browser_page(live_server):
    with phone_context(live_server) as context:
        context.add_init_script(REPORT_VIOLATIONS)
        yield context.new_page()


def test_the_card_form_loads_and_pays_under_the_policy_without_a_violation(app, client, browser_page, db):
    buyer = UserFactory(email="dewi@contoh.id")
    login(client, buyer)
    add(client, ProductFactory(variants=[(350_000, 2)]).variants[0], 1)
    checkout_url = place(client, method="card").headers["Location"]
    assert _db.session.scalar(select(Payment)).reference
    console = []
    browser_page.on("console", lambda message: console.append(message.text))

    browser_page.goto("/login")
    browser_page.get_by_label("Email").fill(buyer.email)
    browser_page.get_by_label("Kata sandi").fill(PASSWORD)
    browser_page.get_by_role("button", name="Masuk").click()
    browser_page.goto(checkout_url)
    browser_page.wait_for_selector("#card-form:not([hidden])")  # the processor's script and ours ran
    browser_page.locator("#card-element input").first.fill("4242424242424242")
    browser_page.locator("#card-form button").click()
    browser_page.get_by_role("button", name="Complete authentication").click()  # its 3-D Secure step
    wait_until_true(browser_page,  # its API answered (through connect-src), one way or the other
        "location.search.includes('returned=1') || "
        "(document.getElementById('card-message') || {}).textContent !== 'Memproses pembayaran…'")

    assert [line for line in console if "csp-violation" in line or "Content Security Policy" in line] == []
