import os
import re
import struct
import zipfile
import zlib
from io import BytesIO

import pytest
from PIL import ExifTags, Image
from werkzeug.datastructures import FileStorage

from marketplace.media import images
from marketplace.media.images import (
    BANNER_SIZE,
    LARGE_MAX,
    LOGO_SIZE,
    MAX_UPLOAD_BYTES,
    ImageRejected,
    StoredImage,
    delete_stored,
    rebuild_sizes,
    store_banner,
    store_generated_image,
    store_logo,
    store_product_image,
)
from marketplace.media.storage import get_storage
from marketplace.media.variants import sibling_keys, variants_of, widths_for

KEY = re.compile(r"^[a-z]+/[A-Za-z0-9_-]{16,64}(\.w[0-9]+)?\.(jpg|png|webp)$")
CONTENT_TYPES = {"jpg": ("image/jpeg", "JPEG"), "webp": ("image/webp", "WEBP")}
RED, BLUE = (200, 30, 30), (30, 30, 200)


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo(fmt="JPEG", size=(640, 480), mode="RGB", color=RED, **options) -> bytes:
    return encode(Image.new(mode, size, color), fmt, **options)


def noisy_jpeg(size=(400, 300)) -> bytes:
    return encode(Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)), "JPEG", quality=95)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size but holds no pixels: decoding it would fail, reading it must not."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def zip_archive() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=BytesIO(data), filename=filename)


def stored(key: str) -> Image.Image:
    data = get_storage().load(key)
    assert data is not None, key
    return Image.open(BytesIO(data))


def close_to(pixel, color, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, color, strict=True))


