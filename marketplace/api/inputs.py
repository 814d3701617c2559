"""What the API accepts. These check shape only (types, lengths, ranges, choices, as the forms do);
the services check business state."""

from marshmallow import EXCLUDE, ValidationError, fields, validate

from marketplace.api.fields import (
    Bool,
    Email,
    QueryBool,
    Str,
    StrictSchema,
    ident,
    one_of,
    text,
    whole,
)
from marketplace.curation.services import MAX_FEATURED
from marketplace.orders.cart import MAX_QUANTITY
from marketplace.orders.couriers import COURIERS
from marketplace.orders.provinces import PROVINCES
from marketplace.payments.models import PaymentMethod
from marketplace.products.catalog import SORTS
from marketplace.products.models import MAX_PRICE, MIN_PRICE, DyeType, Fabric, ProductStatus, Technique
from marketplace.shops.kecamatan import KECAMATAN
from marketplace.shops.zones import Zone

SLUG = r"^[a-z0-9-]{1,90}$"


class QueryInt(fields.Integer):
    """A whole number written in the query string."""


class PageArgs(StrictSchema):
    class Meta:
        unknown = EXCLUDE

    page = QueryInt(load_default=1, validate=validate.Range(1, 10_000))
    per_page = QueryInt(load_default=20, validate=validate.Range(1, 100))


class ProductSearchArgs(PageArgs):
    q = Str(load_default="", validate=validate.Length(max=100))
    technique = Str(validate=validate.OneOf([item.value for item in Technique]))
    dye_type = Str(validate=validate.OneOf([item.value for item in DyeType]))
    fabric = Str(validate=validate.OneOf([item.value for item in Fabric]))
    shop = Str(validate=validate.Regexp(SLUG))
    min_price = QueryInt(validate=validate.Range(0, MAX_PRICE))
    max_price = QueryInt(validate=validate.Range(0, MAX_PRICE))
    in_stock = QueryBool(load_default=False)
    sort = Str(validate=validate.OneOf(SORTS))


class DestinationArgs(StrictSchema):
    class Meta:
        unknown = EXCLUDE

    province = Str(required=True, validate=validate.OneOf(PROVINCES))
    city = Str(load_default="", validate=validate.Length(max=80), metadata={
        "description": "the kabupaten or kota: `Banyuasin` in Sumatera Selatan ships within Banyuasin"})


class Registration(StrictSchema):
    email = Email(required=True, validate=validate.Length(max=254))
    name = text(120, 1, required=True)
    password = Str(required=True, validate=validate.Length(max=200))
    locale = Str(load_default="id", validate=validate.OneOf(["id", "en"]))


class Credentials(StrictSchema):
    email = Str(required=True, validate=validate.Length(max=254))
    password = Str(required=True, validate=validate.Length(max=200))
    totp = Str(load_default=None, validate=validate.Length(max=20), metadata={
        "description": "the authenticator app's code (or a recovery code): required for admins, "
                       "curators and accounts that turned two-step sign-in on"})


class ShopApplication(StrictSchema):
    name = text(80, 3, required=True)
    story = text(5000, 40, required=True)
    kecamatan = Str(required=True, validate=validate.OneOf(KECAMATAN))
    village = text(80, 1, required=True)
    whatsapp = Str(required=True, validate=validate.Regexp(r"^\+?[0-9 ().-]{8,20}$"))
    nib = Str(allow_none=True, validate=validate.Regexp(r"^\d{13}$"))
    cohort_id = ident(allow_none=True)


class ZoneRateInput(StrictSchema):
    zone = one_of(Zone, required=True)
    first_kg_fee = whole(0, 5_000_000, required=True)
    next_kg_fee = whole(0, 5_000_000, required=True)


def _one_rate_per_zone(rates: list[dict]) -> None:
    zones = [rate["zone"] for rate in rates]
    if len(zones) != len(set(zones)):
        raise ValidationError("Give each zone at most once.")


class ShopChanges(ShopApplication):
    """Any of the application's fields, and the shop's settings."""

    zone_rates = fields.List(fields.Nested(ZoneRateInput), validate=_one_rate_per_zone, metadata={
        "description": "the shop's rates by destination zone (GET /shipping/zones), all of them: a zone "
                       "left out ships at the flat fees"})

    curator_publish_consent = Bool()
    shipping_base_fee = whole(0, 5_000_000)
    shipping_fee_per_kg = whole(0, 5_000_000)
    free_shipping_from = whole(0, 100_000_000, allow_none=True)
    allows_pickup = Bool()
    allows_cod = Bool()


