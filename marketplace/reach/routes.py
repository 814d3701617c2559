"""Counting the listing and shop pages as they are answered, and the share links that go through the
site to count a tap before they open WhatsApp or Facebook."""

from flask import abort, current_app, redirect, request, url_for
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.products.models import Product
from marketplace.reach import bp, queries
from marketplace.reach.counting import Kind, Measure, count, is_counted_visitor
from marketplace.sharing.meta import product_meta, shop_meta
from marketplace.shops.models import Shop
from marketplace.web.i18n import locale_code

#: the pages counted, by endpoint: what they show and the argument of their address that names it.
#: Counted after the view answered, so a page from the page cache counts as one rendered does.
COUNTED_PAGES = {"products.show": (Kind.PRODUCT, "product_id"), "products.shop": (Kind.SHOP, "slug")}
KINDS = frozenset(Kind)
#: the services a share link may open: the address comes from here and the page, never the request
NETWORKS = {"whatsapp": lambda share: share.whatsapp, "facebook": lambda share: share.facebook}


@bp.after_app_request
def count_page_view(response):
    counted = COUNTED_PAGES.get(request.endpoint or "")
    if counted and request.method == "GET" and response.status_code == 200:
        kind, argument = counted
        key = (request.view_args or {}).get(argument)
        if key is not None and is_counted_visitor(kind, key):
            count(kind, key, Measure.VIEWS)
    return response


def _share_links(kind: Kind, key: str):
    """The share links of a public listing or a verified shop, or 404."""
    if kind is Kind.PRODUCT:
        product = db.session.get(Product, int(key)) if key.isdigit() else None
        if product is None or not product.is_public:
            abort(404)
        return product_meta(product).share
    shop = db.session.scalar(select(Shop).where(Shop.slug == key))
    if shop is None or not shop.is_verified:
        abort(404)
    return shop_meta(shop).share


@bp.get("/share/<network>/<kind>/<key>")
def share(network, kind, key):
    """Count a tap on a share link, then open the service with the page's address. Only the known
    services, with addresses built here: the link cannot send anyone elsewhere."""
    if network not in NETWORKS or kind not in KINDS:
        abort(404)
    links = _share_links(Kind(kind), key)
    if is_counted_visitor(Kind(kind), key):
        count(Kind(kind), key, Measure.SHARES)
    response = redirect(NETWORKS[network](links), code=303)
    # each tap is its own: no browser or proxy answers the next one from a copy
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.app_template_global()
def share_through_site(network: str, kind: str, key) -> str:
    """The counted share link of a page, in the page's language (the share's text is in it)."""
    language = locale_code()
    values = {} if language == current_app.config["BABEL_DEFAULT_LOCALE"] else {"lang": language}
    return url_for("reach.share", network=network, kind=kind, key=key, **values)


bp.add_app_template_global(queries.shop_reach, "shop_reach")
