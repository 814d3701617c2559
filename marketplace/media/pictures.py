"""What a `<picture>` needs to let the browser pick a photo's size and format (the `picture` macro
in templates/_picture.html draws it). Everything follows from the one key a page holds."""

from dataclasses import dataclass

from flask import url_for

from marketplace.media.variants import FALLBACK_FORMAT, PHONE_WIDTH, variants_of


@dataclass(frozen=True)
class PictureSources:
    #: the JPEG a browser that ignores srcset shows
    src: str
    #: "url 240w, url 480w, ..." per format; empty for a photo stored whole before the sizes existed
    webp_srcset: str = ""
    jpeg_srcset: str = ""


def picture_sources(key: str, fallback_width: int = PHONE_WIDTH) -> PictureSources:
    variants = variants_of(key)
    if variants is None:
        return PictureSources(src=_url(key))
    fallback = _url(variants.key(variants.nearest(fallback_width), FALLBACK_FORMAT))

    def srcset(extension: str) -> str:
        return ", ".join(f"{_url(variants.key(width, extension))} {width}w" for width in variants.widths)

    return PictureSources(src=fallback, webp_srcset=srcset("webp"), jpeg_srcset=srcset(FALLBACK_FORMAT))


def _url(key: str) -> str:
    return url_for("media.serve", key=key)
