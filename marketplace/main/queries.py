"""What the home page shows: it draws on the catalogue and on the curators' choices, so it is put
together here, above both."""

from marketplace.curation import collections, services
from marketplace.products import catalog

#: shops on the home page's strip, picked at random (the rest are a link away, at /shops)
HOME_SHOPS = 12


def home_sections(count: int = 8) -> dict:
    """The curators' featured products, or while none of them is showing the newest listing of each
    shop, so a fresh install still looks alive; the newest listings; the published collections; the
    shops."""
    newest = catalog.catalog_cards(catalog.CatalogFilters(), count * 3)
    featured = services.current_featured(limit=count) or _newest_of_each_shop(newest)[:count]
    return {"featured": featured, "new_arrivals": newest[:count],
            "collections": collections.published_collections(limit=6),
            "shops": catalog.showcased_shops(HOME_SHOPS)}


def _newest_of_each_shop(newest: list[catalog.ProductCard]) -> list[catalog.ProductCard]:
    featured, seen_shops = [], set()
    for card in newest:
        if card.shop_slug not in seen_shops and card.thumb_key:
            featured.append(card)
            seen_shops.add(card.shop_slug)
    return featured
