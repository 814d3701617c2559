from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal


class AuthError(Refusal):
    """Base of the account rules' refusals."""


class EmailTaken(AuthError):
    """Another account already uses this email, whatever its case."""

    message = _l("An account with this email already exists. Log in instead.")
    field = "email"


class WeakPassword(AuthError):
    """Too short or too common; the message says which."""

    field = "password"
    status = 422

    def __init__(self, problem):
        super().__init__(problem)
        self.message = problem


class WrongPassword(AuthError):
    """The current password given to confirm a change is not the account's."""

    message = _l("The current password is not correct.")
    field = "current_password"
    status = 422


class InvalidResetToken(AuthError):
    """A reset link that is expired, tampered with, or already used; `reason` says which."""

    status = 400

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = self.message = reason


class InvalidRegistrationLink(AuthError):
    """A link to finish registering that is expired or tampered with; `reason` says which."""

    status = 400

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = self.message = reason


class NotTheChosenPassword(AuthError):
    """Finishing a registration with another password than the one chosen when registering."""

    message = _l("This is not the password you chose when you registered.")
    field = "password"
    status = 422
