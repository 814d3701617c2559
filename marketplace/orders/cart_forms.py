"""The cart's forms check only the shape of what is sent; the cart rules check the rest. Their errors
are flashed, since every cart form answers with a redirect."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired

from marketplace.web.forms import WholeNumberField


class _CartForm(FlaskForm):
    def first_error(self) -> str:
        messages = (str(error) for errors in self.errors.values() for error in errors)
        return next(messages, str(_l("Please try again.")))


def _quantity() -> WholeNumberField:
    return WholeNumberField(_l("Quantity"), validators=[InputRequired(_l("Enter a quantity."))])


class AddToCartForm(_CartForm):
    variant_id = WholeNumberField(_l("Variant"), validators=[InputRequired(_l("Choose a variant."))])
    quantity = _quantity()
    #: only to go back to the product page; never used to find what is bought
    product_id = HiddenField()


class QuantityForm(_CartForm):
    quantity = _quantity()


class RemoveForm(_CartForm):
    """Nothing but the CSRF token: a removal must come from our own page."""
