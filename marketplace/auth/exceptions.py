class AuthError(Exception):
    """Base of the account errors a form or the API turns into a message."""


class EmailTaken(AuthError):
    pass


class WeakPassword(AuthError):
    pass


class WrongPassword(AuthError):
    pass


class InvalidResetToken(AuthError):
    pass
