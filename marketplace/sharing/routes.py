"""The files search engines and browsers ask every site for: robots.txt, the sitemaps, the favicon,
the icons and the web manifest. Every address in them is under PUBLIC_URL."""

from datetime import UTC, datetime
from urllib.parse import quote
from xml.sax.saxutils import escape

from flask import Response, abort, current_app, jsonify, stream_with_context, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from marketplace.sharing import bp, feeds, icons, kit_routes  # noqa: F401 (kit_routes attaches its pages)
from marketplace.sharing.links import address_parts
from marketplace.sharing.queries import KINDS, sitemap_count, sitemap_entries
from marketplace.web.security import public_url_for

#: the areas that are nobody's business but their users', and the counted share links (which only
#: open WhatsApp or Facebook): search engines are asked to stay out
PRIVATE_AREAS = ("/admin", "/dashboard", "/orders", "/account", "/cart", "/checkout", "/api", "/share")
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: a sitemap's addresses are written out this many at a time
CHUNK = 500
#: icons and robots.txt change with a release, not from one request to the next
_A_DAY = "public, max-age=86400"
#: the channels fetch a feed once or a few times a day: a proxy or CDN in front may keep it an hour
_FEED_CACHE = "public, max-age=3600"
#: how each kind's page address is built from a sitemap entry's key
_PAGES = {"products": ("products.show", "product_id"), "shops": ("products.shop", "slug"),
          "collections": ("curation.show", "slug")}
#: the browser's bar on a phone, in the header's colour
_THEME = "#7a2e12"


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {area}" for area in PRIVATE_AREAS), "",
             f"Sitemap: {public_url_for('sharing.sitemap_index')}", ""]
    return Response("\n".join(lines), content_type="text/plain; charset=utf-8",
                    headers={"Cache-Control": _A_DAY})


def _lastmod(moment: datetime | None) -> str:
    """A W3C datetime. Times are stored in UTC; SQLite gives them back without their zone."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"<lastmod>{moment.isoformat(timespec='seconds')}</lastmod>"


def _xml(body) -> Response:
    return Response(stream_with_context(body), content_type="application/xml; charset=utf-8")


@bp.get("/sitemap.xml")
def sitemap_index():
    def body():
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NAMESPACE}">\n'
        for kind in KINDS:
            for number in range(1, sitemap_count(kind) + 1):
                address = escape(public_url_for("sharing.sitemap", kind=kind, number=number))
                yield f"<sitemap><loc>{address}</loc></sitemap>\n"
        yield "</sitemapindex>\n"

    return _xml(body())


def _address_parts(kind: str) -> tuple[str, str]:
    """The page address of `kind` before and after its key, XML-escaped."""
    before, after = address_parts(*_PAGES[kind])
    return escape(before), escape(after)


@bp.get("/sitemaps/<kind>-<int:number>.xml")
def sitemap(kind, number):
    if kind not in KINDS or number < 1:
        abort(404)
    before, after = _address_parts(kind)

    def body():
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NAMESPACE}">\n'
        chunk = []
        for key, lastmod in sitemap_entries(kind, number):
            key = quote(key, safe="") if isinstance(key, str) else key  # slugs; ids need no quoting
            chunk.append(f"<url><loc>{before}{key}{after}</loc>{_lastmod(lastmod)}</url>\n")
            if len(chunk) == CHUNK:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk) + "</urlset>\n"

    return _xml(body())


@bp.get("/feeds/google.xml")
def google_feed():
    """The Google Merchant Center feed (free listings), in the site's language."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        title, about = _("Banyuasin Batik Market"), _("Batik and jumputan from Banyuasin")
    body = feeds.google_feed(title, public_url_for("main.index"), about)
    return Response(stream_with_context(body), content_type="application/xml; charset=utf-8",
                    headers={"Cache-Control": _FEED_CACHE})


@bp.get("/feeds/meta.csv")
def meta_feed():
    """The Meta Commerce Manager feed (Facebook and Instagram shops)."""
    return Response(stream_with_context(feeds.meta_feed()), content_type="text/csv; charset=utf-8",
                    headers={"Cache-Control": _FEED_CACHE})


@bp.get("/favicon.ico")
def favicon():
    return Response(icons.favicon(), content_type="image/x-icon", headers={"Cache-Control": _A_DAY})


@bp.get("/icons/icon-<int:size>.png")
def icon(size):
    if size not in icons.MANIFEST_SIZES:
        abort(404)
    return Response(icons.png_icon(size), content_type="image/png", headers={"Cache-Control": _A_DAY})


@bp.get("/manifest.webmanifest")
def manifest():
    """What a phone needs to put the site on its home screen, in the visitor's language."""
    data = {"name": _("Banyuasin Batik Market"), "short_name": _("Batik Banyuasin"),
            "description": _("Batik and jumputan from Banyuasin"),
            "start_url": url_for("main.index"), "scope": url_for("main.index"), "display": "browser",
            "lang": str(get_locale()), "background_color": "#fffdf8", "theme_color": _THEME,
            "icons": [{"src": url_for("sharing.icon", size=size), "sizes": f"{size}x{size}",
                       "type": "image/png", "purpose": "any"} for size in icons.MANIFEST_SIZES]}
    response = jsonify(data)
    response.content_type = "application/manifest+json"
    return response
