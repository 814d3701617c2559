"""The buyer's journey paying through Midtrans in Chromium on a 360 px phone, against the fake
Midtrans (tests/midtrans_server.py) whose Snap.js stand-in opens its Snap page: by QRIS, where the
order stays awaiting payment until Midtrans's signed notification reaches the app; and by a BCA
virtual account, paid at the bank after the browser was closed. Every page of ours fits the phone,
and the policy lets the Snap script host, and no other, run script with no violation."""

import pytest
from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.gateways import payment_scripts
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.web.security import security_headers
from tests.browser import PHONE, phone_context
from tests.factories import PASSWORD, ProductFactory, UserFactory
from tests.journeys import Phone, fill_address, log_in, open_my_order, sign_in_and_check_out
from tests.midtrans_server import app_settings
from tests.test_browser_csp import REPORT_VIOLATIONS

pytestmark = pytest.mark.browser

SHOP = "Tenun Pedada"


@pytest.fixture
def app(make_app, midtrans):
    return make_app(**app_settings(midtrans))


@pytest.fixture
def site(app, live_server, midtrans):
    """The live site as Midtrans knows it: Snap sends buyers back to it, notifications go to it."""
    app.config["PUBLIC_URL"] = live_server
    midtrans.notification_url = f"{live_server}/payments/midtrans/notification"
    return live_server


@pytest.fixture
def watched(site):
    """A phone context whose pages report every violation of the policy to the console."""
    with phone_context(site) as context:
        context.add_init_script(REPORT_VIOLATIONS)
        yield context


def buyer_checks_out(context, site, method_label: str) -> tuple[Phone, list[str]]:
    """A customer finds the cloth, checks out by `method_label` and reaches the pay page."""
    ProductFactory(title="Kain Pedada Sungsang", shop__name=SHOP, variants=[(350_000, 2)])
    customer = UserFactory(email="dewi@contoh.id")
    buyer = Phone(context.new_page(), site)
    console: list[str] = []
    buyer.page.on("console", lambda message: console.append(message.text))
    sign_in_and_check_out(buyer, customer.email, PASSWORD, "pedada", "Kain Pedada Sungsang")
    fill_address(buyer)
    buyer.tick(buyer.page.get_by_label(method_label, exact=True))
    buyer.tap("Place order")
    buyer.sees("Thank you for your order")
    return buyer, console


def opens_snap(buyer: Phone, midtrans) -> None:
    """The pay button: Snap.js (loaded from its host under the policy) opens Snap's page."""
    assert ("GET", "/snap/snap.js") in midtrans.requests
    with buyer.page.expect_navigation():
        buyer.page.locator("#snap-pay").click()
    buyer.taps += 1
    assert buyer.page.url == f"{midtrans.base_url}/snap/v2/vtweb/{midtrans.only().token}"


def the_policy_allows_exactly_the_snap_host(app, buyer: Phone, midtrans) -> None:
    response = buyer.page.request.get(buyer.page.url)
    script_src = next(part for part in response.headers["content-security-policy"].split("; ")
                      if part.startswith("script-src "))
    with app.app_context():
        expected = security_headers(payment_scripts())["Content-Security-Policy"]
        assert f"{midtrans.base_url}/snap/snap.js" in payment_scripts()
    assert script_src in expected.split("; ") and midtrans.base_url in script_src.split()


def no_violation(console: list[str]) -> None:
    assert [line for line in console if "csp-violation" in line or "Content Security Policy" in line] == []


def order_status(buyer: Phone) -> str:
    open_my_order(buyer, SHOP)
    return buyer.page.locator(".badge").first.inner_text()


def test_a_buyer_pays_by_qris_and_the_order_is_paid_only_by_the_signed_notification(
        app, watched, site, midtrans, db):
    midtrans.hold_notifications = True
    buyer, console = buyer_checks_out(watched, site, "QRIS")
    buyer.sees("Pay %(amount)s by %(method)s", amount="Rp 375.000", method="QRIS")
    the_policy_allows_exactly_the_snap_host(app, buyer, midtrans)
    opens_snap(buyer, midtrans)
    assert midtrans.only().snap["enabled_payments"] == ["other_qris"]

    with buyer.page.expect_navigation():  # Snap's page: scanned and paid, back to the shop
        buyer.page.get_by_role("button", name="I have scanned and paid").click()
    buyer.seen()
    # Snap's return says "settlement"; the app does not believe a URL the buyer could type
    assert "returned=1" in buyer.page.url and "transaction_status=settlement" in buyer.page.url
    buyer.sees("Thank you. We are waiting for Midtrans to confirm the payment; this page will show it.")
    assert midtrans.only().status == "settlement" and midtrans.held  # paid at Midtrans, not yet told
    assert order_status(buyer) == buyer.words("Awaiting payment")

    assert midtrans.release_notifications() == [(200, {"received": True, "outcome": "paid"})]
    assert order_status(buyer) == buyer.words("Paid")
    no_violation(console)


def test_a_buyer_takes_a_bca_virtual_account_and_pays_it_after_closing_the_browser(
        app, watched, site, midtrans, db):
    label = Phone(None, site).words("%(bank)s virtual account", bank="BCA")
    buyer, console = buyer_checks_out(watched, site, label)
    buyer.sees("Pay %(amount)s by %(method)s", amount="Rp 375.000", method=label)
    opens_snap(buyer, midtrans)
    assert midtrans.only().snap["enabled_payments"] == ["bca_va"]

    with buyer.page.expect_navigation():
        buyer.page.get_by_role("button", name="Get the virtual account number").click()
    assert "12345678901" in buyer.page.locator("main").inner_text()
    with buyer.page.expect_navigation():  # Snap's "back to the shop"
        buyer.page.get_by_role("link", name="Back to the shop").click()
    buyer.seen()
    buyer.sees("Thank you. We are waiting for Midtrans to confirm the payment; this page will show it.")
    assert order_status(buyer) == buyer.words("Awaiting payment")
    no_violation(console)
    chromium = buyer.page.context.browser
    buyer.page.context.close()  # the buyer closes the browser and goes to the bank

    assert midtrans.pay_at_the_bank(midtrans.only().order_id) == (200, {"received": True, "outcome": "paid"})
    payment = _db.session.scalar(select(Payment))
    _db.session.refresh(payment)
    assert payment.status == PaymentStatus.PAID
    order = _db.session.scalar(select(Order))
    _db.session.refresh(order)
    assert order.status == OrderStatus.PAID

    # the next day, in a fresh browser: the order is paid
    again = Phone(chromium.new_context(viewport=PHONE, base_url=site).new_page(), site)
    again.open("/login")
    log_in(again, "dewi@contoh.id", PASSWORD)
    assert order_status(again) == again.words("Paid")
