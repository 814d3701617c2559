from marketplace.auth.models import Role
from tests.api_support import Api
from tests.factories import PASSWORD, UserFactory
from tests.helpers import csrf_token, link_path, login, post_form

WRONG = "bukan-sandinya-1"
NEW_PASSWORD = "cap-tulis-jumputan-3"


def browser(app, address="10.0.0.1"):
    """A client coming from its own address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_failed_logins_for_one_account_are_slowed(client, db):
    user = UserFactory()
    for _ in range(5):
        assert login(client, user, WRONG).status_code == 200
    blocked = login(client, user, WRONG)
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Terlalu banyak percobaan" in page
    assert "Anda dapat mencoba lagi dalam 5 menit" in page
    assert int(blocked.headers["Retry-After"]) > 0
    # From a browser the account has never logged in from, even the right password waits.
    assert login(client, user).status_code == 429


def test_an_attackers_failed_tries_do_not_lock_the_owner_out_of_an_admin_account(app, db):
    admin = UserFactory(roles=[Role.ADMIN])
    owner = browser(app, "10.0.0.1")
    assert login(owner, admin).status_code == 302  # the owner's usual browser
    attacker = browser(app, "192.0.2.66")
    statuses = [login(attacker, admin, WRONG).status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    assert login(attacker, admin).status_code == 429  # brute force is still slowed
    assert login(owner, admin).status_code == 302
    # Even from the attacker's own address (a shared one): the browser is what is known.
    neighbour = browser(app, "192.0.2.66")
    neighbour.set_cookie("known_device", owner.get_cookie("known_device").value)
    assert login(neighbour, admin).status_code == 302


def test_the_reset_email_lets_the_owner_in_from_a_new_browser(app, db, outbox):
    admin = UserFactory(roles=[Role.ADMIN])
    attacker = browser(app, "192.0.2.66")
    for _ in range(6):
        login(attacker, admin, WRONG)
    new_phone = browser(app, "10.0.0.2")
    assert login(new_phone, admin).status_code == 429
    post_form(new_phone, "/forgot-password", {"email": admin.email})
    link = link_path(outbox[-1], "/reset-password/")
    changed = post_form(new_phone, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    assert login(new_phone, admin, NEW_PASSWORD).status_code == 302
    assert login(attacker, admin, NEW_PASSWORD).status_code == 429


def test_a_known_browser_is_slowed_too_when_it_guesses(app, db):
    user = UserFactory()
    known = browser(app)
    login(known, user)
    for _ in range(5):
        assert login(known, user, WRONG).status_code == 200
    assert login(known, user, WRONG).status_code == 429


def test_a_forged_or_foreign_device_cookie_counts_for_nothing(app, db):
    user, other = UserFactory(), UserFactory()
    others_browser = browser(app, "10.0.0.3")
    login(others_browser, other)
    attacker = browser(app, "192.0.2.66")
    attacker.set_cookie("known_device", others_browser.get_cookie("known_device").value)
    for _ in range(5):
        login(attacker, user, WRONG)
    assert login(attacker, user, WRONG).status_code == 429
    forger = browser(app, "192.0.2.67")
    forger.set_cookie("known_device", "eyJpZCI6IngiLCJ1c2VycyI6WzFdfQ.forged.signature")
    assert login(forger, user).status_code == 429


def test_the_account_limit_does_not_block_other_accounts(client, db):
    victim, other = UserFactory(), UserFactory()
    for _ in range(6):
        login(client, victim, WRONG)
    assert login(client, other).status_code == 302


def test_failed_logins_from_one_address_are_limited(client, db):
    for number in range(20):
        assert login(client, f"tebak{number}@contoh.id", WRONG).status_code == 200
    assert login(client, "tebak99@contoh.id", WRONG).status_code == 429


def test_successful_logins_do_not_count(client, db):
    user = UserFactory()
    for _ in range(8):
        assert login(client, user).status_code == 302


def test_website_and_api_failures_count_together(app, db):
    user = UserFactory()
    client = browser(app, "192.0.2.66")
    for _ in range(5):
        login(client, user, WRONG)
    response = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_reset_requests_for_one_email_are_limited_whatever_the_address(make_app):
    app = make_app(RESET_LIMIT_PER_EMAIL="2 per hour")
    user = UserFactory()
    statuses = [post_form(browser(app, f"10.0.1.{number}"), "/forgot-password", {"email": user.email})
                .status_code for number in range(3)]
    assert statuses == [302, 302, 429]
    other = post_form(browser(app, "10.0.1.9"), "/forgot-password", {"email": "lain@contoh.id"})
    assert other.status_code == 302


def test_checkouts_are_limited_per_account_on_the_website_and_the_api(make_app):
    app = make_app(CHECKOUT_LIMIT="2 per hour")
    user, other = UserFactory(), UserFactory()
    client = app.test_client()
    login(client, user)
    token = csrf_token(client, "/cart")
    statuses = [client.post("/checkout", data={"csrf_token": token}).status_code for _ in range(2)]
    assert statuses == [302, 302]  # an empty cart: sent back to it
    assert client.post("/checkout", data={"csrf_token": token}).status_code == 429
    assert Api(app.test_client(), user).checkout().status_code == 429
    assert Api(app.test_client(), other).checkout().status_code != 429


def test_receipt_uploads_are_limited_per_account(make_app):
    app = make_app(RECEIPT_UPLOAD_LIMIT="2 per hour")
    client = app.test_client()
    login(client, UserFactory())
    token = csrf_token(client, "/cart")
    statuses = [client.post("/checkouts/999999/receipt", data={"csrf_token": token}).status_code
                for _ in range(3)]
    assert statuses == [404, 404, 429]
