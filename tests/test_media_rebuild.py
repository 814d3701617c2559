"""`flask media rebuild`: photos uploaded before every photo had its sizes are converted, once."""

import io
import re
import uuid
from datetime import datetime

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.curation.models import Collection
from marketplace.extensions import db as _db
from marketplace.media.images import store_generated_image
from marketplace.media.storage import get_storage
from marketplace.media.variants import sibling_keys, variants_of
from marketplace.products.models import ProductImage
from tests.factories import ProductFactory, ShopFactory
from tests.moto_server import create_bucket, s3_settings


def jpeg(size, color="#7a3b1d") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def old_key(name: str) -> str:
    """A key as the code made them before the sizes: a random name of 24 characters, no width."""
    return f"products/{name:x<24}.jpg"


def stored_whole(key: str, data: bytes) -> str:
    get_storage().save(key, data)
    return key


def old_photo(product, name: str, size=(1600, 1200), data: bytes | None = None) -> ProductImage:
    large = stored_whole(old_key(f"{name}L"), data if data is not None else jpeg(size))
    thumb = stored_whole(old_key(f"{name}T"), jpeg((480, 480)))
    image = ProductImage(alt_text=name, thumb_key=thumb, large_key=large, width=size[0], height=size[1],
                         position=len(product.images))
    product.images.append(image)
    return image


@pytest.fixture
def uploads_from_before(db):
    """Two products with old photos (the second a duplicate sharing the first's files), a shop's
    logo and banner, a collection's cover, a photo that already has its sizes, and two that
    cannot be converted: one whose file is gone, one whose file is damaged."""
    shop = ShopFactory(logo_key=stored_whole(f"shops/{'logo':x<24}.jpg", jpeg((320, 320))),
                       banner_key=stored_whole(f"shops/{'banner':x<24}.jpg", jpeg((1200, 400))))
    first = ProductFactory(shop=shop)
    shared = old_photo(first, "kain")
    duplicate = ProductFactory(shop=shop)
    duplicate.images.append(ProductImage(alt_text="kain", thumb_key=shared.thumb_key,
                                         large_key=shared.large_key, width=1600, height=1200, position=0))
    small = ProductFactory(shop=shop)
    old_photo(small, "kecil", size=(400, 300))
    broken = ProductFactory(shop=shop)
    old_photo(broken, "rusak", data=jpeg((800, 600))[:300])
    old_photo(broken, "hilang")
    get_storage().delete(old_key("hilangL"))
    stored = store_generated_image(jpeg((900, 600)), "baru.jpg")
    fresh = ProductFactory(shop=shop)
    fresh.images.append(ProductImage(alt_text="baru", thumb_key=stored.thumb_key, large_key=stored.large_key,
                                     width=stored.width, height=stored.height, position=0))
    _db.session.add(Collection(slug="pesisir", title_id="Pesisir", description_id="Kain pesisir.",
                               cover_key=stored_whole(f"collections/{'cover':x<24}.jpg", jpeg((1200, 500))),
                               publish_from=datetime(2025, 1, 1)))
    _db.session.commit()
    return shop


def images_by_alt(db) -> dict[str, list[ProductImage]]:
    db.session.expire_all()
    found: dict[str, list[ProductImage]] = {}
    for image in db.session.scalars(select(ProductImage).order_by(ProductImage.id)):
        found.setdefault(image.alt_text, []).append(image)
    return found


def keys_shown(db) -> dict[str, list[tuple[str, str]]]:
    return {alt: [(image.large_key, image.thumb_key) for image in found]
            for alt, found in images_by_alt(db).items()}


def files_stored() -> list[str]:
    return sorted(path.name for path in get_storage().root.rglob("*") if path.is_file())


def test_rebuild_converts_old_photos_logos_banners_and_covers_and_deletes_the_old_files(
        runner, db, client, uploads_from_before):
    result = runner.invoke(args=["media", "rebuild"])

    assert result.exit_code == 0, result.output
    assert "Converting photos" in result.output
    assert "Photos: 5 converted, 1 already had their sizes, 2 skipped." in result.output
    images = images_by_alt(db)
    original, duplicate = images["kain"]
    assert (original.large_key, original.thumb_key) == (duplicate.large_key, duplicate.thumb_key)
    assert variants_of(original.large_key).widths == (240, 480, 960, 1600)
    assert original.thumb_key.endswith(".w480.jpg") and (original.width, original.height) == (1600, 1200)
    (small,) = images["kecil"]
    assert variants_of(small.large_key).widths == (240, 400) and small.thumb_key == small.large_key
    shop = db.session.get(type(uploads_from_before), uploads_from_before.id)
    assert variants_of(shop.logo_key).widths == (240, 320)
    assert variants_of(shop.banner_key).widths == (240, 480, 960, 1200)
    cover = db.session.scalar(select(Collection.cover_key))
    assert variants_of(cover).widths == (240, 480, 960, 1200)
    for key in [original.large_key, small.large_key, shop.logo_key, shop.banner_key, cover]:
        for stored in sibling_keys(key):
            assert get_storage().load(stored) is not None, stored
    for name in ("kainL", "kainT", "kecilL", "kecilT"):
        assert get_storage().load(old_key(name)) is None  # no page shows them any more
    page = client.get(f"/products/{original.product_id}").get_data(as_text=True)
    assert re.search(r'<source type="image/webp" srcset="[^"]+\.w240\.webp 240w', page)


def test_unreadable_files_are_skipped_with_a_clear_message_and_left_as_they_were(
        runner, db, uploads_from_before):
    result = runner.invoke(args=["media", "rebuild"])

    assert result.exit_code == 0
    assert f"Skipped {old_key('rusakL')}: the file is not a readable image" in result.output
    assert f"Skipped {old_key('hilangL')}: the file is missing from the storage" in result.output
    images = images_by_alt(db)
    assert images["rusak"][0].large_key == old_key("rusakL")  # the row still shows what there is
    assert images["hilang"][0].large_key == old_key("hilangL")
    assert get_storage().load(old_key("rusakL")) is not None


def test_a_second_rebuild_changes_nothing(runner, db, uploads_from_before):
    runner.invoke(args=["media", "rebuild"])
    before, files = keys_shown(db), files_stored()

    result = runner.invoke(args=["media", "rebuild"])

    assert result.exit_code == 0
    assert "Photos: 0 converted, 6 already had their sizes, 2 skipped." in result.output
    assert keys_shown(db) == before and files_stored() == files


def test_with_nothing_to_convert_it_says_so(runner, db):
    result = runner.invoke(args=["media", "rebuild"])

    assert result.exit_code == 0
    assert "Photos: 0 converted, 0 already had their sizes, 0 skipped." in result.output


def test_rebuild_works_on_a_bucket(make_app, moto_endpoint):
    bucket = f"images-{uuid.uuid4().hex[:12]}"
    create_bucket(moto_endpoint, bucket)
    app = make_app(**s3_settings(moto_endpoint, bucket))
    product = ProductFactory()
    image = old_photo(product, "ember")
    _db.session.commit()

    result = app.test_cli_runner().invoke(args=["media", "rebuild"])

    assert "Photos: 1 converted" in result.output, result.output
    _db.session.expire_all()
    image = _db.session.get(ProductImage, image.id)
    storage = get_storage()
    listed = sorted(item["Key"] for item in storage.client.list_objects_v2(Bucket=bucket)["Contents"])
    assert listed == sorted(sibling_keys(image.large_key))  # the old files are gone from the bucket too