@pytest.mark.parametrize(("data", "filename"), [
    (photo("JPEG"), "kain-songket.jpg"),
    (photo("JPEG"), "KAIN.JPEG"),
    (photo("PNG", mode="RGBA", color=(*RED, 128)), "jumputan.png"),
    (photo("WEBP"), "tenun.webp"),
], ids=["jpeg", "jpeg-upper-case", "png-with-alpha", "webp"])
def test_a_photo_is_stored_in_each_width_as_webp_and_jpeg(app, client, data, filename):
    image = store_product_image(upload(data, filename))

    assert isinstance(image, StoredImage)
    assert image.thumb_key.endswith(".w480.jpg") and image.large_key.endswith(".w640.jpg")
    keys = sibling_keys(image.large_key)
    assert len(keys) == 6
    for width in (240, 480, 640):
        for extension, (content_type, fmt) in CONTENT_TYPES.items():
            key = variants_of(image.large_key).key(width, extension)
            assert key in keys and KEY.match(key) and key.startswith("products/")
            response = client.get(f"/media/{key}")
            assert response.status_code == 200 and response.content_type == content_type
            served = Image.open(BytesIO(response.data))
            assert served.format == fmt and served.size == (width, width * 3 // 4)  # the aspect kept
    assert stored(image.large_key).size == (image.width, image.height) == (640, 480)


def test_a_large_photo_gets_all_four_widths(app):
    image = store_product_image(upload(photo(size=(2400, 1800)), "besar.jpg"))

    variants = variants_of(image.large_key)
    assert variants.widths == (240, 480, 960, 1600)
    assert [stored(variants.key(width, "webp")).size for width in variants.widths] == [
        (240, 180), (480, 360), (960, 720), (1600, 1200)]
    assert variants_of(image.thumb_key).widths == (240, 480)  # the card's key lists only its sizes


def test_a_small_photo_is_not_enlarged(app):
    image = store_product_image(upload(photo(size=(300, 200)), "kecil.jpg"))

    assert (image.width, image.height) == (300, 200)
    assert image.thumb_key == image.large_key  # narrower than a phone: its own width is the widest
    assert variants_of(image.large_key).widths == (240, 300)
    assert stored(image.large_key).size == (300, 200)
    assert stored(variants_of(image.large_key).key(240, "webp")).size == (240, 160)


def test_a_photo_narrower_than_the_smallest_width_is_stored_once_per_format(app):
    image = store_product_image(upload(photo("PNG", size=(200, 120)), "mini.png"))

    assert sibling_keys(image.large_key) == [image.large_key.replace(".jpg", ".webp"), image.large_key]
    assert stored(image.large_key).size == (200, 120)


@pytest.mark.parametrize(("width", "widths"), [
    (100, (100,)), (240, (240,)), (241, (240, 241)), (480, (240, 480)), (1000, (240, 480, 960, 1000)),
    (1600, (240, 480, 960, 1600)), (5000, (240, 480, 960, 1600)),
])
def test_the_widths_stored_are_the_standard_ones_below_the_photo_and_its_own(width, widths):
    assert widths_for(width) == widths


@pytest.mark.parametrize("key", [
    None, "", "products/AbCdEfGhIjKlMnOpQrStUvWx.jpg", "products/AbCdEfGhIjKlMnOpQrStUvWx.w0.jpg",
    "products/AbCdEfGhIjKlMnOpQrStUvWx.w480.png", "products/short.w480.jpg",
    "../x/AbCdEfGhIjKlMnOpQrStUvWx.w480.jpg",
])
def test_a_key_stored_whole_or_malformed_has_no_sizes(key):
    assert variants_of(key) is None
    if key:
        assert sibling_keys(key) == [key]


@pytest.mark.parametrize(("size", "large"), [
    ((2400, 1800), (1600, 1200)),
    ((1000, 3000), (533, 1600)),
    ((1600, 1600), (1600, 1600)),
])
def test_the_large_view_never_exceeds_its_limit(app, size, large):
    image = store_product_image(upload(photo(size=size), "besar.jpg"))

    assert (image.width, image.height) == large
    assert max(stored(image.large_key).size) <= LARGE_MAX


def palette_image() -> Image.Image:
    image = Image.new("P", (200, 200), 1)
    image.putpalette([0, 0, 0, *RED, *BLUE])
    image.paste(2, (100, 100, 200, 200))
    return image


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BanyuasinCam"
    exif[ExifTags.Base.Orientation] = 6  # the camera was held upright: turn 90 degrees clockwise
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLatitude: (2.0, 54.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (104.0, 45.0, 0.0),
    }
    return exif


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_metadata_and_location_are_removed_from_stored_files(app, fmt):
    source = photo(fmt, exif=camera_exif(), icc_profile=b"not really a profile")
    assert Image.open(BytesIO(source)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test means it

    image = store_generated_image(source, f"foto.{fmt.lower()}")

    for key in sibling_keys(image.large_key):
        data = get_storage().load(key)
        assert b"Exif" not in data and b"BanyuasinCam" not in data
        result = Image.open(BytesIO(data))
        assert not result.getexif()
        assert "exif" not in result.info and "icc_profile" not in result.info


def test_the_photo_is_turned_upright_from_its_exif_orientation(app):
    sideways = Image.new("RGB", (300, 200), RED)
    sideways.paste(BLUE, (150, 0, 300, 200))  # red on the left, blue on the right

    image = store_generated_image(encode(sideways, "JPEG", exif=camera_exif()), "foto.jpg")

    upright = stored(image.large_key).convert("RGB")
    assert upright.size == (200, 300)
    assert close_to(upright.getpixel((100, 20)), RED)  # the left side is now on top
    assert close_to(upright.getpixel((100, 280)), BLUE)
    small = stored(image.large_key.replace(".jpg", ".webp")).convert("RGB")
    assert small.size == (200, 300) and close_to(small.getpixel((100, 20)), RED)


@pytest.mark.parametrize(("source", "options"), [
    (Image.new("RGBA", (200, 200), (0, 0, 0, 0)), {}),
    (Image.new("LA", (200, 200), (0, 0)), {}),
    (Image.new("P", (200, 200), 0), {"transparency": 0}),
    (palette_image(), {"transparency": b"\xff\x00\x80"}),  # an alpha per colour, as pngquant saves
], ids=["rgba", "grey-alpha", "palette", "palette-with-alpha-table"])
def test_transparency_becomes_white(app, source, options):
    image = store_generated_image(encode(source, "PNG", **options), "logo.png")

    assert close_to(stored(image.large_key).convert("RGB").getpixel((10, 10)), (255, 255, 255), 2)


def test_a_multi_picture_jpeg_from_a_phone_is_accepted(app):
    data = encode(Image.new("RGB", (640, 480), RED), "MPO", save_all=True,
                  append_images=[Image.new("RGB", (640, 480), BLUE)])
    assert Image.open(BytesIO(data)).format == "MPO"

    image = store_generated_image(data, "IMG_0001.jpg")

    assert close_to(stored(image.large_key).getpixel((10, 10)), RED)


def test_bytes_after_the_image_are_not_stored(app):
    polyglot = photo() + zip_archive() + b"<html><script>alert(1)</script></html>"

    image = store_generated_image(polyglot, "foto.jpg")

    for key in sibling_keys(image.large_key):
        data = get_storage().load(key)
        assert b"index.html" not in data and b"<script>" not in data


@pytest.mark.parametrize("filename", [
    "../../etc/passwd.jpg", "..\\..\\windows\\win.ini.jpg", "/var/www/static/index.jpg",
    "kain batik%2f..%2fshell.jpg",
])
def test_a_path_in_the_filename_is_ignored_for_a_random_name(app, filename):
    image = store_product_image(upload(photo(), filename))

    for key in (image.thumb_key, image.large_key):
        assert KEY.match(key)
        assert not {"etc", "passwd", "windows", "win", "var", "www", "index", "shell"} & set(
            re.split(r"[/.\\_-]", key.lower())
        )
    uploads = get_storage().root
    files = [path for path in uploads.rglob("*") if path.is_file()]
    assert [path.relative_to(uploads).parts[0] for path in files] == ["products"] * 6  # 3 widths, 2 formats


def test_every_upload_gets_its_own_names(app):
    first = store_product_image(upload(photo(), "sama.jpg"))
    second = store_product_image(upload(photo(), "sama.jpg"))

    assert len({*sibling_keys(first.large_key), *sibling_keys(second.large_key)}) == 12


def refused(data: bytes, filename: str) -> str:
    with pytest.raises(ImageRejected) as error:
        store_product_image(upload(data, filename))
    assert str(error.value).strip()
    assert not list(get_storage().root.rglob("*.jpg"))  # nothing half-stored
    return str(error.value)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(("make", "filename", "message"), [
    (lambda: SVG, "logo.svg", images.NOT_AN_IMAGE),
    (lambda: SVG, "logo.png", images.NOT_AN_IMAGE),
    (lambda: b"<html><script>alert(1)</script></html>", "page.jpg", images.NOT_AN_IMAGE),
    (zip_archive, "foto.jpg", images.NOT_AN_IMAGE),
    (lambda: photo("PDF"), "katalog.png", images.NOT_AN_IMAGE),
    (lambda: photo("GIF"), "animasi.gif", images.NOT_AN_IMAGE),
    (lambda: photo("GIF"), "animasi.jpg", images.NOT_AN_IMAGE),
    (lambda: photo("BMP"), "foto.jpg", images.NOT_AN_IMAGE),
    (lambda: photo(), "../../shell.php", images.NOT_AN_IMAGE),
    (lambda: photo(), "foto.jpg\x00.php", images.NOT_AN_IMAGE),
    (lambda: photo(), "foto.jpg.php", images.NOT_AN_IMAGE),
    (lambda: photo(), "jpg", images.NOT_AN_IMAGE),
    (lambda: photo(), "", images.NOT_AN_IMAGE),
    (lambda: photo("PNG"), "foto.jpg", images.WRONG_EXTENSION),
    (lambda: photo("JPEG"), "foto.png", images.WRONG_EXTENSION),
    (lambda: photo("WEBP"), "foto.jpeg", images.WRONG_EXTENSION),
    (lambda: b"", "foto.jpg", images.EMPTY),
    (lambda: noisy_jpeg()[:4000], "foto.jpg", images.BROKEN),
    (lambda: photo("PNG")[:-30] + b"\0" * 30, "foto.png", images.BROKEN),
], ids=[
    "svg", "svg-named-png", "html-named-jpg", "zip-named-jpg", "pdf-named-png", "gif", "gif-named-jpg",
    "bmp-named-jpg", "php-with-path", "null-byte", "double-extension", "no-extension", "no-name",
    "png-named-jpg", "jpeg-named-png", "webp-named-jpeg", "empty", "truncated-jpeg", "corrupt-png",
])
def test_uploads_that_are_not_a_usable_photo_are_refused(app, make, filename, message):
    assert refused(make(), filename) == str(message)


def test_an_upload_over_8_mb_is_refused_after_reading_just_past_the_limit(app):
    data = photo("PNG") + os.urandom(11 * 1024 * 1024)
    file = upload(data, "besar.png")

    with pytest.raises(ImageRejected) as error:
        store_product_image(file)

    assert str(error.value) == str(images.TOO_LARGE)
    assert file.stream.tell() == MAX_UPLOAD_BYTES + 1


def test_an_upload_of_exactly_8_mb_is_accepted(app):
    small = photo("PNG")

    image = store_generated_image(small + b"\0" * (MAX_UPLOAD_BYTES - len(small)), "pas.png")

    assert image.width == 640


@pytest.mark.parametrize("size", [(8000, 5200), (10000, 10000), (20000, 20000)],
                         ids=["41-megapixels", "over-pillow-warning", "over-pillow-error"])
def test_too_many_pixels_are_refused_from_the_header_without_decoding(app, size):
    # the file holds no pixel data: decoding it would have failed as BROKEN
    assert refused(png_header_only(*size), "raksasa.png") == str(images.TOO_MANY_PIXELS)


def test_a_logo_is_a_square(app):
    key = store_logo(upload(photo(size=(900, 500)), "logo.jpg"))

    assert KEY.match(key) and key.startswith("shops/") and key.endswith(f".w{LOGO_SIZE}.jpg")
    assert stored(key).size == (LOGO_SIZE, LOGO_SIZE)
    assert stored(variants_of(key).key(240, "webp")).size == (240, 240)


@pytest.mark.parametrize(("data", "filename"), [
    (photo(size=(3000, 2000)), "spanduk.jpg"),
    (photo("PNG", size=(300, 100)), "spanduk.png"),
], ids=["large-photo", "small-photo"])
def test_a_banner_has_exactly_the_banner_size(app, data, filename):
    key = store_banner(upload(data, filename))

    assert KEY.match(key) and key.startswith("shops/")
    assert stored(key).size == BANNER_SIZE
    assert variants_of(key).widths == (240, 480, 960, 1200)


def test_logo_and_banner_are_checked_like_product_photos(app):
    with pytest.raises(ImageRejected):
        store_logo(upload(zip_archive(), "logo.jpg"))
    with pytest.raises(ImageRejected):
        store_banner(upload(png_header_only(8000, 5200), "spanduk.png"))


def test_deleted_images_are_gone_and_missing_ones_are_ignored(app, client):
    image = store_product_image(upload(photo(), "foto.jpg"))

    keys = sibling_keys(image.large_key)
    delete_stored(image.thumb_key, image.large_key)
    delete_stored(image.thumb_key, None, "")

    for key in keys:
        assert get_storage().load(key) is None
        assert client.get(f"/media/{key}").status_code == 404


@pytest.mark.parametrize("key", [
    "../config.py", "..%2fconfig.py", "products/short.jpg", "products/../../config.py",
    "products/AAAAAAAAAAAAAAAAAAAAAAAA.exe", "Products/AAAAAAAAAAAAAAAAAAAAAAAA.jpg",
    "products/AAAAAAAAAAAAAAAAAAAAAAAA.jpg",
])
def test_media_with_a_bad_or_unknown_key_is_not_found(client, key):
    assert client.get(f"/media/{key}").status_code == 404


def test_a_photo_stored_whole_is_rebuilt_into_its_sizes_from_the_stored_file(app, client):
    old_key = "products/AbCdEfGhIjKlMnOpQrStUvWx.jpg"
    get_storage().save(old_key, photo(size=(1200, 900)))

    image = rebuild_sizes(old_key)

    assert variants_of(image.large_key).widths == (240, 480, 960, 1200)
    assert (image.width, image.height) == (1200, 900) and image.thumb_key.endswith(".w480.jpg")
    assert stored(image.thumb_key).size == (480, 360)
    assert client.get(f"/media/{variants_of(image.large_key).key(960, 'webp')}").content_type == "image/webp"
    assert get_storage().load(old_key) is not None  # the caller deletes it once no page shows it


def test_rebuilding_a_missing_or_unreadable_file_says_why_and_stores_nothing(app):
    broken = "products/BrokenBrokenBrokenBroken.jpg"
    get_storage().save(broken, photo()[:200])

    with pytest.raises(ImageRejected, match="missing"):
        rebuild_sizes("products/GoneGoneGoneGoneGoneGone.jpg")
    with pytest.raises(ImageRejected) as refusal:
        rebuild_sizes(broken)

    assert str(refusal.value) == images.UNREADABLE
    files = [path.name for path in get_storage().root.rglob("*") if path.is_file()]
    assert files == [broken.partition("/")[2]]
