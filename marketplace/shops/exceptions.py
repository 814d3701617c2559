from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal


class ShopError(Refusal):
    """Base of the shop rules' refusals."""


class ShopNameTaken(ShopError):
    """Another shop has this name, whatever its case."""

    message = _l("Another shop already uses this name.")
    field = "name"
    status = 422


class AlreadyHasShop(ShopError):
    """An artisan runs one shop."""

    message = _l("You already have a shop.")


class InvalidWhatsApp(ShopError):
    """Not an Indonesian mobile number."""

    message = _l("Enter an Indonesian mobile number, such as 0812 3456 7890.")
    field = "whatsapp"
    status = 422


class ReasonRequired(ShopError):
    """Rejecting or suspending a shop needs a reason the artisan will read."""

    message = _l("Write the reason: the artisan will read it.")
    field = "reason"
    status = 422


class ShopImageRejected(ShopError):
    status = 422

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class CohortDatesReversed(ShopError):
    """A training cohort cannot end before it starts."""

    message = _l("The last day cannot be before the first day.")
    field = "ends_on"
    status = 422


class CohortNameTaken(ShopError):
    """Another cohort has this name, whatever its case."""

    message = _l("Another cohort already has this name.")
    field = "name"
    status = 422
