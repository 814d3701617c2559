class ShopError(Exception):
    """Base of the shop rules a form or the API turns into a message."""


class ShopNameTaken(ShopError):
    """Another shop has this name, whatever its case."""


class AlreadyHasShop(ShopError):
    """An artisan runs one shop."""


class InvalidWhatsApp(ShopError):
    """Not an Indonesian mobile number."""


class ReasonRequired(ShopError):
    """Rejecting or suspending a shop needs a reason the artisan will read."""


class ShopImageRejected(ShopError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class CohortDatesReversed(ShopError):
    """A training cohort cannot end before it starts."""


class CohortNameTaken(ShopError):
    """Another cohort has this name, whatever its case."""
