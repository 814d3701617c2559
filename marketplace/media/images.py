"""Checks and re-encodes uploaded photos. Every stored file is a JPEG we encoded ourselves under a
random name, so nothing a visitor sends (a renamed ZIP, a script after the image data, GPS in the
EXIF, a name like ``../../x.php``) ever reaches another visitor."""

import secrets
from dataclasses import dataclass
from io import BytesIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from marketplace.media.storage import RECEIPTS, get_storage

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
THUMB_SIZE = 480
LARGE_MAX = 1600
LOGO_SIZE = 320
BANNER_SIZE = (1200, 400)
#: a curated collection's cover, wide like a banner
COVER_SIZE = (1200, 500)
JPEG_QUALITY = 82

#: the only decoders Pillow may try: a hostile file never reaches the rarely used ones
_PILLOW_FORMATS = ("JPEG", "PNG", "WEBP")
_FORMAT_OF_EXTENSION = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
#: phone cameras save multi-picture JPEGs, which Pillow reports as MPO
_SAME_FORMAT = {"MPO": "JPEG"}

NOT_AN_IMAGE = _l("Upload a JPEG, PNG or WebP image.")
WRONG_EXTENSION = _l(
    "The file name does not match the kind of image inside. Save the photo again as JPEG, PNG or WebP."
)
EMPTY = _l("The file is empty. Please choose a photo.")
TOO_LARGE = _l(
    "The photo is larger than %(limit)s MB. Please upload a smaller photo.",
    limit=MAX_UPLOAD_BYTES // (1024 * 1024),
)
TOO_MANY_PIXELS = _l(
    "The photo has more than %(limit)s megapixels. Please make it smaller and upload it again.",
    limit=MAX_PIXELS // 1_000_000,
)
BROKEN = _l("The photo could not be read. It may be damaged or incomplete; please try another file.")


class ImageRejected(Exception):
    """The upload cannot be stored; str(error) tells the seller why, in their language."""


@dataclass(frozen=True)
class StoredImage:
    thumb_key: str
    large_key: str
    width: int  # of the large image
    height: int


def store_product_image(upload) -> StoredImage:
    return _store_product(_read(upload), upload.filename or "")


def store_generated_image(data: bytes, filename: str) -> StoredImage:
    return _store_product(data, filename)


def store_logo(upload) -> str:
    return _store_fitted(upload, (LOGO_SIZE, LOGO_SIZE))


def store_banner(upload) -> str:
    return _store_fitted(upload, BANNER_SIZE)


def store_cover(upload) -> str:
    return _store_fitted(upload, COVER_SIZE, folder="collections")


def store_receipt(upload) -> str:
    """A bank transfer receipt, in the private folder: shrunk like a product's large view but never
    cropped, since every figure on it matters."""
    photo = _open(_read(upload), upload.filename or "")
    photo.thumbnail((LARGE_MAX, LARGE_MAX), Image.Resampling.LANCZOS)
    (key,) = _save(RECEIPTS, photo)
    return key


def move_to_receipts(key: str) -> str:
    """The key a receipt stored elsewhere (before receipts had their own folder) has once moved
    into the private one, under the same random name. Safe to repeat: a file already moved is left
    as it is, and the old one is deleted only once the new one is saved."""
    folder, _, name = key.partition("/")
    if folder == RECEIPTS:
        return key
    private = f"{RECEIPTS}/{name}"
    storage = get_storage()
    data = storage.load(key)
    if data is not None:
        storage.save(private, data)
        storage.delete(key)
    return private


def delete_stored(*keys: str | None) -> None:
    """Delete stored images; keys already gone, and empty ones (no logo yet), are skipped."""
    storage = get_storage()
    for key in keys:
        if key:
            storage.delete(key)


def _store_product(data: bytes, filename: str) -> StoredImage:
    photo = _open(data, filename)
    large = photo.copy()
    large.thumbnail((LARGE_MAX, LARGE_MAX), Image.Resampling.LANCZOS)  # shrinks, never enlarges
    thumb = ImageOps.fit(photo, (THUMB_SIZE, THUMB_SIZE), Image.Resampling.LANCZOS)
    thumb_key, large_key = _save("products", thumb, large)
    return StoredImage(thumb_key, large_key, *large.size)


def _store_fitted(upload, size: tuple[int, int], folder: str = "shops") -> str:
    photo = _open(_read(upload), upload.filename or "")
    (key,) = _save(folder, ImageOps.fit(photo, size, Image.Resampling.LANCZOS))
    return key


def _read(upload) -> bytes:
    # one byte past the limit tells us a file is too big without holding all of it
    return upload.stream.read(MAX_UPLOAD_BYTES + 1)


def _open(data: bytes, filename: str) -> Image.Image:
    """The photo, upright and flattened to RGB, once every check has passed."""
    if not data:
        raise ImageRejected(str(EMPTY))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(str(TOO_LARGE))
    expected = _format_named_by(filename)
    if expected is None:
        raise ImageRejected(str(NOT_AN_IMAGE))
    with _identify(data) as header:
        found, (width, height) = header.format, header.size
    if _SAME_FORMAT.get(found, found) != expected:
        raise ImageRejected(str(WRONG_EXTENSION))
    if width * height > MAX_PIXELS:  # read from the header: no pixel has been decoded yet
        raise ImageRejected(str(TOO_MANY_PIXELS))
    return _decode(data)


def _format_named_by(filename: str) -> str | None:
    # only the last extension counts: "foto.jpg.php" and "foto.jpg\x00.php" are PHP names
    _, dot, extension = filename.rpartition(".")
    return _FORMAT_OF_EXTENSION.get(extension.lower()) if dot else None


def _identify(data: bytes) -> Image.Image:
    try:
        return Image.open(BytesIO(data), formats=_PILLOW_FORMATS)
    # Pillow raises the warning only where warnings are errors (the tests); elsewhere it is
    # logged and the pixel check refuses the image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejected(str(TOO_MANY_PIXELS)) from error
    except Exception as error:  # hostile headers raise more than OSError (SyntaxError, struct.error...)
        raise ImageRejected(str(NOT_AN_IMAGE)) from error


def _decode(data: bytes) -> Image.Image:
    try:
        with Image.open(BytesIO(data), formats=_PILLOW_FORMATS) as image:
            image.verify()  # checksums (PNG); the image cannot be used afterwards
        with Image.open(BytesIO(data), formats=_PILLOW_FORMATS) as image:
            # a JPEG can decode at 1/2, 1/4 or 1/8 scale: no output needs more than LARGE_MAX pixels
            image.draft(None, (LARGE_MAX, LARGE_MAX))
            image.load()  # a truncated file fails here, not halfway through resizing
            return _flatten(image)
    except Exception as error:  # corrupt data fails in many ways inside the decoders
        raise ImageRejected(str(BROKEN)) from error


def _flatten(image: Image.Image) -> Image.Image:
    """Upright RGB on white, with no metadata left to copy: EXIF (and its GPS), ICC, text chunks."""
    ImageOps.exif_transpose(image, in_place=True)
    if "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    flat = image.convert("RGB")
    flat.info.clear()
    return flat


def _save(folder: str, *images: Image.Image) -> list[str]:
    storage = get_storage()
    keys: list[str] = []
    try:
        for image in images:
            # 18 random bytes are 24 characters of [A-Za-z0-9_-], the shape storage keys must have
            key = f"{folder}/{secrets.token_urlsafe(18)}.jpg"
            storage.save(key, _encode(image))
            keys.append(key)
    except Exception:
        delete_stored(*keys)  # a product with a thumbnail but no large view is worse than none
        raise
    return keys


def _encode(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
