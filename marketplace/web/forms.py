"""Form pieces every feature uses. WTForms ships no Indonesian messages, so each message a visitor
can see is written here or in the form, through Flask-Babel."""

from flask import flash
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import IntegerField, widgets
from wtforms import SelectField as WTFormsSelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange


def strip(value):
    return value.strip() if isinstance(value, str) else value


def digits_only(value):
    return "".join(char for char in value if char.isdigit()) if isinstance(value, str) else value


class QuickSelect(widgets.Select):
    """WTForms' select with the same HTML, each plain option written in one go: WTForms builds an
    option's attributes through `html_params` (a dict sorted and escaped for two attributes), twice
    what the option costs otherwise, and the ship form's thirty couriers took 0.6 ms to render."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option{selected} value="{escape(value)}">{label}</option>')


class SelectField(WTFormsSelectField):
    """The select of every form here (QuickSelect)."""

    widget = QuickSelect()


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def max_length(maximum: int, minimum: int = -1) -> Length:
    if minimum > 0:
        message = _l("Use between %(min)d and %(max)d characters.", min=minimum, max=maximum)
    else:
        message = _l("Use at most %(max)d characters.", max=maximum)
    return Length(min=minimum, max=maximum, message=message)


def number_between(minimum: int, maximum: int) -> NumberRange:
    return NumberRange(minimum, maximum, _l("Enter a number from %(min)d to %(max)d.",
                                            min=minimum, max=maximum))


class WholeNumberField(IntegerField):
    """An integer field whose complaint is in the visitor's language."""

    invalid_message = _l("Enter a whole number.")

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(self._clean(valuelist[0]))
            except ValueError as error:
                self.data = None
                raise ValueError(str(self.invalid_message)) from error

    @staticmethod
    def _clean(text: str) -> str:
        return text.strip()


class RupiahField(WholeNumberField):
    """Prices as sellers write them: "Rp 1.250.000" is 1250000."""

    invalid_message = _l("Enter the price in whole rupiah, such as 250000.")

    @staticmethod
    def _clean(text: str) -> str:
        cleaned = text.strip().removeprefix("Rp").removeprefix("rp").strip().replace(".", "")
        return cleaned if cleaned.isdigit() else "x"


def errors_of(*fields) -> str:
    """The fields' error messages as one sentence, for a flash message."""
    return " ".join(str(error) for field in fields for error in field.errors)


def show_refusal(form, error) -> None:
    """A rule's refusal (marketplace.exceptions.Refusal) beside the field it names, as the API puts
    it in `details`; one about no field of this form is flashed instead."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        flash(str(error), "error")
    else:
        field.errors = [*field.errors, str(error)]
