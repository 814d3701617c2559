from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp, ValidationError

from marketplace.products.labels import DYE_SOURCES, DYE_TYPE_LABELS, FABRIC_LABELS, TECHNIQUE_LABELS
from marketplace.products.models import MAX_PRICE, MIN_PRICE, DyeType, Fabric, Product, Technique
from marketplace.products.services import MAX_IMAGES, ListingDetails, QuickListing, VariantDetails
from marketplace.web.forms import (
    RupiahField,
    SelectField,
    WholeNumberField,
    choices,
    max_length,
    number_between,
    strip,
)

_PRICE_RANGE = NumberRange(MIN_PRICE, MAX_PRICE,
                           _l("The price must be between Rp 1.000 and Rp 100.000.000."))
_STOCK_RANGE = NumberRange(0, 100_000, _l("Stock is a whole number, 0 or more."))


class VariantForm(Form):
    id = HiddenField()
    sku = StringField(_l("SKU (optional)"), filters=[strip], validators=[Optional(), max_length(40), Regexp(
        r"^[A-Za-z0-9][A-Za-z0-9._-]*$", message=_l("Use letters, digits, dots and dashes."))])
    name = StringField(_l("Variant"), filters=[strip], validators=[Optional(), max_length(60)])
    price = RupiahField(_l("Price (Rp)"), validators=[Optional(), _PRICE_RANGE])
    stock = WholeNumberField(_l("Stock"), validators=[Optional(), _STOCK_RANGE])
    remove = BooleanField(_l("Remove"))

    def is_blank(self) -> bool:
        """Nothing typed in the row (as sent, or as loaded from the variant when the form opens)."""
        values = (field.raw_data[0] if field.raw_data else field.data
                  for field in (self.sku, self.name, self.price, self.stock))
        return not any(str(value).strip() for value in values if value is not None)

    def check_complete(self) -> bool:
        required = {self.name: _l("Name the variant, such as Kain 2 m."),
                    self.price: _l("Enter a price."), self.stock: _l("Enter the stock (0 or more).")}
        complete = True
        for field, message in required.items():
            if field.data in (None, "") and not field.errors:
                field.errors.append(str(message))
                complete = False
        return complete and not self.errors


class PriceStockForm(FlaskForm):
    """The dashboard's inline edit of one variant."""

    price = RupiahField(_l("Price (Rp)"), validators=[InputRequired(_l("Enter a price.")), _PRICE_RANGE])
    stock = WholeNumberField(_l("Stock"), validators=[
        InputRequired(_l("Enter the stock (0 or more).")), _STOCK_RANGE])
    submit = SubmitField(_l("Save"))


def _choice(label, labels: dict) -> SelectField:
    return SelectField(label, choices=choices(labels.items()), validators=[InputRequired(_l("Choose one."))])


class ProductForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(_l("Give the listing a title.")), max_length(120, 5)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[
        Optional(), max_length(5000)])
    technique = _choice(_l("Technique"), TECHNIQUE_LABELS)
    dye_type = _choice(_l("Dye"), DYE_TYPE_LABELS)
    dye_source = StringField(_l("Dye source"), filters=[strip], validators=[
        Optional(), max_length(60)])
    fabric = _choice(_l("Fabric"), FABRIC_LABELS)
    motif_name = StringField(_l("Motif"), filters=[strip], validators=[
        Optional(), max_length(80)])
    motif_meaning = TextAreaField(_l("Meaning of the motif"), filters=[strip],
                                  validators=[Optional(), max_length(2000)])
    length_cm = WholeNumberField(_l("Length (cm)"), validators=[Optional(), number_between(1, 1000)])
    width_cm = WholeNumberField(_l("Width (cm)"), validators=[Optional(), number_between(1, 1000)])
    weight_grams = WholeNumberField(_l("Weight with packing (grams)"), validators=[
        InputRequired(_l("Enter the weight; shipping is charged by it.")), number_between(1, 30_000)])
    made_to_order = BooleanField(_l("Made to order"))
    production_days = WholeNumberField(_l("Days to make it"), validators=[Optional(), number_between(1, 180)])
    variants = FieldList(FormField(VariantForm), min_entries=1, max_entries=20)
    submit = SubmitField(_l("Save listing"))
    add_variant = SubmitField(_l("Add a variant"))

    dye_sources = DYE_SOURCES

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        rows = self.kept_variant_rows()
        if not rows:
            self.variants.errors.append(str(_l("Add at least one variant with its price and stock.")))
            valid = False
        for row in rows:
            valid = row.check_complete() and valid
        return valid

    def kept_variant_rows(self) -> list[VariantForm]:
        return [entry.form for entry in self.variants
                if not entry.form.is_blank() and not entry.form.remove.data]


