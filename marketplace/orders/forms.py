from dataclasses import fields

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp

from marketplace.orders.checkout import Address
from marketplace.orders.couriers import ship_choices, split_choice
from marketplace.orders.provinces import PROVINCES
from marketplace.web.forms import RupiahField, SelectField, choices, max_length, number_between, strip


def _required(message):
    return [DataRequired(message)]


class CheckoutForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
    #: the shipping total the page showed, so that a different one for the address is shown first
    shipping_shown = HiddenField()
    recipient = StringField(_l("Recipient's name"), filters=[strip],
                            validators=_required(_l("Enter who receives the parcel.")) + [max_length(120)])
    phone = StringField(_l("Recipient's phone"), filters=[strip], validators=[
        DataRequired(_l("Enter a phone number for the courier.")),
        Regexp(r"^\+?[0-9 ()-]{8,20}$", message=_l("Enter a phone number, such as 0812 3456 7890."))])
    street = StringField(_l("Street, house number, RT/RW"), filters=[strip],
                         validators=_required(_l("Enter the street address.")) + [max_length(200)])
    village = StringField(_l("Desa or kelurahan"), filters=[strip],
                          validators=_required(_l("Enter the desa or kelurahan.")) + [max_length(80)])
    kecamatan = StringField(_l("Kecamatan"), filters=[strip],
                            validators=_required(_l("Enter the kecamatan.")) + [max_length(80)])
    city = StringField(_l("Kabupaten or kota"), filters=[strip],
                       validators=_required(_l("Enter the kabupaten or kota.")) + [max_length(80)])
    province = SelectField(_l("Province"), choices=choices([("", "—")] + [(p, p) for p in PROVINCES]),
                           validators=_required(_l("Choose the province.")))
    postal_code = StringField(_l("Postal code"), filters=[strip], validators=[
        DataRequired(_l("Enter the postal code.")),
        Regexp(r"^\d{5}$", message=_l("A postal code has 5 digits."))])
    save_address = BooleanField(_l("Save this address for my next order"), default=True)
    payment_method = RadioField(_l("Payment"), validators=[InputRequired(_l("Choose how to pay."))])
    submit = SubmitField(_l("Place order"))

    def address(self) -> Address:
        return Address(**{item.name: getattr(self, item.name).data for item in fields(Address)})

    def fill(self, address: Address) -> None:
        for item in fields(Address):
            getattr(self, item.name).data = getattr(address, item.name)


class ReceiptForm(FlaskForm):
    receipt = FileField(_l("Photo of the transfer receipt"),
                        validators=[FileRequired(_l("Choose a photo of the receipt."))])
    submit = SubmitField(_l("Upload receipt"))


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), filters=[strip], validators=[Optional(), max_length(500)])
    submit = SubmitField(_l("Cancel order"))


class ProblemForm(FlaskForm):
    note = TextAreaField(_l("What is wrong?"), filters=[strip], validators=[
        DataRequired(_l("Say what is wrong, so the artisan and the agency can help.")), max_length(500)])
    submit = SubmitField(_l("Report a problem"))


class ShipForm(FlaskForm):
    courier = SelectField(_l("Courier"), choices=ship_choices,
                          validators=[DataRequired(_l("Choose the courier and its service."))])
    tracking_number = StringField(_l("Tracking number"), filters=[strip],
                                  validators=[Optional(), max_length(60)])
    submit = SubmitField(_l("Mark shipped"))

    def courier_and_service(self) -> tuple[str, str]:
        return split_choice(self.courier.data)


class CodCashForm(FlaskForm):
    amount = RupiahField(_l("Cash received (Rp)"), validators=[
        InputRequired(_l("Enter the amount received.")), number_between(0, 1_000_000_000)])
    submit = SubmitField(_l("Record cash"))


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""

    submit = SubmitField()


class ReviewForm(FlaskForm):
    rating = RadioField(_l("Your rating"), coerce=int, choices=choices((n, "★" * n) for n in range(5, 0, -1)),
                        validators=[InputRequired(_l("Choose from 1 to 5 stars."))])
    text = TextAreaField(_l("Your review"), filters=[strip], validators=[Optional(), max_length(2000)])
    submit = SubmitField(_l("Send review"))
