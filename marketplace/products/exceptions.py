from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal


class ProductError(Refusal):
    """Base of the listing rules' refusals."""


class SkuTaken(ProductError):
    field = "variants"
    status = 422

    def __init__(self, sku: str):
        super().__init__(sku)
        self.sku = sku
        self.message = _l("The SKU %(sku)s is already used in your shop.", sku=sku)


class NoVariants(ProductError):
    """A listing needs at least one variant with a price and stock."""

    message = _l("Add at least one variant with its price and stock.")
    field = "variants"
    status = 422


class ProductionDaysRequired(ProductError):
    """Made to order: the buyer must know how long the making takes."""

    message = _l("Say how many days it takes to make.")
    field = "production_days"
    status = 422


class TooManyImages(ProductError):
    """A listing already has the most photos it may have."""

    field = "image"

    def __init__(self, most: int):
        super().__init__(most)
        self.message = _l("A listing has at most %(count)d photos.", count=most)


class PhotoRequired(ProductError):
    """A quick listing starts with a photo: customers do not buy a cloth they cannot see."""

    message = _l("Add at least one photo of the cloth.")
    field = "photos"
    status = 422


class StockBelowReserved(ProductError):
    """Stock on hand cannot drop below the units already promised to unpaid orders."""

    field = "stock"
    status = 422

    def __init__(self, reserved: int):
        super().__init__(reserved)
        self.reserved = reserved
        self.message = _l("Stock cannot be less than the %(count)d units in unpaid orders.", count=reserved)


class PublishNeedsConsent(ProductError):
    """Someone other than the owner tried to publish without the shop's consent."""

    message = _l("This shop has not agreed to let curators publish its listings. The listing stays a "
                 "draft: the artisan can publish it, or allow curators to publish in the shop settings.")


class HideReasonRequired(ProductError):
    message = _l("Write the reason for hiding: the artisan will read it.")
    field = "reason"
    status = 422


class NotHidden(ProductError):
    message = _l("This listing is not hidden.")


class VariantHasOrders(ProductError):
    """A variant that was ordered stays: its order lines point at it. Set its stock to 0 instead."""

    field = "variants"

    def __init__(self, sku: str):
        super().__init__(sku)
        self.sku = sku

    def __str__(self) -> str:
        return str(_l("The variant %(sku)s has been ordered, so it cannot be removed. Set its stock to 0 "
                      "to stop selling it.", sku=self.sku))
