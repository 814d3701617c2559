"""The site's icon, drawn with Pillow rather than kept as binary files: a kawung motif (four petals
around a centre, one of the oldest batik patterns) in cream on soga brown. Drawn once per process
and size, then served from memory."""

import io
from functools import cache

from PIL import Image, ImageDraw

#: the sizes the web manifest offers (phones' home screens and splash screens)
MANIFEST_SIZES = (192, 512)
#: the sizes inside /favicon.ico, for browser tabs and bookmarks
FAVICON_SIZES = (16, 32, 48)
SOGA = (122, 62, 29)
CREAM = (246, 233, 208)
#: drawn this large, then scaled down, for smooth edges
_CANVAS = 1024


def _motif() -> Image.Image:
    image = Image.new("RGB", (_CANVAS, _CANVAS), SOGA)
    draw = ImageDraw.Draw(image)
    middle, reach, width = _CANVAS // 2, _CANVAS * 0.40, _CANVAS * 0.17
    for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0)):  # the four petals, pointing out from the centre
        cx, cy = middle + dx * reach / 2, middle + dy * reach / 2
        half_long, half_short = reach / 2 - _CANVAS * 0.03, width
        box = ((cx - half_short, cy - half_long, cx + half_short, cy + half_long) if dx == 0
               else (cx - half_long, cy - half_short, cx + half_long, cy + half_short))
        draw.ellipse(box, fill=CREAM)
    dot = _CANVAS * 0.06
    draw.ellipse((middle - dot, middle - dot, middle + dot, middle + dot), fill=SOGA, outline=CREAM,
                 width=int(_CANVAS * 0.02))
    return image


@cache
def _drawn() -> Image.Image:
    return _motif()


def motif(size: int) -> Image.Image:
    """The kawung motif as a square picture of `size` pixels (a copy: the caller may draw on it)."""
    return _drawn().resize((size, size), Image.LANCZOS)


@cache
def png_icon(size: int) -> bytes:
    buffer = io.BytesIO()
    motif(size).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@cache
def favicon() -> bytes:
    buffer = io.BytesIO()
    largest = max(FAVICON_SIZES)
    _drawn().resize((largest, largest), Image.LANCZOS).save(
        buffer, "ICO", sizes=[(size, size) for size in FAVICON_SIZES])
    return buffer.getvalue()
