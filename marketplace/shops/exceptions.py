class ShopError(Exception):
    """Base of the shop rules a form or the API turns into a message."""


class ShopNameTaken(ShopError):
    pass


class AlreadyHasShop(ShopError):
    pass


class InvalidWhatsApp(ShopError):
    pass


class ReasonRequired(ShopError):
    pass


class ShopImageRejected(ShopError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message
