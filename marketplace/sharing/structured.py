"""Structured data (schema.org, as JSON-LD) for search engines: a product with its offers, rating and
seller, the way back to it (breadcrumbs), and the site itself with its search. The templates write
each dictionary with Flask's `tojson`, which escapes `<`, `>` and `&`, so a title holding
`</script>` cannot end the script element."""

from flask import Flask, url_for
from flask_babel import gettext as _

from marketplace.sharing.links import absolute_path
from marketplace.sharing.meta import media_address
from marketplace.web.security import public_url_for

SCHEMA = "https://schema.org"
#: what schema.org calls each state of a variant's stock
IN_STOCK, OUT_OF_STOCK, MADE_TO_ORDER = f"{SCHEMA}/InStock", f"{SCHEMA}/OutOfStock", f"{SCHEMA}/MadeToOrder"


def availability(variant, made_to_order: bool) -> str:
    if variant.available > 0:
        return IN_STOCK
    return MADE_TO_ORDER if made_to_order else OUT_OF_STOCK


def product_data(product, reviews) -> dict:
    """A Product with one Offer per variant, the shop as brand and seller, and its AggregateRating
    once it has reviews (`reviews`: count and average, as the product page has them)."""
    url = public_url_for("products.show", product_id=product.id)
    shop = {"@type": "Organization", "name": product.shop.name,
            "url": public_url_for("products.shop", slug=product.shop.slug)}
    data = {
        "@context": SCHEMA, "@type": "Product", "name": product.title, "url": url,
        "description": " ".join(product.description.split()),
        "image": [media_address(image.large_key) for image in product.images],
        "brand": {"@type": "Brand", "name": product.shop.name},
        "offers": [{"@type": "Offer", "name": variant.name, "sku": variant.sku, "price": variant.price,
                    "priceCurrency": "IDR", "availability": availability(variant, product.made_to_order),
                    "url": url, "seller": shop} for variant in product.variants],
    }
    if product.variants:
        data["sku"] = product.variants[0].sku
    if reviews.count:
        data["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": reviews.average,
                                   "reviewCount": reviews.count, "bestRating": 5, "worstRating": 1}
    return data


def breadcrumbs(*steps: tuple[str, str]) -> dict:
    """A BreadcrumbList of (name, address) steps, from the home page down."""
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": position, "name": name, "item": url}
        for position, (name, url) in enumerate(steps, start=1)]}


def product_breadcrumbs(product) -> dict:
    return breadcrumbs((_("Home"), public_url_for("main.index")),
                       (product.shop.name, public_url_for("products.shop", slug=product.shop.slug)),
                       (product.title, public_url_for("products.show", product_id=product.id)))


def site_data() -> list[dict]:
    """The agency as an Organization, and the site as a WebSite whose catalogue search engines may
    search directly (SearchAction)."""
    home = public_url_for("main.index")
    search = absolute_path(url_for("products.index")) + "?q={search_term_string}"
    return [
        {"@context": SCHEMA, "@type": "Organization", "name": _("Banyuasin Batik Market"), "url": home,
         "logo": public_url_for("sharing.icon", size=512)},
        {"@context": SCHEMA, "@type": "WebSite", "name": _("Banyuasin Batik Market"), "url": home,
         "potentialAction": {"@type": "SearchAction",
                             "target": {"@type": "EntryPoint", "urlTemplate": search},
                             "query-input": "required name=search_term_string"}},
    ]



def register(app: Flask) -> None:
    for helper in (product_data, product_breadcrumbs, site_data):
        app.add_template_global(helper)
