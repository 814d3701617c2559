"""Curators verify, reject, suspend and reinstate shops from /admin/shops: each decision reaches the
public site at once, is emailed to the artisan in their language and is written to the audit log."""

import re
import threading

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role, User
from marketplace.extensions import db as _db
from marketplace.orders.models import Checkout
from marketplace.shops.exceptions import ReasonRequired
from marketplace.shops.labels import SHOP_STATE_LABELS
from marketplace.shops.models import Shop, ShopState
from marketplace.shops.verification import DecisionNotAllowed, ShopDecision, decide_shop
from marketplace.transitions import InvalidTransition
from tests.api_support import Api, error_of
from tests.factories import CohortFactory, ProductFactory, ShopFactory, UserFactory
from tests.helpers import csrf_token, login, queries_for
from tests.test_checkout import add, place


@pytest.fixture
def curator(curator, client):
    """The agency's curator, logged in on `client` for every test here."""
    login(client, curator)
    return curator


def post_decision(client, shop, decision, reason=""):
    """What the decision's form on the shop's admin page sends (its fields carry the decision's prefix)."""
    token = csrf_token(client, f"/admin/shops/{shop.id}")
    return client.post(f"/admin/shops/{shop.id}/decision", data={
        "decision": decision, f"{decision}-csrf_token": token, f"{decision}-reason": reason})


def current(shop) -> Shop:
    _db.session.expire_all()
    return _db.session.get(Shop, shop.id)


