"""Listing rules: creating and editing products with their variants, status changes, images and
stock counts. Functions add and flush; the caller commits once."""

from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.media.images import delete_stored, store_product_image
from marketplace.products.exceptions import (
    NoVariants,
    SkuTaken,
    StockBelowReserved,
    TooManyImages,
    VariantHasOrders,
)
from marketplace.products.models import (
    LOW_STOCK,
    DyeType,
    Fabric,
    Product,
    ProductImage,
    ProductStatus,
    Technique,
    Variant,
)
from marketplace.products.search import index_product
from marketplace.shops.models import Shop
from marketplace.transitions import check_transition

MAX_IMAGES = 8

#: the one table of allowed listing status changes
PRODUCT_TRANSITIONS = {
    ProductStatus.DRAFT: {ProductStatus.ACTIVE, ProductStatus.ARCHIVED},
    ProductStatus.ACTIVE: {ProductStatus.DRAFT, ProductStatus.ARCHIVED},
    ProductStatus.ARCHIVED: {ProductStatus.ACTIVE, ProductStatus.DRAFT},
}


@dataclass
class ListingDetails:
    title: str
    description: str
    technique: Technique
    dye_type: DyeType
    dye_source: str
    fabric: Fabric
    motif_name: str
    motif_meaning: str
    weight_grams: int
    length_cm: int | None = None
    width_cm: int | None = None
    made_to_order: bool = False
    production_days: int | None = None


@dataclass
class VariantDetails:
    sku: str
    name: str
    price: int
    stock_on_hand: int
    #: an existing variant to update; None adds a new one
    id: int | None = None


def create_product(shop: Shop, details: ListingDetails, variants: list[VariantDetails],
                   actor: User) -> Product:
    """A new listing starts as a draft; one prepared by someone else than the owner says by whom."""
    product = Product(shop=shop, status=ProductStatus.DRAFT,
                      prepared_by=None if actor.id == shop.owner_id else actor)
    db.session.add(product)
    _apply(product, details)
    _sync_variants(product, variants)
    db.session.flush()
    index_product(product)
    return product


def update_product(product: Product, details: ListingDetails, variants: list[VariantDetails]) -> None:
    _apply(product, details)
    _sync_variants(product, variants)
    db.session.flush()
    index_product(product)


def _apply(product: Product, details: ListingDetails) -> None:
    for item in fields(details):
        value = getattr(details, item.name)
        setattr(product, item.name, value.strip() if isinstance(value, str) else value)
    if not product.made_to_order:
        product.production_days = None


def _sync_variants(product: Product, wanted: list[VariantDetails]) -> None:
    if not wanted:
        raise NoVariants()
    _check_skus(product, [variant.sku.strip() for variant in wanted])
    existing = {variant.id: variant for variant in product.variants}
    _remove_variants(product, set(existing) - {details.id for details in wanted})
    _free_changed_skus([(existing[details.id], details.sku.strip()) for details in wanted
                        if details.id in existing])
    for position, details in enumerate(wanted):
        variant = existing.get(details.id) if details.id else None
        if variant is None:
            variant = Variant(shop_id=product.shop.id, stock_reserved=0)
            product.variants.append(variant)
        variant.sku, variant.name = details.sku.strip(), details.name.strip()
        variant.position = position
        _set_price_and_stock(variant, details.price, details.stock_on_hand)


def _free_changed_skus(kept: list[tuple[Variant, str]]) -> None:
    """Variants may swap SKUs in one edit; each changed one first takes a placeholder (which no
    seller's SKU can be), so the unique SKU per shop never sees two rows with one value."""
    changed = [variant for variant, sku in kept if variant.sku != sku]
    if len(changed) > 1:
        for variant in changed:
            variant.sku = f"~{variant.id}"
        db.session.flush()


def _remove_variants(product: Product, variant_ids: set[int]) -> None:
    """Removed first, and flushed, so a new variant may take the SKU of one removed in the same edit."""
    if not variant_ids:
        return
    from marketplace.orders.models import OrderLine  # orders build on products, not the reverse

    ordered = db.session.scalar(select(Variant.sku).join(OrderLine, OrderLine.variant_id == Variant.id)
                                .where(Variant.id.in_(variant_ids)).limit(1))
    if ordered is not None:
        raise VariantHasOrders(ordered)
    for variant in [variant for variant in product.variants if variant.id in variant_ids]:
        product.variants.remove(variant)
    db.session.flush()


