"""What anyone may browse: the catalog and the verified shops, as on the public pages."""

from dataclasses import dataclass

from marshmallow import fields

from marketplace.api import bp
from marketplace.api.access import get_row, viewer, visible_shop
from marketplace.api.errors import not_found
from marketplace.api.inputs import PageArgs, ProductSearchArgs
from marketplace.api.openapi import current_user_or_none, endpoint
from marketplace.api.schemas import (
    CollectionCardOut,
    CollectionOut,
    ProductCardOut,
    ProductOut,
    ShopCard,
    ShopOut,
    page_of,
)
from marketplace.curation import collections as curation
from marketplace.curation.models import Collection
from marketplace.products import catalog
from marketplace.products.models import DyeType, Fabric, Product, Technique


def page_body(items, page: int, per_page: int, total: int, **extra) -> dict:
    return {"items": items, "page": page, "per_page": per_page, "total": total, **extra}


#: the catalogue's page also says when its count stopped, and which order a search came in
CatalogPage = page_of(ProductCardOut, more=fields.Boolean(required=True, metadata={
    "description": f"true when more listings match than were counted ({catalog.COUNT_LIMIT:,}, or to the "
                   "end of this page): `total` is then a lower bound"}), sort=fields.String(
    required=True, metadata={"description": "the order the items are in: a search matching more than "
                             "were counted comes newest first, even when relevance was asked for"}))


def _filters(args: dict) -> catalog.CatalogFilters:
    enums = {"technique": Technique, "dye_type": DyeType, "fabric": Fabric}
    values = {name: enum_class(args[name]) for name, enum_class in enums.items() if name in args}
    sort = args.get("sort") or ("relevance" if catalog.search_terms(args["q"]) else "newest")
    return catalog.CatalogFilters(q=args["q"].strip(), shop=args.get("shop"), min_price=args.get("min_price"),
                                  max_price=args.get("max_price"), in_stock=args["in_stock"], sort=sort,
                                  page=args["page"], **values)


@bp.get("/products")
@endpoint("Search the catalog", tag="catalog", query=ProductSearchArgs(),
          responses={200: CatalogPage()},
          description="The same search and filters as the catalog page; only public listings.")
def products(args):
    found = catalog.search_catalog(_filters(args), per_page=args["per_page"])
    return page_body(found.items, found.page, found.per_page, found.total, more=found.more, sort=found.sort)


@bp.get("/products/<int:product_id>")
@endpoint("A product with its shop, images, variants and provenance", tag="catalog",
          responses={200: ProductOut()})
def product(product_id):
    get_row(Product, product_id)
    found = catalog.product_for_page(product_id)
    user = current_user_or_none()
    if not catalog.can_view(found, viewer(user)):
        raise not_found()
    return found


@bp.get("/shops")
@endpoint("Verified shops", tag="catalog", query=PageArgs(), responses={200: page_of(ShopCard)()})
def shops(args):
    found = catalog.verified_shops_page(args["page"], args["per_page"])
    items = [{"slug": shop.slug, "name": shop.name, "kecamatan": shop.kecamatan, "village": shop.village,
              "listings": count} for shop, count in found.items]
    return page_body(items, found.page, found.per_page, found.total)


@bp.get("/shops/<slug>")
@endpoint("A verified shop (its owner and the agency also see it before)", tag="catalog",
          responses={200: ShopOut()})
def shop(slug):
    return visible_shop(slug, current_user_or_none())


@bp.get("/collections")
@endpoint("Curated collections published now, the newest first", tag="catalog", query=PageArgs(),
          responses={200: page_of(CollectionCardOut)()})
def collections(args):
    published = curation.published_collections()
    start = (args["page"] - 1) * args["per_page"]
    return page_body(published[start:start + args["per_page"]], args["page"], args["per_page"],
                     len(published))


@bp.get("/collections/<slug>")
@endpoint("A published collection with its listings in the curators' order", tag="catalog",
          responses={200: CollectionOut()},
          description="A listing that left the catalog keeps its place with `available: false`.")
def collection(slug):
    found = curation.collection_by_slug(slug)
    if found is None or not curation.can_see(found, viewer(current_user_or_none())):
        raise not_found()
    return _WithCards(found, curation.collection_cards(found))


@dataclass(frozen=True)
class _WithCards:
    """A collection and the cards of its places, which CollectionOut reads as `cards`."""

    collection: Collection
    cards: list

    def __getattr__(self, name):
        return getattr(self.collection, name)
