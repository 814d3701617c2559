from datetime import UTC

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional

from marketplace.web.forms import WholeNumberField, max_length, number_between, strip

LARGEST_ID = 2**31 - 1


class WibDateTimeField(DateTimeLocalField):
    """A date and time as curators in Banyuasin write it (WIB); `data` is the same moment in UTC.
    (WTForms' own `tz` would attach pytz's zone with replace(), which is off by minutes.)"""

    def __init__(self, label, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                                                    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a date and a time, such as 2025-03-01 09:00."))) from error
        if self.data is not None:
            self.data = to_utc(self.data).replace(tzinfo=UTC)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return to_user_timezone(self.data).strftime(self.format[0]) if self.data else ""


def _product_number():
    return WholeNumberField(_l("Product number"), validators=[
        InputRequired(_l("Enter the product's number.")), number_between(1, LARGEST_ID)])


class ProductSearchForm(FlaskForm):
    """Finding a product to add, read from the query string."""

    class Meta:
        csrf = False

    q = StringField(_l("Title or product number"), filters=[strip], validators=[max_length(100)])


class FeatureWindowForm(FlaskForm):
    starts_at = WibDateTimeField(_l("Show from (WIB, empty: now)"), validators=[Optional()])
    ends_at = WibDateTimeField(_l("Show until (WIB, empty: no end)"), validators=[Optional()])


class FeatureAddForm(FeatureWindowForm):
    product_id = _product_number()


class MoveForm(FlaskForm):
    direction = StringField(validators=[AnyOf(["up", "down"], _l("Choose up or down."))])

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token."""


class CollectionProductForm(FlaskForm):
    product_id = _product_number()


class CollectionForm(FlaskForm):
    title_id = StringField(_l("Title in Indonesian"), filters=[strip], validators=[
        DataRequired(_l("Give the collection an Indonesian title.")), max_length(120, 3)])
    title_en = StringField(_l("Title in English (empty: the Indonesian one is shown)"),
                           filters=[strip], validators=[max_length(120)])
    description_id = TextAreaField(_l("Description in Indonesian"), filters=[strip], validators=[
        DataRequired(_l("Describe the collection in Indonesian.")), max_length(5000)])
    description_en = TextAreaField(_l("Description in English (empty: the Indonesian one is shown)"),
                                   filters=[strip], validators=[max_length(5000)])
    slug = StringField(_l("Web address: /collections/…"), filters=[strip, lambda v: v.lower() if v else v],
                       validators=[max_length(90)])
    publish_from = WibDateTimeField(_l("Published from (WIB, empty: draft)"), validators=[Optional()])
    publish_until = WibDateTimeField(_l("Published until (WIB, empty: no end)"), validators=[Optional()])


class CoverForm(FlaskForm):
    cover = FileField(_l("Cover photo (JPEG, PNG or WebP, up to 8 MB; shown wide, 1200 × 500)"),
                      validators=[FileRequired(_l("Choose a photo for the cover."))])
