"""Listing rules: creating and editing products with their variants, status changes, images and
stock counts. Functions add and flush; the caller commits once.

Each function takes the `actor` who makes the change. When that is not the shop's owner (a curator
working on the shop's behalf), the change goes to the agency's audit log, and publishing needs the
shop's consent."""

import re
from dataclasses import dataclass, fields

from sqlalchemy import column, func, select, table

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.media.images import delete_stored, store_product_image
from marketplace.products.exceptions import (
    NoVariants,
    PhotoRequired,
    ProductionDaysRequired,
    PublishNeedsConsent,
    SkuTaken,
    StockBelowReserved,
    TooManyImages,
    VariantHasOrders,
)
from marketplace.products.models import (
    DyeType,
    Fabric,
    Product,
    ProductImage,
    ProductStatus,
    Technique,
    Variant,
)
from marketplace.products.search import index_product
from marketplace.shops.access import acts_on_behalf
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


#: the weight with packing that shipping counts until the artisan weighs the cloth: a 2 m kain in
#: its plastic and box; jumputan and printed cloths are usually thinner and lighter
DEFAULT_WEIGHT_GRAMS = {Technique.BATIK_TULIS: 300, Technique.BATIK_CAP: 300, Technique.BATIK_KOMBINASI: 300,
                        Technique.JUMPUTAN: 250, Technique.PRINTED: 250}


@dataclass
class QuickListing:
    """What a first listing needs, typed on a phone in minutes; the rest of the story can follow."""
    title: str
    technique: Technique
    dye_type: DyeType
    fabric: Fabric
    price: int
    stock_on_hand: int
    #: the one variant's name, such as "Kain 2 m"
    variant_name: str
    #: None counts DEFAULT_WEIGHT_GRAMS for the technique (the page says how much)
    weight_grams: int | None = None


#: what an audit entry keeps of a listing and of each of its variants
_LISTING_FIELDS = tuple(item.name for item in fields(ListingDetails))
_VARIANT_FIELDS = ("sku", "name", "price", "stock_on_hand")


