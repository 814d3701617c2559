"""What a page says about itself to link previews (Open Graph, Twitter cards) and to search engines
(its canonical address and the same page in the other language). Built from the page's listing and
address alone, never from the visitor, so a page kept by the page cache carries the same tags for
everyone who gets it."""

import re
from dataclasses import dataclass, field

from flask import Flask, url_for
from flask_babel import gettext as _

from marketplace.media.images import BANNER_SIZE, COVER_SIZE, LOGO_SIZE
from marketplace.money import format_rupiah
from marketplace.sharing.links import ShareLinks, absolute_path, alternates, canonical_url
from marketplace.sharing.services import main_photo, preview_picture
from marketplace.web.i18n import locale_code

#: the longest description a preview gets; past it the text is cut after its last whole sentence
DESCRIPTION_LENGTH = 200
#: Open Graph names a language with its country
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
#: the site's icon that stands for the home page in a preview (one of icons.MANIFEST_SIZES)
HOME_ICON = 512
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


@dataclass(frozen=True)
class PageLinks:
    #: the canonical address: this page in the language it is shown in
    url: str
    #: (hreflang, address) of the page in each language, and x-default
    alternates: list[tuple[str, str]]


def page_links(endpoint: str, **values) -> PageLinks:
    return PageLinks(canonical_url(endpoint, **values), alternates(endpoint, **values))


@dataclass(frozen=True)
class PageMeta:
    """A page's preview: what WhatsApp, Facebook and X show when its link is pasted."""

    links: PageLinks
    title: str
    description: str
    image: str | None = None
    image_alt: str = ""
    #: the image's size in pixels, so a preview is laid out before the image arrives
    image_size: tuple[int, int] | None = None
    #: og:type: `website`, `product` or `profile`
    kind: str = "website"
    #: a product's lowest price in whole rupiah, for product:price:amount
    price: int | None = None
    #: (label, value) lines a Twitter card shows under the title: the price, the shop
    labels: list[tuple[str, str]] = field(default_factory=list)

    @property
    def share(self) -> ShareLinks:
        return ShareLinks(self.links.url, _("%(title)s, on the Banyuasin Batik Market:", title=self.title))

    @property
    def locale(self) -> str:
        return OG_LOCALES[locale_code()]

    @property
    def other_locales(self) -> list[str]:
        return [og for code, og in OG_LOCALES.items() if code != locale_code()]


def cut_at_sentence(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut after the last sentence that ends within `limit` characters; a first
    sentence longer than that is cut after a word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    ends = [match.end() for match in _SENTENCE_END.finditer(text, 0, limit)]
    if ends:
        return text[:ends[-1]]
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def media_address(key: str | None) -> str | None:
    return absolute_path(url_for("media.serve", key=key)) if key else None


def product_meta(product) -> PageMeta:
    prices = product.price_range
    photo = main_photo(product)
    key, size = preview_picture(product) or (None, None)
    labels = ([(_("Price"), format_rupiah(prices[0]))] if prices else []) + [(_("Shop"), product.shop.name)]
    return PageMeta(
        page_links("products.show", product_id=product.id),
        title=_("%(title)s by %(shop)s", title=product.title, shop=product.shop.name),
        description=cut_at_sentence(product.description),
        image=media_address(key), image_alt=photo.alt_text if photo else "", image_size=size,
        kind="product", price=prices[0] if prices else None, labels=labels)


def shop_meta(shop, page: int = 1) -> PageMeta:
    """A shop's further pages of listings are pages of their own, each its own canonical address."""
    links = page_links("products.shop", slug=shop.slug, **({"page": page} if page > 1 else {}))
    image, alt, size = ((shop.banner_key, _("Banner of %(shop)s", shop=shop.name), BANNER_SIZE)
                        if shop.banner_key
                        else (shop.logo_key, _("Logo of %(shop)s", shop=shop.name), (LOGO_SIZE, LOGO_SIZE)))
    return PageMeta(links, title=shop.name, description=cut_at_sentence(shop.story),
                    image=media_address(image), image_alt=alt if image else "",
                    image_size=size if image else None, kind="profile")


def collection_meta(collection) -> PageMeta:
    locale = locale_code()
    title = collection.title_in(locale)
    return PageMeta(page_links("curation.show", slug=collection.slug), title=title,
                    description=cut_at_sentence(collection.description_in(locale)),
                    image=media_address(collection.cover_key), image_size=COVER_SIZE,
                    image_alt=_("Cover of %(title)s", title=title) if collection.cover_key else "")


def home_meta() -> PageMeta:
    return PageMeta(
        page_links("main.index"), title=_("Banyuasin Batik Market"),
        description=cut_at_sentence(_(
            "Buy directly from the artisans of Banyuasin, South Sumatra: hand-drawn batik tulis, stamped "
            "batik cap and tie-dyed jumputan, many coloured with natural dyes such as pedada mangrove.")),
        image=absolute_path(url_for("sharing.icon", size=HOME_ICON)), image_size=(HOME_ICON, HOME_ICON),
        image_alt=_("Banyuasin Batik Market"))


def register(app: Flask) -> None:
    for helper in (product_meta, shop_meta, collection_meta, home_meta, preview_picture):
        app.add_template_global(helper)
