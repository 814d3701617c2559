"""The API's one error shape, `{"error": {"code", "message", "details"}}`. A rule's refusal
(`marketplace.exceptions.Refusal`) carries its own message, field, code and status, the same ones
the pages show; this module only puts them in that shape."""

from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal


class ApiError(Exception):
    def __init__(self, status: int, code: str, message, details: dict | None = None):
        super().__init__(code)
        self.status, self.code, self.message, self.details = status, code, message, details or {}

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": str(self.message), "details": self.details}}


def not_found() -> ApiError:
    return ApiError(404, "not_found", _l("There is nothing at this address, or it is not yours."))


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", _l("Your account is not allowed to do this."))


def invalid(field: str, message) -> ApiError:
    return ApiError(422, "validation_failed", _l("Some values are not valid."), {field: [str(message)]})


def from_refusal(error: Exception) -> ApiError:
    """The API answer for a refusal: a value the client must fix is a 422 naming its field, like
    any invalid input; a refusal of the record's state answers with its own status and code."""
    if not isinstance(error, Refusal):
        raise error
    message = str(error)
    if error.status == 422 and error.field:
        return invalid(error.field, message)
    return ApiError(error.status, error.error_code, message, {error.field: [message]} if error.field else {})


#: what the routes' `except` clauses catch and hand to from_refusal
REFUSALS = (Refusal,)
