class AuthError(Exception):
    """Base of the account errors a form or the API turns into a message."""


class EmailTaken(AuthError):
    """Another account already uses this email, whatever its case."""


class WeakPassword(AuthError):
    """Too short or too common; str() says which."""


class WrongPassword(AuthError):
    """The current password given to confirm a change is not the account's."""


class InvalidResetToken(AuthError):
    """A reset link that is expired, tampered with, or already used; str() says which."""