def audit_entries(action=None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    return list(_db.session.scalars(query.where(AuditEntry.action == action) if action else query))


def catalog_titles(client) -> list[str]:
    return re.findall(r'<span class="title">([^<]+)</span>', client.get("/products").get_data(as_text=True))


def test_the_queue_shows_each_application_with_everything_a_curator_checks(client, curator):
    cohort = CohortFactory(name="Pelatihan Jumputan 2024")
    owner = UserFactory(name="Nurhayati", email="nurhayati@contoh.id", roles=[Role.CUSTOMER, Role.ARTISAN])
    ShopFactory(name="Jumputan Sungsang", owner=owner, state=ShopState.PENDING, nib="1234567890123",
                cohort=cohort, village="Sungsang", whatsapp="6281273456789",
                logo_key="logos/AbCdEfGhIjKlMnOpQr.jpg", banner_key="banners/AbCdEfGhIjKlMnOpQr.jpg")
    ShopFactory(name="Batik Sudah Terverifikasi")
    page = client.get("/admin/shops").get_data(as_text=True)
    queue = page.split("Semua toko")[0]
    for detail in ("Jumputan Sungsang", "Nurhayati", "nurhayati@contoh.id", "+6281273456789", "Sungsang",
                   "Banyuasin II", "1234567890123", "Pelatihan Jumputan 2024", "Saya belajar membatik",
                   'src="/media/logos/AbCdEfGhIjKlMnOpQr.jpg"',
                   'src="/media/banners/AbCdEfGhIjKlMnOpQr.jpg"'):
        assert detail in queue, detail
    assert "Batik Sudah Terverifikasi" not in queue


def test_the_list_of_shops_filters_by_state(client, curator):
    ShopFactory(name="Batik Aktif")
    ShopFactory(name="Batik Dibekukan", state=ShopState.SUSPENDED, state_reason="Foto bukan milik sendiri")
    suspended = client.get("/admin/shops?state=suspended").get_data(as_text=True).split("Semua toko")[1]
    assert "Batik Dibekukan" in suspended and "Foto bukan milik sendiri" in suspended
    assert "Batik Aktif" not in suspended
    assert client.get("/admin/shops?state=nonsense").status_code == 200


def test_approving_an_application_makes_its_listings_public_emails_and_audits(app, client, curator, outbox):
    shop = ShopFactory(name="Jumputan Sungsang", state=ShopState.PENDING)
    ProductFactory(shop=shop, title="Kain Jumputan Pelangi")
    assert catalog_titles(client) == []
    response = post_decision(client, shop, "approve")
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/shops/{shop.id}"
    assert current(shop).state == ShopState.VERIFIED
    assert catalog_titles(client) == ["Kain Jumputan Pelangi"]
    [message] = outbox
    assert message["To"] == shop.owner.email
    assert message["Subject"] == "Toko Jumputan Sungsang Anda sudah terverifikasi"
    assert f"{app.config['PUBLIC_URL']}/dashboard" in message.get_content()  # the link works from a job
    [entry] = audit_entries()
    assert (entry.action, entry.actor_name, entry.target_id) == ("shop.verify", "Siti Kurator", str(shop.id))
    assert entry.before["state"] == "pending" and entry.after["state"] == "verified"


def test_the_email_is_in_the_artisans_language(client, curator, outbox):
    owner = UserFactory(locale="en", roles=[Role.CUSTOMER, Role.ARTISAN])
    shop = ShopFactory(name="Batik Betung", owner=owner, state=ShopState.PENDING)
    post_decision(client, shop, "reject", "Foto produk belum ada")
    [message] = outbox
    assert message["Subject"] == "Your shop application Batik Betung was not approved"
    assert "Reason: Foto produk belum ada" in message.get_content()


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(client, curator, outbox):
    shop = ShopFactory(state=ShopState.PENDING)
    response = post_decision(client, shop, "reject", "   ")
    assert response.status_code == 200
    assert "Tulis alasannya" in response.get_data(as_text=True)
    assert current(shop).state == ShopState.PENDING
    assert outbox == [] and audit_entries() == []


def test_a_rejection_reaches_the_artisan_by_email_and_on_the_dashboard(app, client, curator, outbox):
    shop = ShopFactory(state=ShopState.PENDING)
    post_decision(client, shop, "reject", "NIB tidak cocok dengan nama pemilik")
    assert current(shop).state == ShopState.REJECTED
    assert "Alasan: NIB tidak cocok dengan nama pemilik" in outbox[0].get_content()
    [entry] = audit_entries("shop.reject")
    assert entry.reason == "NIB tidak cocok dengan nama pemilik"
    history = client.get(f"/admin/shops/{shop.id}").get_data(as_text=True).split("Tindakan lembaga")[1]
    assert "Siti Kurator" in history and "shop.reject" in history
    artisan = app.test_client()
    login(artisan, shop.owner)
    dashboard = artisan.get("/dashboard").get_data(as_text=True)
    assert "NIB tidak cocok dengan nama pemilik" in dashboard


def test_suspending_takes_the_listings_off_the_site_at_once(app, client, curator, outbox):
    shop = ShopFactory(name="Batik Pulau Rimau")
    product = ProductFactory(shop=shop, title="Kain Tulis Rimau")
    visitor = app.test_client()
    assert catalog_titles(visitor) == ["Kain Tulis Rimau"]
    post_decision(client, shop, "suspend", "Kain yang dijual bukan buatan sendiri")
    assert current(shop).state == ShopState.SUSPENDED
    assert catalog_titles(visitor) == []
    assert "Kain Tulis Rimau" not in visitor.get("/").get_data(as_text=True)
    assert visitor.get(f"/products/{product.id}").status_code == 404
    assert visitor.get(f"/shops/{shop.slug}").status_code == 404
    assert "Batik Pulau Rimau" not in visitor.get("/shops").get_data(as_text=True)
    assert outbox[0]["Subject"] == "Toko Batik Pulau Rimau Anda ditangguhkan"
    [entry] = audit_entries("shop.suspend")
    assert entry.before == {"state": "verified", "state_reason": None}
    assert entry.after == {"state": "suspended", "state_reason": "Kain yang dijual bukan buatan sendiri"}
    artisan = app.test_client()
    login(artisan, shop.owner)
    dashboard = artisan.get("/dashboard").get_data(as_text=True)
    assert "Ditangguhkan: Kain yang dijual bukan buatan sendiri" in dashboard


def test_a_cart_holding_a_suspended_shops_cloth_cannot_check_out(app, client, curator):
    variant = ProductFactory(variants=[(350_000, 3)]).variants[0]
    customer = app.test_client()
    login(customer, UserFactory())
    add(customer, variant, 1)
    post_decision(client, variant.product.shop, "suspend", "Sedang diperiksa")
    refused = place(customer)
    assert refused.status_code == 200
    assert _db.session.scalar(select(func.count(Checkout.id))) == 0
    assert "Tidak dijual lagi" in customer.get("/cart").get_data(as_text=True)


def test_reinstating_brings_the_listings_back_with_an_optional_reason(app, client, curator, outbox):
    shop = ShopFactory(state=ShopState.SUSPENDED, state_reason="Sedang diperiksa")
    ProductFactory(shop=shop, title="Kain Kembali")
    post_decision(client, shop, "reinstate")
    assert current(shop).state == ShopState.VERIFIED and current(shop).state_reason is None
    assert catalog_titles(app.test_client()) == ["Kain Kembali"]
    assert [entry.action for entry in audit_entries()] == ["shop.reinstate"]
    assert outbox[0]["Subject"].startswith("Toko ") and "terverifikasi" in outbox[0]["Subject"]


@pytest.mark.parametrize(("state", "decision"), [
    (ShopState.PENDING, "suspend"), (ShopState.PENDING, "reinstate"), (ShopState.VERIFIED, "approve"),
    (ShopState.REJECTED, "approve"), (ShopState.SUSPENDED, "reject"),
])
def test_a_decision_the_shops_state_does_not_allow_is_refused_with_a_message(
        client, curator, outbox, state, decision):
    shop = ShopFactory(state=state)
    response = post_decision(client, shop, decision, "alasan")
    assert response.status_code == 302
    assert "tidak dapat diambil sekarang" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert current(shop).state == state
    assert outbox == [] and audit_entries() == []


def test_the_shop_page_offers_only_the_decisions_its_state_allows(client, curator):
    pending = client.get(f"/admin/shops/{ShopFactory(state=ShopState.PENDING).id}").get_data(as_text=True)
    assert 'value="approve"' in pending and 'value="reject"' in pending and 'value="suspend"' not in pending
    verified = client.get(f"/admin/shops/{ShopFactory().id}").get_data(as_text=True)
    assert 'value="suspend"' in verified and 'value="approve"' not in verified


def test_an_unknown_decision_or_shop_is_a_clean_4xx(client, curator):
    shop = ShopFactory()
    assert post_decision(client, shop, "delete").status_code == 400
    assert client.get("/admin/shops/99999").status_code == 404


def test_decide_shop_is_one_rule_for_every_door(db):
    curator = UserFactory(roles=[Role.CURATOR])
    owner = UserFactory(roles=[Role.CUSTOMER])  # e.g. an account whose artisan role was taken away
    shop = ShopFactory(owner=owner, state=ShopState.PENDING)
    with pytest.raises(ReasonRequired):
        decide_shop(shop, curator, ShopDecision.REJECT, "")
    with pytest.raises(DecisionNotAllowed):
        decide_shop(shop, curator, ShopDecision.SUSPEND, "alasan")
    decide_shop(shop, curator, ShopDecision.APPROVE)
    db.session.commit()
    assert owner.has_role(Role.ARTISAN)
    assert [entry.action for entry in audit_entries()] == ["shop.verify"]


@pytest.mark.postgres_only
def test_two_curators_deciding_at_once_cannot_both_pass(make_app):
    app = make_app()
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency guarantees are shown on PostgreSQL (set TEST_DATABASE_URL)")
    shop_id = ShopFactory(state=ShopState.PENDING).id
    curators = [UserFactory(roles=[Role.CURATOR]).id for _ in range(2)]
    wanted = {curators[0]: (ShopDecision.APPROVE, None),
              curators[1]: (ShopDecision.REJECT, "Foto bukan milik sendiri")}
    results, start = [], threading.Barrier(2)

    def decide_as(curator_id):
        with app.app_context():
            curator, shop = _db.session.get(User, curator_id), _db.session.get(Shop, shop_id)
            shop.owner  # noqa: B018  (loaded before the race starts)
            start.wait()
            try:
                decide_shop(shop, curator, *wanted[curator_id])
                _db.session.commit()
                results.append("decided")
            except InvalidTransition:
                _db.session.rollback()
                results.append("refused")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=decide_as, args=(curator,)) for curator in curators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["decided", "refused"]
    assert len(audit_entries()) == 1
    _db.session.expire_all()
    assert _db.session.get(Shop, shop_id).state in (ShopState.VERIFIED, ShopState.REJECTED)



