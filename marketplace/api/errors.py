"""The API's one error shape, `{"error": {"code", "message", "details"}}`, and the table that turns
the services' typed refusals into it. The services decide; this only translates."""

import re

from flask_babel import lazy_gettext as _l

from marketplace.auth.exceptions import EmailTaken, WeakPassword
from marketplace.orders import cart as carts
from marketplace.orders.exceptions import (
    CheckoutError,
    MethodNotAllowed,
    Refusal,
)
from marketplace.payments.refunds import RefundTooLarge
from marketplace.payments.services import AlreadySettled
from marketplace.payments.stripe_gateway import GatewayError
from marketplace.products.exceptions import NoVariants, SkuTaken, StockBelowReserved, VariantHasOrders
from marketplace.shops.exceptions import AlreadyHasShop, InvalidWhatsApp, ReasonRequired, ShopNameTaken
from marketplace.transitions import InvalidTransition


class ApiError(Exception):
    def __init__(self, status: int, code: str, message, details: dict | None = None):
        super().__init__(code)
        self.status, self.code, self.message, self.details = status, code, message, details or {}

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": str(self.message), "details": self.details}}


def not_found() -> ApiError:
    return ApiError(404, "not_found", _l("There is nothing at this address, or it is not yours."))


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", _l("Your account is not allowed to do this."))


def invalid(field: str, message) -> ApiError:
    return ApiError(422, "validation_failed", _l("Some values are not valid."), {field: [str(message)]})


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _stock_below_reserved(error: StockBelowReserved) -> ApiError:
    message = _l("Stock cannot be less than the %(count)d units in unpaid orders.", count=error.reserved)
    return invalid("stock", message)


#: refusal class -> how it answers; the first matching class wins, so subclasses come first
_FIELD_ERRORS = {
    ShopNameTaken: ("name", _l("Another shop already uses this name.")),
    InvalidWhatsApp: ("whatsapp", _l("Enter an Indonesian mobile number, such as 0812 3456 7890.")),
    NoVariants: ("variants", _l("Add at least one variant with its price and stock.")),
    MethodNotAllowed: ("payment_method", None),
    carts.InvalidQuantity: ("quantity", None),
    carts.NotForSale: ("variant_id", None),
    RefundTooLarge: ("amount", None),
    ReasonRequired: ("reason", _l("Write the reason: the artisan will read it.")),
}
_CONFLICTS = (Refusal, carts.CartError, CheckoutError, InvalidTransition, AlreadySettled, AlreadyHasShop)


def from_refusal(error: Exception) -> ApiError:
    """The API answer for a service's typed refusal."""
    if isinstance(error, SkuTaken):
        return invalid("variants", _l("The SKU %(sku)s is already used in your shop.", sku=error.sku))
    if isinstance(error, StockBelowReserved):
        return _stock_below_reserved(error)
    if isinstance(error, EmailTaken):
        message = _l("An account with this email already exists. Log in instead.")
        return ApiError(409, "email_taken", message, {"email": [str(message)]})
    if isinstance(error, WeakPassword):
        return invalid("password", str(error))
    if isinstance(error, VariantHasOrders):
        return ApiError(409, "variant_has_orders", str(error), {"variants": [str(error)]})
    if isinstance(error, carts.NotInCart):
        return ApiError(404, "not_in_cart", str(error))
    for kind, (field, message) in _FIELD_ERRORS.items():
        if isinstance(error, kind):
            return invalid(field, message or str(error))
    if isinstance(error, GatewayError):
        return ApiError(503, "payment_provider_unavailable",
                        _l("The card processor cannot be reached. Please try again in a moment."))
    if isinstance(error, _CONFLICTS):
        message = str(error) if isinstance(error, Refusal | carts.CartError) else _l(
            "This cannot be done in the record's current state.")
        return ApiError(409, _snake(type(error).__name__), message)
    raise error


#: every refusal the services raise, for `except` clauses in the routes
REFUSALS = (Refusal, carts.CartError, InvalidTransition, AlreadySettled, EmailTaken, WeakPassword,
            ShopNameTaken, InvalidWhatsApp, AlreadyHasShop, SkuTaken, NoVariants, StockBelowReserved,
            VariantHasOrders, GatewayError, ReasonRequired)
