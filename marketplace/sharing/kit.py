"""The share kit on the artisan's dashboard: what an artisan needs to share a listing or the whole
shop by hand. A caption to paste under a photo in a WhatsApp group or a Facebook post, always in
Bahasa Indonesia (the language of those groups, whichever language the artisan reads the dashboard
in), and a QR code of the link for a printed card on a stall or at an exhibition."""

import io

import segno
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from marketplace.money import format_rupiah
from marketplace.products.labels import DYE_TYPE_LABELS, TECHNIQUE_LABELS
from marketplace.web.security import public_url_for

#: the language of every caption
CAPTION_LANGUAGE = "id"


def product_link(product) -> str:
    return public_url_for("products.show", product_id=product.id)


def shop_link(shop) -> str:
    return public_url_for("products.shop", slug=shop.slug)


def _price_line(product) -> str | None:
    prices = product.price_range
    if prices is None:
        return None
    low, high = prices
    if low == high:
        return _("Price: %(price)s", price=format_rupiah(low))
    return _("Price: from %(price)s", price=format_rupiah(low))


def product_caption(product) -> str:
    """The listing in a few lines: title, technique and dye, price, shop, link."""
    with force_locale(CAPTION_LANGUAGE):
        dye = f"{DYE_TYPE_LABELS[product.dye_type]}: {product.dye_source}"
        lines = [product.title, f"{TECHNIQUE_LABELS[product.technique]} · {dye}", _price_line(product),
                 _("By %(shop)s, %(kecamatan)s, Banyuasin", shop=product.shop.name,
                   kecamatan=product.shop.kecamatan),
                 _verified_line(product.shop),
                 _("Order here: %(url)s", url=product_link(product))]
    return "\n".join(line for line in lines if line)


def shop_caption(shop) -> str:
    """The shop in a few lines: its name, where it works, its badge, its link."""
    with force_locale(CAPTION_LANGUAGE):
        lines = [_("%(shop)s: batik and jumputan from %(village)s, %(kecamatan)s, Banyuasin", shop=shop.name,
                   village=shop.village, kecamatan=shop.kecamatan),
                 _verified_line(shop),
                 _("See all our cloths and order here: %(url)s", url=shop_link(shop))]
    return "\n".join(line for line in lines if line)


def _verified_line(shop) -> str | None:
    return "✓ " + _("Verified by Dekranasda Banyuasin") if shop.is_verified else None


def qr_svg(url: str, title: str) -> Markup:
    """The link as a QR code, an SVG to put in the page: it prints sharp at any size (a viewBox and
    no fixed size: the stylesheet sizes it) and needs no script. Error correction `q` (a quarter of
    the code may be lost): a printed card gets creased, folded and photographed at an angle."""
    buffer = io.BytesIO()
    segno.make(url, error="q").save(buffer, kind="svg", border=4, xmldecl=False, omitsize=True,
                                    svgclass="qr-code", title=title, dark="#000", light="#fff")
    return Markup(buffer.getvalue().decode())