def _check_skus(product: Product, skus: list[str]) -> None:
    seen = set()
    for sku in skus:
        if sku.lower() in seen:
            raise SkuTaken(sku)
        seen.add(sku.lower())
    query = (select(Variant.sku).where(Variant.shop_id == product.shop.id,
                                       func.lower(Variant.sku).in_(seen)))
    if product.id is not None:
        query = query.where(Variant.product_id != product.id)
    clash = db.session.scalar(query.limit(1))
    if clash:
        raise SkuTaken(clash)


def _set_price_and_stock(variant: Variant, price: int, stock_on_hand: int) -> None:
    if stock_on_hand < (variant.stock_reserved or 0):
        raise StockBelowReserved(variant.stock_reserved)
    variant.price = price
    variant.stock_on_hand = stock_on_hand


def set_price_and_stock(variant: Variant, price: int, stock_on_hand: int) -> None:
    """The dashboard's inline edit of one variant."""
    _set_price_and_stock(variant, price, stock_on_hand)
    db.session.flush()


def change_status(product: Product, wanted: ProductStatus) -> None:
    """The only way a listing's status changes."""
    wanted = ProductStatus(wanted)
    check_transition(PRODUCT_TRANSITIONS, product.status, wanted)
    if wanted == ProductStatus.ACTIVE and not product.variants:
        raise NoVariants()
    product.status = wanted
    db.session.flush()


def duplicate_product(product: Product, actor: User) -> Product:
    """A draft copy with the same details, images and new SKUs, for a similar cloth."""
    details = ListingDetails(**{item.name: getattr(product, item.name) for item in fields(ListingDetails)})
    variants = [VariantDetails(sku=_free_sku(product.shop, variant.sku), name=variant.name,
                               price=variant.price, stock_on_hand=0) for variant in product.variants]
    copy = create_product(product.shop, details, variants, actor)
    for image in product.images:
        copy.images.append(ProductImage(position=image.position, alt_text=image.alt_text,
                                        thumb_key=image.thumb_key, large_key=image.large_key,
                                        width=image.width, height=image.height))
    db.session.flush()
    return copy


def _free_sku(shop: Shop, sku: str) -> str:
    taken = {value.lower() for value in db.session.scalars(
        select(Variant.sku).where(Variant.shop_id == shop.id))}
    number = 2
    while f"{sku}-{number}".lower() in taken:
        number += 1
    return f"{sku}-{number}"[:40]


def add_image(product: Product, upload, alt_text: str) -> ProductImage:
    if len(product.images) >= MAX_IMAGES:
        raise TooManyImages()
    stored = store_product_image(upload)
    image = ProductImage(alt_text=alt_text.strip(), thumb_key=stored.thumb_key, large_key=stored.large_key,
                         width=stored.width, height=stored.height,
                         position=max((image.position for image in product.images), default=-1) + 1)
    product.images.append(image)
    db.session.flush()
    return image


def remove_image(image: ProductImage) -> None:
    keys = (image.thumb_key, image.large_key)
    image.product.images.remove(image)
    db.session.flush()
    # A duplicated listing shares its files; they go only when no listing shows them any more.
    still_used = db.session.scalar(select(func.count(ProductImage.id))
                                   .where(ProductImage.thumb_key.in_(keys)))
    if not still_used:
        delete_stored(*keys)


def move_image(image: ProductImage, offset: int) -> None:
    """Swap the image with its neighbour; the first image is the listing's cover."""
    images = list(image.product.images)
    index = images.index(image)
    other = index + offset
    if 0 <= other < len(images):
        images[index], images[other] = images[other], images[index]
        for position, each in enumerate(images):
            each.position = position
        db.session.flush()


def low_stock_variants(shop: Shop) -> list[Variant]:
    available = Variant.stock_on_hand - Variant.stock_reserved
    return list(db.session.scalars(
        select(Variant).join(Product).options(contains_eager(Variant.product))
        .where(Variant.shop_id == shop.id, available <= LOW_STOCK, Product.status != ProductStatus.ARCHIVED,
               Product.made_to_order.is_(False))
        .order_by(available, Variant.sku)))
