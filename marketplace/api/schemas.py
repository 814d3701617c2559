"""What the API answers. Money is whole rupiah, next to `"currency": "IDR"`."""

from functools import cache

from flask_babel import get_locale
from marshmallow import Schema, fields

from marketplace.api.fields import Money, When
from marketplace.web.security import public_url_for


def _media_url(key: str | None) -> str | None:
    return public_url_for("media.serve", key=key) if key else None


def _currency(_obj) -> str:
    return "IDR"


def currency():
    return fields.Function(_currency, metadata={"enum": ["IDR"]})


class Out(Schema):
    class Meta:
        ordered = True


@cache
def page_of(item_schema: type[Schema], **extra_fields: fields.Field) -> type[Schema]:
    """`{"items", "page", "per_page", "total"}` around a list of `item_schema`, and any fields of
    its own a kind of page adds."""
    return type(f"{item_schema.__name__}Page", (Out,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "page": fields.Integer(required=True), "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True), **extra_fields})


class UserOut(Out):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    locale = fields.String(required=True)
    roles = fields.Function(lambda user: sorted(role.value for role in user.roles),
                            metadata={"type": "array", "items": {"type": "string"}})


class MessageOut(Out):
    message = fields.String(required=True, metadata={"description": "readable, in the caller's language"})


class TokenOut(Out):
    token = fields.String(required=True, metadata={"description": "shown once; send as Bearer"})
    token_type = fields.Constant("Bearer")
    expires_at = When(required=True)
    user = fields.Nested(UserOut, required=True)


class CohortOut(Out):
    name = fields.String(required=True)
    year = fields.Integer(required=True)
    place = fields.String(required=True)


class ZoneRateOut(Out):
    zone = fields.String(required=True)
    first_kg_fee = Money(required=True)
    next_kg_fee = Money(required=True)


class ShopOut(Out):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    state = fields.String(required=True)
    #: why the last rejection or suspension was decided; only its owner sees a shop in those states
    state_reason = fields.String(allow_none=True)
    story = fields.String(required=True)
    kecamatan = fields.String(required=True)
    village = fields.String(required=True)
    whatsapp = fields.String(required=True)
    nib = fields.String(allow_none=True)
    cohort = fields.Nested(CohortOut, allow_none=True)
    logo_url = fields.Function(lambda shop: _media_url(shop.logo_key), allow_none=True,
                               metadata={"type": "string", "nullable": True})
    banner_url = fields.Function(lambda shop: _media_url(shop.banner_key), allow_none=True,
                                 metadata={"type": "string", "nullable": True})
    shipping_base_fee = Money(required=True)
    shipping_fee_per_kg = Money(required=True)
    free_shipping_from = Money(allow_none=True)
    zone_rates = fields.List(fields.Nested(ZoneRateOut), required=True)
    allows_pickup = fields.Boolean(required=True)
    allows_cod = fields.Boolean(required=True)
    curator_publish_consent = fields.Boolean(required=True)
    currency = currency()


class ShopCard(Out):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    kecamatan = fields.String(required=True)
    village = fields.String(required=True)
    listings = fields.Integer(required=True)


class ShopRef(Out):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class ProductCardOut(Out):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    technique = fields.String(required=True)
    dye_type = fields.String(required=True)
    dye_source = fields.String(required=True)
    made_to_order = fields.Boolean(required=True)
    production_days = fields.Integer(allow_none=True)
    shop = fields.Function(lambda card: {"slug": card.shop_slug, "name": card.shop_name},
                           metadata={"type": "object"})
    min_price = Money(required=True)
    max_price = Money(required=True)
    available = fields.Integer(required=True)
    currency = currency()
    image_url = fields.Function(lambda card: _media_url(card.thumb_key), allow_none=True,
                                metadata={"type": "string", "nullable": True})
    image_alt = fields.String(attribute="alt_text", allow_none=True)


class VariantOut(Out):
    id = fields.Integer(required=True)
    sku = fields.String(required=True)
    name = fields.String(required=True)
    price = Money(required=True)
    currency = currency()
    stock = fields.Integer(attribute="available", required=True,
                           metadata={"description": "units available to buy now"})


class OwnVariantOut(VariantOut):
    stock_on_hand = fields.Integer(required=True)
    stock_reserved = fields.Integer(required=True, metadata={"description": "promised to unpaid orders"})


class ImageOut(Out):
    url = fields.Function(lambda image: _media_url(image.large_key), metadata={"type": "string"})
    thumb_url = fields.Function(lambda image: _media_url(image.thumb_key), metadata={"type": "string"})
    alt_text = fields.String(required=True)
    width = fields.Integer(required=True)
    height = fields.Integer(required=True)


def _provenance(product) -> dict:
    shop = product.shop
    cohort = shop.cohort
    return {"shop": shop.name, "kecamatan": shop.kecamatan, "village": shop.village,
            "technique": product.technique.value, "dye_type": product.dye_type.value,
            "dye_source": product.dye_source,
            "cohort": {"name": cohort.name, "year": cohort.year, "place": cohort.place} if cohort else None,
            "prepared_by_agency": product.prepared_by_id is not None}


class ProductOut(Out):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    technique = fields.String(required=True)
    dye_type = fields.String(required=True)
    dye_source = fields.String(required=True)
    fabric = fields.String(required=True)
    motif_name = fields.String(required=True)
    motif_meaning = fields.String(required=True)
    length_cm = fields.Integer(allow_none=True)
    width_cm = fields.Integer(allow_none=True)
    weight_grams = fields.Integer(required=True)
    made_to_order = fields.Boolean(required=True)
    production_days = fields.Integer(allow_none=True)
    status = fields.String(required=True)
    hidden = fields.Boolean(required=True)
    shop = fields.Nested(ShopRef, required=True)
    images = fields.List(fields.Nested(ImageOut), required=True)
    variants = fields.List(fields.Nested(VariantOut), required=True)
    provenance = fields.Function(_provenance, metadata={"type": "object"})


class OwnProductOut(ProductOut):
    """A listing as its shop sees it: with stock on hand and reserved."""

    variants = fields.List(fields.Nested(OwnVariantOut), required=True)
    hidden_reason = fields.String(allow_none=True)


class CartLineOut(Out):
    id = fields.Function(lambda item: item.variant.id, metadata={"type": "integer",
                         "description": "the variant's id: PATCH or DELETE /cart/items/{id}"})
    variant_id = fields.Function(lambda item: item.variant.id, metadata={"type": "integer"})
    product_id = fields.Function(lambda item: item.variant.product_id, metadata={"type": "integer"})
    title = fields.Function(lambda item: item.variant.product.title, metadata={"type": "string"})
    variant_name = fields.Function(lambda item: item.variant.name, metadata={"type": "string"})
    sku = fields.Function(lambda item: item.variant.sku, metadata={"type": "string"})
    shop = fields.Function(lambda item: item.variant.product.shop.slug, metadata={"type": "string"})
    quantity = fields.Integer(required=True)
    unit_price = fields.Function(lambda item: item.variant.price, metadata={"type": "integer"})
    price_when_added = Money(required=True)
    price_changed = fields.Boolean(required=True)
    line_total = Money(required=True)
    for_sale = fields.Boolean(required=True)
    short_of_stock = fields.Boolean(required=True)


class CartShopOut(Out):
    shop = fields.Function(lambda part: {"slug": part.shop.slug, "name": part.shop.name},
                           metadata={"type": "object"})
    subtotal = Money(required=True)
    shipping_fee = Money(required=True)
    total = Money(required=True)
    weight_grams = fields.Integer(required=True)
    allows_pickup = fields.Function(lambda part: part.shop.allows_pickup, metadata={"type": "boolean"})
    allows_cod = fields.Function(lambda part: part.shop.allows_cod, metadata={"type": "boolean"})
    shipping_rate = fields.String(required=True, metadata={
        "enum": ["zone", "flat", "free"],
        "description": "the shop's rate for the destination's zone, its flat fees (no rate for the zone, "
                       "or no destination known), or free shipping"})


class DestinationOut(Out):
    province = fields.String(required=True)
    city = fields.String(required=True)
    zone = fields.String(allow_none=True)


class CartOut(Out):
    items = fields.List(fields.Nested(CartLineOut), required=True)
    shops = fields.List(fields.Nested(CartShopOut), required=True)
    total = Money(required=True)
    currency = currency()
    payment_methods = fields.List(fields.String(), required=True)
    ship_to = fields.Nested(DestinationOut, allow_none=True, metadata={
        "description": "where shipping is priced to: the destination asked for, else the latest saved "
                       "address; null prices every shop at its flat fees"})


class CourierOut(Out):
    code = fields.String(required=True)
    name = fields.Function(lambda courier: str(courier.label), required=True, metadata={"type": "string"})
    services = fields.List(fields.String(), required=True)
    needs_tracking_number = fields.Boolean(required=True)
    tracking_example = fields.String(allow_none=True)
    tracking_url_template = fields.String(allow_none=True, metadata={
        "description": "the courier's public tracking page, `{number}` standing for the tracking number"})


class ZoneOut(Out):
    zone = fields.String(required=True)
    name = fields.String(required=True)
    provinces = fields.List(fields.String(), required=True)


class CollectionCardOut(Out):
    slug = fields.String(required=True)
    title = fields.Function(lambda collection: collection.title_in(str(get_locale())), required=True,
                            metadata={"type": "string"})
    description = fields.Function(lambda collection: collection.description_in(str(get_locale())),
                                  required=True, metadata={"type": "string"})
    cover_url = fields.Function(lambda collection: _media_url(collection.cover_key), allow_none=True,
                                metadata={"type": "string", "nullable": True})
    publish_from = When(allow_none=True)
    publish_until = When(allow_none=True)


class CollectionItemOut(Out):
    #: false once the listing left the catalog (hidden, archived, its shop suspended): `product` is null
    available = fields.Boolean(required=True)
    product = fields.Nested(ProductCardOut, attribute="card", allow_none=True)


class CollectionOut(CollectionCardOut):
    items = fields.List(fields.Nested(CollectionItemOut), attribute="cards", required=True)


class FeaturedOut(Out):
    product_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    starts_at = When(allow_none=True)
    ends_at = When(allow_none=True)
