from flask_babel import lazy_gettext as _l

from marketplace.orders.exceptions import Refusal


class ProductError(Exception):
    """Base of the listing rules a form or the API turns into a message."""


class SkuTaken(ProductError):
    def __init__(self, sku: str):
        super().__init__(sku)
        self.sku = sku


class NoVariants(ProductError):
    """A listing needs at least one variant with a price and stock."""


class TooManyImages(ProductError):
    """A listing already has the most photos it may have."""


class StockBelowReserved(ProductError):
    """Stock on hand cannot drop below the units already promised to unpaid orders."""

    def __init__(self, reserved: int):
        super().__init__(reserved)
        self.reserved = reserved


class PublishNeedsConsent(ProductError, Refusal):
    """Someone other than the owner tried to publish without the shop's consent."""

    message = _l("This shop has not agreed to let curators publish its listings. The listing stays a "
                 "draft: the artisan can publish it, or allow curators to publish in the shop settings.")


class HideReasonRequired(ProductError, Refusal):
    message = _l("Write the reason for hiding: the artisan will read it.")


class NotHidden(ProductError, Refusal):
    message = _l("This listing is not hidden.")


class VariantHasOrders(ProductError):
    """A variant that was ordered stays: its order lines point at it. Set its stock to 0 instead."""

    def __init__(self, sku: str):
        super().__init__(sku)
        self.sku = sku

    def __str__(self) -> str:
        return str(_l("The variant %(sku)s has been ordered, so it cannot be removed. Set its stock to 0 "
                      "to stop selling it.", sku=self.sku))