class VariantInput(StrictSchema):
    #: an existing variant of this listing to keep and update; leave out to add a new one
    id = ident(allow_none=True)
    sku = Str(required=True, validate=[validate.Length(max=40),
                                       validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")])
    name = text(60, 1, required=True)
    price = whole(MIN_PRICE, MAX_PRICE, required=True)
    stock = whole(0, 100_000, required=True)


class Listing(StrictSchema):
    title = text(120, 5, required=True)
    description = text(5000, 1, required=True)
    technique = one_of(Technique, required=True)
    dye_type = one_of(DyeType, required=True)
    dye_source = text(60, 1, required=True)
    fabric = one_of(Fabric, required=True)
    motif_name = text(80, 1, required=True)
    motif_meaning = text(2000, load_default="")
    length_cm = whole(1, 1000, allow_none=True)
    width_cm = whole(1, 1000, allow_none=True)
    weight_grams = whole(1, 30_000, required=True)
    made_to_order = Bool(load_default=False)
    production_days = whole(1, 180, allow_none=True)
    variants = fields.List(fields.Nested(VariantInput), required=True, validate=validate.Length(1, 20))


class ListingChanges(Listing):
    """Any of the listing's fields; `variants`, when given, is the whole new list."""

    status = one_of(ProductStatus)


class PriceAndStock(StrictSchema):
    price = whole(MIN_PRICE, MAX_PRICE)
    stock = whole(0, 100_000)


class CartItemInput(StrictSchema):
    variant_id = ident(required=True)
    quantity = whole(1, MAX_QUANTITY, load_default=1)


class Quantity(StrictSchema):
    quantity = whole(1, MAX_QUANTITY, required=True)


class CheckoutInput(StrictSchema):
    recipient = text(120, 1, required=True)
    phone = Str(required=True, validate=validate.Regexp(r"^\+?[0-9 ()-]{8,20}$"))
    street = text(200, 1, required=True)
    village = text(80, 1, required=True)
    kecamatan = text(80, 1, required=True)
    city = text(80, 1, required=True)
    province = Str(required=True, validate=validate.OneOf(PROVINCES))
    postal_code = Str(required=True, validate=validate.Regexp(r"^\d{5}$"))
    payment_method = one_of(PaymentMethod, required=True)
    #: shops (by slug) to collect from instead of shipping, among those that allow it
    pickup_shops = fields.List(Str(validate=validate.Regexp(SLUG)), load_default=list,
                               validate=validate.Length(max=50))
    save_address = Bool(load_default=False)


class Cancellation(StrictSchema):
    reason = text(500, load_default="")


class ProblemReport(StrictSchema):
    note = text(500, 1, required=True)


class CodCash(StrictSchema):
    amount = whole(1, MAX_PRICE * 1000, required=True)


class Shipment(StrictSchema):
    courier = Str(required=True, validate=validate.OneOf([courier.code for courier in COURIERS]),
                  metadata={"description": "the courier's code, from GET /couriers"})
    service = Str(load_default="", validate=validate.Length(max=30), metadata={
        "description": "one of the courier's services (GET /couriers); empty: its regular service"})
    tracking_number = Str(load_default="", validate=validate.Length(max=60), metadata={
        "description": "required except for the shop's own delivery and pickup; checked against the "
                       "courier's format"})


class ReviewInput(StrictSchema):
    order_line_id = ident(required=True)
    rating = whole(1, 5, required=True)
    text = text(2000, load_default="")


class RefundInput(StrictSchema):
    amount = whole(1, 10_000_000_000, required=True)
    reason = text(500, 1, required=True)


def changes_to(schema_class: type[StrictSchema]) -> StrictSchema:
    """`schema_class` for a PATCH: any top-level field may be left out, but a nested row that is sent
    (a variant) is still whole."""
    return schema_class(partial=tuple(schema_class._declared_fields))


class ShopDecision(StrictSchema):
    #: required to reject or suspend: the artisan reads it in the email and on their dashboard
    reason = text(1000, load_default=None, allow_none=True)


class FeatureInput(StrictSchema):
    product_id = ident(required=True)
    starts_at = fields.AwareDateTime(allow_none=True, load_default=None)
    ends_at = fields.AwareDateTime(allow_none=True, load_default=None)


class FeaturedList(StrictSchema):
    #: the whole ordered list; an empty list features nothing
    items = fields.List(fields.Nested(FeatureInput), required=True,
                        validate=validate.Length(max=MAX_FEATURED))