def _listing_state(product: Product) -> dict:
    state = snapshot(product, *_LISTING_FIELDS)
    state["variants"] = [snapshot(variant, *_VARIANT_FIELDS) for variant in product.variants]
    return state


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the values that differ, so an entry says what the change was."""
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _audit_on_behalf(actor: User, action: str, record, shop: Shop, **values) -> None:
    if acts_on_behalf(actor, shop):
        record_action(actor, action, record, **values)


def create_product(shop: Shop, details: ListingDetails, variants: list[VariantDetails],
                   actor: User) -> Product:
    """A new listing starts as a draft; one prepared by someone else than the owner says by whom."""
    product = Product(shop=shop, status=ProductStatus.DRAFT,
                      prepared_by=actor if acts_on_behalf(actor, shop) else None)
    db.session.add(product)
    _apply(product, details)
    _sync_variants(product, variants)
    db.session.flush()
    index_product(product)
    _audit_on_behalf(actor, "product.create", product, shop, after=_listing_state(product))
    return product


def create_quick_listing(shop: Shop, essentials: QuickListing, photos: list, actor: User,
                         publish: bool = False) -> Product:
    """A listing from the short first-listing page: photos, title, technique, price and stock. It is
    made by the same rules as any listing (create_product, add_image, change_status), with what was
    not given left empty for `missing_details` to point at, and a SKU made from the shop's initials.
    Each photo is a (file, alt text) pair; an empty alt text takes the title."""
    if not photos:
        raise PhotoRequired()
    weight = essentials.weight_grams or DEFAULT_WEIGHT_GRAMS[essentials.technique]
    details = ListingDetails(title=essentials.title, description="", technique=essentials.technique,
                             dye_type=essentials.dye_type, dye_source="", fabric=essentials.fabric,
                             motif_name="", motif_meaning="", weight_grams=weight)
    variant = VariantDetails(sku="", name=essentials.variant_name, price=essentials.price,
                             stock_on_hand=essentials.stock_on_hand)
    product = create_product(shop, details, [variant], actor)
    try:
        for upload, alt_text in photos:
            add_image(product, upload, alt_text.strip() or essentials.title, actor)
    except Exception:
        # the caller rolls the listing back; the files of the photos stored before the refused one
        # would be left with nothing showing them
        delete_stored(*(key for image in product.images for key in (image.thumb_key, image.large_key)))
        raise
    if publish:
        change_status(product, ProductStatus.ACTIVE, actor)
    return product


def update_product(product: Product, details: ListingDetails, variants: list[VariantDetails],
                   actor: User) -> None:
    before = _listing_state(product)
    _apply(product, details)
    _sync_variants(product, variants)
    db.session.flush()
    index_product(product)
    before, after = _changed(before, _listing_state(product))
    if after:
        _audit_on_behalf(actor, "product.update", product, product.shop, before=before, after=after)


def _apply(product: Product, details: ListingDetails) -> None:
    if details.made_to_order and not details.production_days:
        raise ProductionDaysRequired()
    for item in fields(details):
        value = getattr(details, item.name)
        setattr(product, item.name, value.strip() if isinstance(value, str) else value)
    if not product.made_to_order:
        product.production_days = None


def _sync_variants(product: Product, wanted: list[VariantDetails]) -> None:
    if not wanted:
        raise NoVariants()
    _name_unnamed_variants(product.shop, wanted)
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


def _name_unnamed_variants(shop: Shop, wanted: list[VariantDetails]) -> None:
    """Give each variant left without a SKU the next free one of the shop: its initials and a number,
    such as BTP-001, unique in the shop (the form's hint says so)."""
    if all(details.sku.strip() for details in wanted):
        return
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", shop.name))[:4].upper() or "SKU"
    taken = {sku.lower() for sku in db.session.scalars(select(Variant.sku).where(Variant.shop_id == shop.id))}
    taken |= {details.sku.strip().lower() for details in wanted}
    number = 0
    for details in wanted:
        if details.sku.strip():
            continue
        number += 1
        while f"{initials}-{number:03d}".lower() in taken:
            number += 1
        details.sku = f"{initials}-{number:03d}"
        taken.add(details.sku.lower())


def _free_changed_skus(kept: list[tuple[Variant, str]]) -> None:
    """Variants may swap SKUs in one edit; each changed one first takes a placeholder (which no
    seller's SKU can be), so the unique SKU per shop never sees two rows with one value."""
    changed = [variant for variant, sku in kept if variant.sku != sku]
    if len(changed) > 1:
        for variant in changed:
            variant.sku = f"~{variant.id}"
        db.session.flush()


#: the order lines' reference to a variant, named rather than imported: orders build on products, and
#: this is the one thing products asks of them (whether a variant was ever ordered)
ORDER_LINES = table("order_lines", column("variant_id"))


def _remove_variants(product: Product, variant_ids: set[int]) -> None:
    """Removed first, and flushed, so a new variant may take the SKU of one removed in the same edit."""
    if not variant_ids:
        return
    ordered = db.session.scalar(select(Variant.sku).join(ORDER_LINES, ORDER_LINES.c.variant_id == Variant.id)
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


def set_price_and_stock(variant: Variant, price: int, stock_on_hand: int, actor: User) -> None:
    """The dashboard's inline edit of one variant."""
    before = snapshot(variant, *_VARIANT_FIELDS)
    _set_price_and_stock(variant, price, stock_on_hand)
    db.session.flush()
    before, after = _changed(before, snapshot(variant, *_VARIANT_FIELDS))
    if after:
        _audit_on_behalf(actor, "variant.update", variant, variant.product.shop,
                         before={"sku": variant.sku, **before}, after={"sku": variant.sku, **after})


def change_status(product: Product, wanted: ProductStatus, actor: User) -> None:
    """The only way a listing's status changes. Only the owner publishes, unless the shop lets
    curators publish on its behalf."""
    wanted = ProductStatus(wanted)
    check_transition(PRODUCT_TRANSITIONS, product.status, wanted)
    if wanted == ProductStatus.ACTIVE and not product.variants:
        raise NoVariants()
    if (wanted == ProductStatus.ACTIVE and acts_on_behalf(actor, product.shop)
            and not product.shop.curator_publish_consent):
        raise PublishNeedsConsent()
    before = snapshot(product, "status")
    product.status = wanted
    db.session.flush()
    _audit_on_behalf(actor, "product.status", product, product.shop, before=before,
                     after=snapshot(product, "status"))


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
    _audit_on_behalf(actor, "product.duplicate", copy, copy.shop, after={"copied_from": product.id})
    return copy


def _free_sku(shop: Shop, sku: str) -> str:
    taken = {value.lower() for value in db.session.scalars(
        select(Variant.sku).where(Variant.shop_id == shop.id))}
    number = 2
    while f"{sku}-{number}".lower() in taken:
        number += 1
    return f"{sku}-{number}"[:40]


def _image_state(image: ProductImage) -> dict:
    return {"image_id": image.id, **snapshot(image, "alt_text", "position")}


def add_image(product: Product, upload, alt_text: str, actor: User) -> ProductImage:
    if len(product.images) >= MAX_IMAGES:
        raise TooManyImages(MAX_IMAGES)
    stored = store_product_image(upload)
    image = ProductImage(alt_text=alt_text.strip(), thumb_key=stored.thumb_key, large_key=stored.large_key,
                         width=stored.width, height=stored.height,
                         position=max((image.position for image in product.images), default=-1) + 1)
    product.images.append(image)
    db.session.flush()
    _audit_on_behalf(actor, "product.image_add", product, product.shop, after=_image_state(image))
    return image


def remove_image(image: ProductImage, actor: User) -> None:
    keys = (image.thumb_key, image.large_key)
    product = image.product
    _audit_on_behalf(actor, "product.image_remove", product, product.shop, before=_image_state(image))
    product.images.remove(image)
    db.session.flush()
    # A duplicated listing shares its files; they go only when no listing shows them any more.
    still_used = db.session.scalar(select(func.count(ProductImage.id))
                                   .where(ProductImage.thumb_key.in_(keys)))
    if not still_used:
        delete_stored(*keys)


def move_image(image: ProductImage, offset: int, actor: User) -> None:
    """Swap the image with its neighbour; the first image is the listing's cover."""
    images = list(image.product.images)
    index = images.index(image)
    other = index + offset
    if 0 <= other < len(images):
        before = {"order": [each.id for each in images]}
        images[index], images[other] = images[other], images[index]
        for position, each in enumerate(images):
            each.position = position
        db.session.flush()
        _audit_on_behalf(actor, "product.image_move", image.product, image.product.shop, before=before,
                         after={"order": [each.id for each in images]})
