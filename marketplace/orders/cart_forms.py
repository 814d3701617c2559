"""The cart's forms check only the shape of what is sent; the cart rules check the rest. Their errors
are flashed, since every cart form answers with a redirect."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, InputRequired

from marketplace.orders.provinces import PROVINCES
from marketplace.shops.zones import HOME_PROVINCE, Destination, Zone
from marketplace.web.forms import SelectField, WholeNumberField, choices

#: Banyuasin ships cheapest, so it is an option of its own beside the rest of its province
BANYUASIN = "Banyuasin"


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


def _destination_choices():
    options = [("", "—")]
    for province in PROVINCES:
        if province == HOME_PROVINCE:
            options += [(BANYUASIN, _l("Sumatera Selatan: Kabupaten Banyuasin")),
                        (province, _l("Sumatera Selatan: elsewhere"))]
        else:
            options.append((province, province))
    return choices(options)


class DestinationForm(_CartForm):
    destination = SelectField(_l("Where does the parcel go?"), choices=_destination_choices(),
                              validators=[DataRequired(_l("Choose the province."))])

    def chosen(self) -> Destination:
        if self.destination.data == BANYUASIN:
            return Destination(HOME_PROVINCE, BANYUASIN)
        return Destination(self.destination.data)

    def show(self, destination: Destination | None) -> None:
        if destination is not None:
            banyuasin = destination.zone == Zone.BANYUASIN
            self.destination.data = BANYUASIN if banyuasin else destination.province
