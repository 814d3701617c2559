"""A product's share image: the 1200x630 picture WhatsApp, Facebook and X show under a shared link
(the size both ask for). The cloth's photo fills the left square; beside it the shop, the title, the
price in rupiah and, for a shop the agency has verified, its badge. Drawn with Pillow from a
ShareCard, which says everything the picture shows, so its fingerprint tells when to draw again.

The letters are DejaVu Sans, which Debian installs with fontconfig (fonts-dejavu-core, brought in
by the Pango libraries WeasyPrint needs); where it is missing, Pillow's own scalable font stands in
rather than the drawing failing."""

import hashlib
import io
import json
import logging
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from marketplace.money import format_rupiah
from marketplace.sharing.icons import CREAM, SOGA, motif

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
#: bumped when the drawing changes, so every listing's picture is drawn again
DRAWING_VERSION = 1
JPEG_QUALITY = 85
#: the only decoders a stored photo is opened with (they are JPEGs we encoded; this is a second lock)
_PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
_PADDING = 56
_TEXT_LEFT = HEIGHT + _PADDING  # right of the square photo
_TEXT_WIDTH = WIDTH - _TEXT_LEFT - _PADDING
_INK = (31, 26, 23)
_ACCENT = (122, 46, 18)
_VERIFIED = (31, 107, 53)
_WHITE = (255, 255, 255)
_TITLE_LINES = 3
#: where DejaVu Sans is on Debian and Ubuntu, Fedora, and Alpine
_FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-sans-fonts",
                 "/usr/share/fonts/dejavu")
_FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class ShareCard:
    """What a share image shows."""

    title: str
    #: the lowest price, whole rupiah
    price: int
    shop_name: str
    verified: bool
    #: the stored key of the product's main photo, None without one
    photo_key: str | None
    #: the words of the verified badge, in the site's language
    badge: str
    site_name: str

    @property
    def fingerprint(self) -> str:
        drawn = json.dumps({"version": DRAWING_VERSION, **asdict(self)}, sort_keys=True)
        return hashlib.sha256(drawn.encode()).hexdigest()


@cache
def font(weight: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for folder in _FONT_FOLDERS:
        path = Path(folder) / _FONT_FILES[weight]
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def draw_share_image(card: ShareCard, photo: bytes | None) -> bytes:
    """The share image as a JPEG. `photo`: the stored main photo's bytes; None, or a file that
    cannot be read, gives the site's kawung motif in its place."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), CREAM)
    canvas.paste(_square_photo(photo), (0, 0))
    draw = ImageDraw.Draw(canvas)
    shop_font = font("regular", 30)
    y = _write_lines(draw, _wrapped(card.shop_name, shop_font, 1), _PADDING, shop_font, _ACCENT, 40) + 18
    title_font = font("bold", 48)
    y = _write_lines(draw, _wrapped(card.title, title_font, _TITLE_LINES), y, title_font, _INK, 60)
    y += 26
    draw.text((_TEXT_LEFT, y), format_rupiah(card.price), font=font("bold", 58), fill=_ACCENT)
    if card.verified:
        _badge(draw, card.badge, HEIGHT - _PADDING - 150)
    draw.rectangle((HEIGHT, HEIGHT - 12, WIDTH, HEIGHT), fill=SOGA)
    draw.text((_TEXT_LEFT, HEIGHT - 36), card.site_name, font=font("regular", 26), fill=_INK,
              anchor="ls")
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _square_photo(photo: bytes | None) -> Image.Image:
    """The listing's photo cut to the card's square, or the site's motif when there is none or it
    cannot be read (the share image is still drawn: a preview without the photo beats none)."""
    size = (HEIGHT, HEIGHT)
    if photo:
        try:
            with Image.open(io.BytesIO(photo), formats=_PHOTO_FORMATS) as image:
                image.draft("RGB", size)  # a JPEG decodes at the smallest scale still large enough
                return ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS)
        except Exception:  # noqa: BLE001 (a damaged file fails in many ways inside the decoders)
            logger.warning("A share image shows the motif: its photo could not be read", exc_info=True)
    return motif(HEIGHT)


def _wrapped(text: str, chosen_font, lines: int, width: int = _TEXT_WIDTH) -> list[str]:
    """`text` in at most `lines` lines of `width`; what does not fit ends in an ellipsis."""
    words, wrapped = text.split(), []
    while words and len(wrapped) < lines:
        line = words.pop(0)
        while words and chosen_font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        wrapped.append(line)
    cut_last = bool(words)
    return [_fitted(line, chosen_font, width, cut=cut_last and number == len(wrapped) - 1)
            for number, line in enumerate(wrapped)]


def _fitted(line: str, chosen_font, width: int, cut: bool) -> str:
    """`line`, shortened to end in an ellipsis within `width` if it is too long or `cut`."""
    if not cut and chosen_font.getlength(line) <= width:
        return line
    while line and chosen_font.getlength(line + "…") > width:
        line = line[:-1]
    return line.rstrip(" ,;:-") + "…"


def _write_lines(draw: ImageDraw.ImageDraw, lines: list[str], y: int, chosen_font, colour, step: int) -> int:
    for line in lines:
        draw.text((_TEXT_LEFT, y), line, font=chosen_font, fill=colour)
        y += step
    return y


def _badge(draw: ImageDraw.ImageDraw, words: str, top: int) -> None:
    """The agency's verified badge: a green label with a tick (drawn, since not every font has ✓)
    and its words in up to two lines."""
    badge_font = font("bold", 24)
    lines = _wrapped(words, badge_font, 2, _TEXT_WIDTH - 96)
    height = 28 + 32 * len(lines)
    width = min(_TEXT_WIDTH, 76 + max(int(badge_font.getlength(line)) for line in lines) + 24)
    draw.rounded_rectangle((_TEXT_LEFT, top, _TEXT_LEFT + width, top + height), radius=12, fill=_VERIFIED)
    middle = top + height / 2
    draw.ellipse((_TEXT_LEFT + 16, middle - 20, _TEXT_LEFT + 56, middle + 20), fill=_WHITE)
    draw.line([(_TEXT_LEFT + 26, middle), (_TEXT_LEFT + 33, middle + 8), (_TEXT_LEFT + 47, middle - 9)],
              fill=_VERIFIED, width=5, joint="curve")
    for number, line in enumerate(lines):
        draw.text((_TEXT_LEFT + 72, top + 14 + 32 * number), line, font=badge_font, fill=_WHITE)
