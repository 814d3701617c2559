"""The names of a photo's sizes. A photo is stored once per width and format under one random base
name: ``products/<base>.w480.webp``, ``products/<base>.w480.jpg``... The widths are those of
`WIDTHS` narrower than the photo, plus the photo's own width when it is narrower than the largest
(a photo is never enlarged). So every key of the set follows from any one of them: a page that
holds the 480 px key of a card (or the largest key of a gallery) needs no query to list the others.

A key without the ``.w<width>`` part is a photo stored before the sizes existed: it is shown as it
is until `flask media rebuild` converts it."""

import re
from dataclasses import dataclass

WIDTHS = (240, 480, 960, 1600)
#: best first: a browser takes the first `<source>` it can decode
FORMATS = ("webp", "jpg")
FALLBACK_FORMAT = "jpg"
#: the width a page shows first on a phone (and the width of product cards)
PHONE_WIDTH = 480

_VARIANT = re.compile(r"^(?P<base>[a-z]+/[A-Za-z0-9_-]{16,64})\.w(?P<width>[0-9]{1,4})\.(?:jpg|webp)$")


@dataclass(frozen=True)
class Variants:
    base: str
    #: ascending; the last is the widest stored
    widths: tuple[int, ...]

    def key(self, width: int, extension: str = FALLBACK_FORMAT) -> str:
        return variant_key(self.base, width, extension)

    def keys(self) -> list[str]:
        return [self.key(width, extension) for width in self.widths for extension in FORMATS]

    def nearest(self, width: int) -> int:
        """The narrowest stored width at least `width` wide, else the widest."""
        return next((stored for stored in self.widths if stored >= width), self.widths[-1])


def variant_key(base: str, width: int, extension: str) -> str:
    return f"{base}.w{width}.{extension}"


def widths_for(width: int) -> tuple[int, ...]:
    """The widths stored for a photo `width` pixels wide (after it was shrunk to the largest)."""
    widest = min(width, WIDTHS[-1])
    return tuple(size for size in WIDTHS if size < widest) + (widest,)


def variants_of(key: str | None) -> Variants | None:
    """The set a key belongs to, with the widths up to the key's own: None for a photo stored whole
    (before the sizes existed) or no photo at all."""
    match = _VARIANT.match(key or "")
    if not match:
        return None
    width = int(match["width"])
    return Variants(match["base"], widths_for(width)) if width else None


def sibling_keys(key: str) -> list[str]:
    """Every stored file of the key's set up to the key's width; the key alone if it has none."""
    variants = variants_of(key)
    return variants.keys() if variants else [key]
