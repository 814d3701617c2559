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


class SecondFactorRequired(AuthError):
    """The account signs in with a code from an authenticator app too, and none was given; for the
    agency's roles, also a refusal to turn it off."""

    message = _l("Enter the code from your authenticator app.")
    field = "code"
    status = 401


class WrongSecondFactor(AuthError):
    """A code that is wrong, expired, or already used."""

    message = _l("The code is not correct or has already been used. Wait for a new one and try again.")
    field = "code"
    status = 401


class SecondFactorMandatory(AuthError):
    """Admins and curators cannot turn the second factor off."""

    message = _l("Admins and curators must keep two-step sign-in on.")
    status = 403