#: the API's name for each decision, where it differs from the page's
API_ACTIONS = {ShopDecision.APPROVE: "verify"}


def decide_through(door: str, app, client, curator, shop, decision: ShopDecision,
                   reason: str = "Alasan dari kurator"):
    """Take the decision through the admin page (`client` is logged in as `curator`) or the API."""
    if door == "page":
        return post_decision(client, shop, decision, reason)
    action = API_ACTIONS.get(decision, decision.value)
    return Api(app.test_client(), curator).post(f"/admin/shops/{shop.slug}/{action}", json={"reason": reason})


@pytest.mark.parametrize("decision", list(ShopDecision))
@pytest.mark.parametrize("door", ["page", "api"])
def test_each_decision_moves_audits_and_emails_once_whichever_door(app, client, curator, outbox, door,
                                                                   decision):
    shop = ShopFactory(state=decision.source)
    response = decide_through(door, app, client, curator, shop, decision)
    assert response.status_code in (200, 302)
    assert current(shop).state == decision.target
    [entry] = audit_entries()
    assert (entry.action, entry.actor_name) == (decision.action, "Siti Kurator")
    [message] = outbox
    assert message["To"] == shop.owner.email


@pytest.mark.parametrize("decision", list(ShopDecision))
@pytest.mark.parametrize("door", ["page", "api"])
def test_repeating_a_decision_answers_with_the_current_state_and_changes_nothing_more(
        app, client, curator, outbox, door, decision):
    shop = ShopFactory(state=decision.source)
    decide_through(door, app, client, curator, shop, decision)
    again = decide_through(door, app, client, curator, shop, decision)
    refusal = f"tidak dapat diambil sekarang: status toko {SHOP_STATE_LABELS[decision.target]}"
    if door == "page":
        assert again.status_code == 302
        assert refusal in client.get(again.headers["Location"]).get_data(as_text=True)
    else:
        assert again.status_code == 409
        assert error_of(again)["code"] == "decision_not_allowed" and refusal in error_of(again)["message"]
    assert current(shop).state == decision.target
    assert len(audit_entries()) == 1 and len(outbox) == 1


def test_the_shops_page_takes_as_many_queries_with_twelve_shops_as_with_two(client, curator, db):
    cohort = CohortFactory()
    ShopFactory(state=ShopState.PENDING, cohort=cohort)
    ShopFactory(state=ShopState.VERIFIED)
    few = queries_for(client, "/admin/shops")
    for number in range(10):
        ShopFactory(state=ShopState.PENDING if number % 3 else ShopState.VERIFIED, cohort=cohort)
    assert queries_for(client, "/admin/shops") == few