class ImageForm(FlaskForm):
    image = FileField(_l("Photo (JPEG, PNG or WebP, up to 8 MB)"),
                      validators=[FileRequired(_l("Choose a photo to upload."))])
    alt_text = StringField(_l("What the photo shows (for blind customers)"), filters=[strip], validators=[
        DataRequired(_l("Describe the photo in a few words.")), max_length(200)])
    submit = SubmitField(_l("Upload photo"))


class QuickListingForm(FlaskForm):
    """The short first listing: photos first, then what a customer needs to buy; the rest later."""

    photos = MultipleFileField(_l("Photos of the cloth"), validators=[
        FileRequired(_l("Take or choose at least one photo of the cloth."))])
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(_l("Give the listing a title.")), max_length(120, 5)])
    technique = _choice(_l("Technique"), TECHNIQUE_LABELS)
    dye_type = _choice(_l("Dye"), DYE_TYPE_LABELS)
    fabric = _choice(_l("Fabric"), FABRIC_LABELS)
    price = RupiahField(_l("Price (Rp)"), validators=[InputRequired(_l("Enter a price.")), _PRICE_RANGE])
    stock = WholeNumberField(_l("Stock"), validators=[
        InputRequired(_l("Enter the stock (0 or more).")), _STOCK_RANGE])
    weight_grams = WholeNumberField(_l("Weight with packing (grams, optional)"),
                                    validators=[Optional(), number_between(1, 30_000)])
    publish = SubmitField(_l("Publish now"))
    submit = SubmitField(_l("Save as draft"))

    def validate_photos(self, field) -> None:
        if len(self.chosen_photos()) > MAX_IMAGES:
            raise ValidationError(_l("A listing has at most %(count)d photos.", count=MAX_IMAGES))

    def chosen_photos(self) -> list:
        """The files sent; a phone sends one nameless empty file when none was chosen."""
        return [upload for upload in self.photos.data or () if upload and upload.filename]


def quick_listing(form: QuickListingForm, variant_name: str) -> QuickListing:
    return QuickListing(title=form.title.data, technique=Technique(form.technique.data),
                        dye_type=DyeType(form.dye_type.data), fabric=Fabric(form.fabric.data),
                        price=form.price.data, stock_on_hand=form.stock.data, variant_name=variant_name,
                        weight_grams=form.weight_grams.data)


def listing_details(form: ProductForm) -> ListingDetails:
    return ListingDetails(
        title=form.title.data, description=form.description.data or "",
        technique=Technique(form.technique.data),
        dye_type=DyeType(form.dye_type.data), dye_source=form.dye_source.data or "",
        fabric=Fabric(form.fabric.data), motif_name=form.motif_name.data or "",
        motif_meaning=form.motif_meaning.data or "", weight_grams=form.weight_grams.data,
        length_cm=form.length_cm.data, width_cm=form.width_cm.data,
        made_to_order=form.made_to_order.data, production_days=form.production_days.data)


def variant_details(form: ProductForm) -> list[VariantDetails]:
    return [VariantDetails(sku=row.sku.data or "", name=row.name.data, price=row.price.data,
                           stock_on_hand=row.stock.data, id=_row_id(row))
            for row in form.kept_variant_rows()]


def _row_id(row: VariantForm) -> int | None:
    value = row.id.data or ""
    return int(value) if value.isdigit() else None


#: the listing's own fields, read from the product when the form opens
_LISTING_FIELDS = ("title", "description", "technique", "dye_type", "dye_source", "fabric", "motif_name",
                   "motif_meaning", "length_cm", "width_cm", "weight_grams", "made_to_order",
                   "production_days")


def product_form_for(product: Product | None) -> ProductForm:
    """The listing form, filled from `product` when editing. Its variant rows come as plain values:
    given the product itself, WTForms would read each row from the Variant, which has no `stock`."""
    if product is None:
        return ProductForm()
    rows = [{"id": str(variant.id), "sku": variant.sku, "name": variant.name, "price": variant.price,
             "stock": variant.stock_on_hand} for variant in product.variants]
    return ProductForm(data={**{name: getattr(product, name) for name in _LISTING_FIELDS}, "variants": rows})


def with_spare_row(form: ProductForm) -> ProductForm:
    """One empty variant row at the end, so another variant can be typed in before saving."""
    if len(form.variants) < form.variants.max_entries and not form.variants[-1].form.is_blank():
        form.variants.append_entry()
    return form


class ReplyForm(FlaskForm):
    text = TextAreaField(_l("Reply from the shop"), filters=[strip], validators=[
        DataRequired(_l("Write the reply.")), max_length(2000)])
    submit = SubmitField(_l("Publish reply"))
