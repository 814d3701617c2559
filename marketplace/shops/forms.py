from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, Form, FormField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp, ValidationError

from marketplace.shops.exceptions import InvalidWhatsApp
from marketplace.shops.kecamatan import KECAMATAN
from marketplace.shops.models import Shop
from marketplace.shops.services import normalize_whatsapp
from marketplace.shops.zones import ZONE_LABELS, Zone
from marketplace.web.forms import (
    RupiahField,
    SelectField,
    choices,
    digits_only,
    max_length,
    number_between,
    strip,
)


class ZoneFeesForm(Form):
    """One zone's rate; both fees empty: the zone ships at the shop's standard rate."""

    first_kg_fee = RupiahField(_l("First kilogram (Rp)"),
                               validators=[Optional(), number_between(0, 5_000_000)])
    next_kg_fee = RupiahField(_l("Each further kilogram (Rp)"),
                              validators=[Optional(), number_between(0, 5_000_000)])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if (self.first_kg_fee.data is None) == (self.next_kg_fee.data is None):
            return True
        empty = self.first_kg_fee if self.first_kg_fee.data is None else self.next_kg_fee
        empty.errors.append(_l("Enter both fees, or leave both empty to use the standard rate."))
        return False


class ZonesForm(Form):
    """A `ZoneFeesForm` for each zone, named by its value."""


for _zone in Zone:
    setattr(ZonesForm, _zone.value, FormField(ZoneFeesForm, label=ZONE_LABELS[_zone]))


class ShopForm(FlaskForm):
    name = StringField(_l("Shop name"), filters=[strip], validators=[
        DataRequired(_l("Give your shop a name.")), max_length(80, 3)])
    story = TextAreaField(_l("Your story"), filters=[strip], validators=[
        DataRequired(_l("Tell customers who you are and how you learned your craft.")),
        max_length(5000, 40)])
    kecamatan = SelectField(_l("Kecamatan (district)"),
                            choices=choices([("", "—")] + [(name, name) for name in KECAMATAN]),
                            validators=[DataRequired(_l("Choose your kecamatan in Banyuasin."))])
    village = StringField(_l("Village (desa or kelurahan)"), filters=[strip], validators=[
        DataRequired(_l("Enter your village.")), max_length(80)])
    whatsapp = StringField(_l("WhatsApp number"), filters=[strip], validators=[
        DataRequired(_l("Enter the WhatsApp number customers can write to."))])
    nib = StringField(_l("NIB (business licence number)"), filters=[digits_only], validators=[
        Optional(), Regexp(r"^\d{13}$", message=_l("The NIB has exactly 13 digits."))])
    cohort_id = SelectField(_l("Training you took"), coerce=int, validators=[Optional()])
    logo = FileField(_l("Logo (JPEG, PNG or WebP)"))
    banner = FileField(_l("Banner photo (JPEG, PNG or WebP)"))
    curator_publish_consent = BooleanField(
        _l("Curators of Dekranasda may publish listings they prepare for my shop"))
    zone_fees = FormField(ZonesForm, label=_l("Shipping by destination"))
    shipping_base_fee = RupiahField(_l("Shipping: fee per order (Rp)"), validators=[
        InputRequired(_l("Enter the fee, 0 or more.")), number_between(0, 5_000_000)])
    shipping_fee_per_kg = RupiahField(_l("Shipping: fee per started kilogram (Rp)"), validators=[
        InputRequired(_l("Enter the fee, 0 or more.")), number_between(0, 5_000_000)])
    free_shipping_from = RupiahField(_l("Free shipping for orders from (Rp, leave empty for never)"),
                                     validators=[Optional(), number_between(0, 100_000_000)])
    allows_pickup = BooleanField(_l("Customers may collect orders at my place"))
    allows_cod = BooleanField(_l("I accept cash on delivery"))
    submit = SubmitField(_l("Save"))

    #: what only an existing shop sets; an application leaves them at their defaults
    SETTINGS = ("curator_publish_consent", "zone_fees", "shipping_base_fee", "shipping_fee_per_kg",
                "free_shipping_from", "allows_pickup", "allows_cod")

    def shop_settings(self) -> dict:
        settings = {name: getattr(self, name).data for name in self.SETTINGS if name != "zone_fees"}
        settings["zone_rates"] = {zone: self._fees(zone) for zone in Zone}
        return settings

    def _fees(self, zone: Zone) -> tuple[int, int] | None:
        fees = self.zone_fees[zone.value]
        if fees.first_kg_fee.data is None:
            return None
        return fees.first_kg_fee.data, fees.next_kg_fee.data

    def show_zone_rates(self, shop: Shop) -> None:
        for rate in shop.zone_rates:
            fees = self.zone_fees[rate.zone.value]
            fees.first_kg_fee.data, fees.next_kg_fee.data = rate.first_kg_fee, rate.next_kg_fee

    def validate_whatsapp(self, field):
        try:
            normalize_whatsapp(field.data)
        except InvalidWhatsApp as error:
            raise ValidationError(str(error)) from error
