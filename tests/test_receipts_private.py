"""Bank transfer receipts are private: stored in their own folder, never served by the public /media
route, and shown only to the checkout's buyer and the agency's staff, uncached (issue 17, item 4).
Receipts stored beside product photos before that are moved by a migration."""

import uuid

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.media.storage import get_storage
from marketplace.payments.models import Payment
from tests.factories import ProductFactory, UserFactory
from tests.helpers import image_upload, login, post_multipart
from tests.moto_server import create_bucket, s3_settings
from tests.test_admin_payments import jpeg
from tests.test_checkout import add, place

#: the revision before receipts had their own folder
BEFORE_PRIVATE_RECEIPTS = "a7e2f41c9d03"


def transfer_checkout(app):
    """A customer's bank-transfer checkout for a product of the artisan's shop; the buyer's client."""
    buyer = UserFactory(name="Dewi Lestari")
    client = app.test_client()
    login(client, buyer)
    add(client, ProductFactory().variants[0])
    place(client)
    return client, _db.session.scalar(select(Payment).order_by(Payment.id.desc()))


def upload_receipt(client, payment):
    path = f"/checkouts/{payment.checkout_id}"
    response = post_multipart(client, f"{path}/receipt", {"receipt": image_upload(jpeg(), "struk.jpg")},
                              page=path)
    assert response.status_code == 302
    _db.session.refresh(payment)
    return payment.receipt_key


def receipt_url(payment) -> str:
    return f"/checkouts/{payment.checkout_id}/receipt"


def assert_private_image(response):
    assert response.status_code == 200 and response.content_type == "image/jpeg"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data.startswith(b"\xff\xd8")


@pytest.fixture
def receipt(app):
    client, payment = transfer_checkout(app)
    upload_receipt(client, payment)
    return client, payment


def test_an_uploaded_receipt_is_kept_in_the_private_folder_and_not_in_products(receipt):
    _client, payment = receipt
    assert payment.receipt_key.startswith("receipts/")
    assert get_storage().load(payment.receipt_key).startswith(b"\xff\xd8")


def test_the_buyer_sees_their_receipt_uncached_and_the_checkout_page_links_to_it(receipt):
    client, payment = receipt
    assert_private_image(client.get(receipt_url(payment)))
    page = client.get(f"/checkouts/{payment.checkout_id}").get_data(as_text=True)
    assert f'href="{receipt_url(payment)}"' in page and "Lihat bukti transfer yang Anda kirim" in page


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CURATOR])
def test_the_agency_sees_the_receipt(app, receipt, role):
    _client, payment = receipt
    staff = app.test_client()
    login(staff, UserFactory(roles=[role]))
    assert_private_image(staff.get(receipt_url(payment)))


def test_the_admin_payment_pages_show_the_receipt_through_the_private_route(app, receipt, admin):
    _client, payment = receipt
    staff = app.test_client()
    login(staff, admin)
    for page in ("/admin/payments", f"/admin/payments/{payment.id}"):
        html = staff.get(page).get_data(as_text=True)
        assert f'src="{receipt_url(payment)}"' in html and payment.receipt_key not in html


@pytest.mark.parametrize("who", ["another customer", "the artisan who sold it", "an anonymous visitor"])
def test_nobody_else_gets_the_receipt(app, receipt, who):
    _client, payment = receipt
    visitor = app.test_client()
    if who == "another customer":
        login(visitor, UserFactory())
    elif who == "the artisan who sold it":
        login(visitor, payment.checkout.orders[0].shop.owner)
    response = visitor.get(receipt_url(payment))
    assert response.status_code == 404 and b"\xff\xd8" not in response.data


def test_the_public_media_route_answers_404_for_a_receipt(receipt):
    client, payment = receipt
    assert client.get(f"/media/{payment.receipt_key}").status_code == 404


