class ShopError(Exception):
    """Base of the shop rules a form or the API turns into a message."""


class ShopNameTaken(ShopError):
    pass


class AlreadyHasShop(ShopError):
    pass


class InvalidWhatsApp(ShopError):
    pass


class InvalidTransition(ShopError):
    def __init__(self, current, wanted):
        super().__init__(f"a shop cannot go from {current} to {wanted}")
        self.current, self.wanted = current, wanted


class ReasonRequired(ShopError):
    pass


class ShopImageRejected(ShopError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message
