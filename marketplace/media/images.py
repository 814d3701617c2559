"""Checks and re-encodes uploaded photos. Every stored file is a WebP or JPEG we encoded ourselves
under a random name, so nothing a visitor sends (a renamed ZIP, a script after the image data, GPS
in the EXIF, a name like ``../../x.php``) ever reaches another visitor. A public photo is stored in
several widths and both formats (variants.py), so a phone downloads only what its screen shows."""

import secrets
from dataclasses import dataclass
from io import BytesIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from marketplace.media.storage import RECEIPTS, InvalidKey, get_storage
from marketplace.media.variants import FORMATS, PHONE_WIDTH, Variants, sibling_keys, widths_for

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
#: the largest size fits in this square: a tall photo is 1600 px high, not wide
LARGE_MAX = 1600
LOGO_SIZE = 320
BANNER_SIZE = (1200, 400)
#: a curated collection's cover, wide like a banner
COVER_SIZE = (1200, 500)
JPEG_QUALITY = 82
#: WebP at this quality looks like the JPEG at 82 in a third less bytes
WEBP_QUALITY = 75
#: the smallest size only fills a card or a thumbnail on a phone, where a dozen load at once and
#: the catalogue's first view must stay under 150 KB (bench/images.py): 15% less than at 75
SMALL_WEBP_QUALITY = 65

#: the only decoders Pillow may try: a hostile file never reaches the rarely used ones
_PILLOW_FORMATS = ("JPEG", "PNG", "WEBP")
LANCZOS = Image.Resampling.LANCZOS
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
#: iPhones save HEIC unless the camera is set to "Most compatible"; Pillow reads no HEIC here
HEIC = _l("This photo is in the iPhone's HEIC format, which we cannot read. Choose it again as JPEG, or set "
          "Settings > Camera > Formats to \u201cMost Compatible\u201d and take the photo again.")
BROKEN = _l("The photo could not be read. It may be damaged or incomplete; please try another file.")
#: for the operator running `flask media rebuild`, not for a seller
MISSING = "the file is missing from the storage"
UNREADABLE = "the file is not a readable image (damaged, cut short or not a photo)"
NOT_OUR_KEY = "the name is not one this application makes"


class ImageRejected(Exception):
    """The upload cannot be stored; str(error) tells the seller why, in their language."""


@dataclass(frozen=True)
class StoredImage:
    #: the phone-sized JPEG (480 px wide, or the photo's width if narrower): cards and thumbnails
    thumb_key: str
    #: the widest JPEG: the key of the whole set of sizes
    large_key: str
    width: int  # of the large image
    height: int


def store_product_image(upload) -> StoredImage:
    return _store_product(_read(upload), upload.filename or "")


def store_generated_image(data: bytes, filename: str) -> StoredImage:
    return _store_product(data, filename)


def rebuild_sizes(key: str) -> StoredImage:
    """The sizes of a photo stored whole before they existed, made from that file and saved under
    a new name in its folder. The old file is left for the caller to delete once nothing shows it.
    Raises ImageRejected when the file is gone or cannot be decoded."""
    try:
        data = get_storage().load(key)
    except InvalidKey as error:
        raise ImageRejected(NOT_OUR_KEY) from error
    if data is None:
        raise ImageRejected(MISSING)
    try:
        photo = _decode(data)
    except ImageRejected as error:
        raise ImageRejected(UNREADABLE) from error
    return _store_sizes(key.partition("/")[0], photo)


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
    return _save_whole(RECEIPTS, photo)


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
    """Delete stored images with all their sizes; keys already gone, and empty ones (no logo yet),
    are skipped."""
    storage = get_storage()
    for key in keys:
        for stored in sibling_keys(key) if key else ():
            storage.delete(stored)


def _store_product(data: bytes, filename: str) -> StoredImage:
    return _store_sizes("products", _open(data, filename))


def _store_fitted(upload, size: tuple[int, int], folder: str = "shops") -> str:
    photo = _open(_read(upload), upload.filename or "")
    return _store_sizes(folder, ImageOps.fit(photo, size, Image.Resampling.LANCZOS)).large_key


def _store_sizes(folder: str, photo: Image.Image) -> StoredImage:
    """Every width of the photo (shrunk into LARGE_MAX, never enlarged) in every format."""
    largest = photo.copy()
    largest.thumbnail((LARGE_MAX, LARGE_MAX), Image.Resampling.LANCZOS)
    variants = Variants(f"{folder}/{_random_name()}", widths_for(largest.width))
    storage = get_storage()
    saved: list[str] = []
    try:
        for width in variants.widths:
            height = max(1, round(largest.height * width / largest.width))  # the same aspect
            image = largest if width == largest.width else largest.resize((width, height), LANCZOS)
            for extension in FORMATS:
                key = variants.key(width, extension)
                storage.save(key, _encode(image, extension, small=width < PHONE_WIDTH))
                saved.append(key)
    except Exception:
        for key in saved:  # half a set would show broken sizes on some screens only
            storage.delete(key)
        raise
    phone = variants.key(variants.nearest(PHONE_WIDTH))
    return StoredImage(phone, variants.key(largest.width), *largest.size)


def _read(upload) -> bytes:
    # one byte past the limit tells us a file is too big without holding all of it
    return upload.stream.read(MAX_UPLOAD_BYTES + 1)


def _open(data: bytes, filename: str) -> Image.Image:
    """The photo, upright and flattened to RGB, once every check has passed."""
    if not data:
        raise ImageRejected(str(EMPTY))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(str(TOO_LARGE))
    if _is_heic(data, filename):  # whatever its name says: a sharing app may have renamed it .jpg
        raise ImageRejected(str(HEIC))
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


def _is_heic(data: bytes, filename: str) -> bool:
    """A HEIC or HEIF photo, by its name or by the brand in its header (an ISO media file)."""
    brand = data[8:12] if data[4:8] == b"ftyp" else b""
    return (filename.rpartition(".")[2].lower() in ("heic", "heif")
            or brand in (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"))


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


def _save_whole(folder: str, image: Image.Image) -> str:
    """One JPEG, for a private file that is only ever shown at its own size."""
    # 18 random bytes are 24 characters of [A-Za-z0-9_-], the shape storage keys must have
    key = f"{folder}/{_random_name()}.jpg"
    get_storage().save(key, _encode(image))
    return key


def _random_name() -> str:
    return secrets.token_urlsafe(18)


def _encode(image: Image.Image, extension: str = "jpg", small: bool = False) -> bytes:
    buffer = BytesIO()
    if extension == "webp":
        image.save(buffer, "WEBP", quality=SMALL_WEBP_QUALITY if small else WEBP_QUALITY, method=5)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