def test_a_checkout_without_a_receipt_or_with_an_id_out_of_range_is_404(app):
    client, payment = transfer_checkout(app)
    assert client.get(receipt_url(payment)).status_code == 404
    assert client.get("/checkouts/9223372036854775808/receipt").status_code == 404


@pytest.mark.parametrize("folder", ["products", "shops", "collections"])
def test_the_public_folders_are_still_served_by_media_and_cached(client, db, folder):
    key = f"{folder}/{uuid.uuid4().hex}.jpg"
    get_storage().save(key, jpeg())
    response = client.get(f"/media/{key}")
    assert response.status_code == 200 and response.content_type == "image/jpeg"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def _legacy_receipt(app) -> tuple:
    """A receipt as the code before private receipts stored it: in products/, public. The checkout
    is placed by today's code on today's schema, which is then taken back to the revision before
    private receipts (the models follow the newest revision only)."""
    upgrade()
    client, payment = transfer_checkout(app)
    payment_id = payment.id
    _db.session.remove()
    downgrade(revision=BEFORE_PRIVATE_RECEIPTS)
    legacy_key = f"products/{uuid.uuid4().hex}.jpg"
    get_storage().save(legacy_key, jpeg())
    with _db.engine.begin() as connection:
        connection.execute(text("UPDATE payments SET receipt_key = :key WHERE id = :id"),
                           {"key": legacy_key, "id": payment_id})
    return client, _db.session.get(Payment, payment_id), legacy_key


def _check_moved(client, payment, legacy_key):
    _db.session.expire_all()
    payment = _db.session.get(Payment, payment.id)
    assert payment.receipt_key == "receipts/" + legacy_key.removeprefix("products/")
    assert client.get(f"/media/{legacy_key}").status_code == 404
    assert get_storage().load(legacy_key) is None  # gone from the public folder, not just hidden
    assert_private_image(client.get(receipt_url(payment)))


def test_a_receipt_stored_before_this_change_moves_to_the_private_folder_on_upgrade(make_app):
    app = make_app(schema=False)
    client, payment, legacy_key = _legacy_receipt(app)
    # its key looks like a product photo's, so only moving it makes it private
    assert client.get(f"/media/{legacy_key}").status_code == 200
    upgrade()
    _check_moved(client, payment, legacy_key)


def test_the_move_can_run_again_after_a_failure_and_finishes_the_job(make_app):
    """The files moved but the transaction did not commit: the next upgrade only updates the row."""
    app = make_app(schema=False)
    client, payment, legacy_key = _legacy_receipt(app)
    storage = get_storage()
    storage.save("receipts/" + legacy_key.removeprefix("products/"), storage.load(legacy_key))
    storage.delete(legacy_key)
    upgrade()
    _check_moved(client, payment, legacy_key)


@pytest.fixture
def s3_app(make_app, moto_endpoint):
    bucket = f"receipts-{uuid.uuid4().hex[:12]}"
    create_bucket(moto_endpoint, bucket)
    return make_app(schema=False, **s3_settings(moto_endpoint, bucket))


def test_with_s3_a_receipt_lands_in_the_private_folder_and_only_the_buyer_gets_it(s3_app):
    upgrade()
    client, payment = transfer_checkout(s3_app)
    key = upload_receipt(client, payment)
    storage = get_storage()
    listed = storage.client.list_objects_v2(Bucket=storage.bucket, Prefix="receipts/")["Contents"]
    assert [item["Key"] for item in listed] == [key]  # (the listing's share image is under shares/)
    assert_private_image(client.get(receipt_url(payment)))
    assert client.get(f"/media/{key}").status_code == 404
    stranger = s3_app.test_client()
    login(stranger, UserFactory())
    assert stranger.get(receipt_url(payment)).status_code == 404


def test_with_s3_a_receipt_stored_before_this_change_moves_on_upgrade(s3_app):
    client, payment, legacy_key = _legacy_receipt(s3_app)
    upgrade()
    _check_moved(client, payment, legacy_key)
