"""Images in an S3-compatible bucket (moto's server on loopback stands in for it)."""

import io
import mimetypes
import uuid

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.media.images import delete_stored, store_generated_image
from marketplace.media.storage import InvalidKey, LocalStorage, S3Storage, get_storage
from marketplace.media.variants import sibling_keys
from marketplace.shops.models import Shop
from tests.factories import UserFactory
from tests.helpers import image_upload, login, post_multipart
from tests.moto_server import create_bucket, s3_settings
from tests.test_shops import application, picture

KEY = "products/AbCdEfGhIjKlMnOpQrStUvWx.jpg"


@pytest.fixture
def bucket(moto_endpoint):
    name = f"images-{uuid.uuid4().hex[:12]}"
    create_bucket(moto_endpoint, name)
    return name


@pytest.fixture
def s3_app(make_app, moto_endpoint, bucket):
    return make_app(**s3_settings(moto_endpoint, bucket))


def test_the_configured_backend_is_s3(s3_app, bucket):
    storage = get_storage()
    assert isinstance(storage, S3Storage) and storage.bucket == bucket


def test_saved_bytes_come_back_and_are_gone_after_delete(s3_app):
    storage = get_storage()
    storage.save(KEY, b"\xff\xd8 a jpeg")
    assert storage.load(KEY) == b"\xff\xd8 a jpeg"
    head = storage.client.head_object(Bucket=storage.bucket, Key=KEY)
    assert head["ContentType"] == "image/jpeg"
    storage.delete(KEY)
    assert storage.load(KEY) is None
    storage.delete(KEY)  # deleting what is gone is fine, as on disk


def test_a_key_the_code_did_not_make_never_reaches_the_bucket(s3_app):
    for key in ["../secret.jpg", "products/short.jpg", "products/AbCdEfGhIjKlMnOpQrStUvWx.php"]:
        with pytest.raises(InvalidKey):
            get_storage().load(key)


def test_an_uploaded_logo_lands_in_the_bucket_and_is_served_from_it(s3_app, tmp_path):
    client = s3_app.test_client()
    login(client, UserFactory())
    response = post_multipart(client, "/shops/apply",
                              {**application(), "logo": image_upload(picture("red"), "logo.jpg")})
    assert response.status_code == 302
    key = db.session.scalar(select(Shop)).logo_key
    storage = get_storage()
    listed = storage.client.list_objects_v2(Bucket=storage.bucket)["Contents"]
    assert sorted(item["Key"] for item in listed) == sorted(sibling_keys(key))  # each size, both formats
    for stored in sibling_keys(key):
        served = client.get(f"/media/{stored}")
        assert served.status_code == 200 and served.content_type == mimetypes.guess_type(stored)[0]
        assert served.data == storage.load(stored)
    assert not (tmp_path / "uploads").exists()  # nothing on the app server's disk


def test_readyz_checks_the_bucket(s3_app):
    assert s3_app.test_client().get("/readyz").get_json()["checks"]["storage"] == "ok"


def test_readyz_answers_503_naming_the_storage_when_the_bucket_is_missing(make_app, moto_endpoint):
    client = make_app(**s3_settings(moto_endpoint, "no-such-bucket")).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["failed"] == ["storage"]


def test_without_settings_images_stay_in_the_local_folder(app, tmp_path):
    storage = get_storage()
    assert isinstance(storage, LocalStorage) and storage.root == tmp_path / "uploads"


def test_an_unknown_backend_is_refused_plainly(make_app):
    make_app(STORAGE_BACKEND="ftp")
    with pytest.raises(RuntimeError, match="STORAGE_BACKEND"):
        get_storage()


def test_every_size_of_a_product_photo_goes_to_the_bucket_and_leaves_with_it(s3_app):
    storage = get_storage()
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1500), "red").save(buffer, "JPEG")
    image = store_generated_image(buffer.getvalue(), "kain.jpg")

    listed = storage.client.list_objects_v2(Bucket=storage.bucket)["Contents"]
    assert sorted(item["Key"] for item in listed) == sorted(sibling_keys(image.large_key))
    assert len(listed) == 8  # 240, 480, 960 and 1600 px, as WebP and JPEG
    head = storage.client.head_object(Bucket=storage.bucket, Key=image.large_key.replace(".jpg", ".webp"))
    assert head["ContentType"] == "image/webp"

    delete_stored(image.large_key)

    assert "Contents" not in storage.client.list_objects_v2(Bucket=storage.bucket)
