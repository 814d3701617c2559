from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal


class RejectionReasonRequired(Refusal):
    message = _l("Write the reason: the customer will read it.")
    field = "reason"
    status = 422
    code = "reason_required"


class ReceiptNotExpected(Refusal):
    message = _l("This checkout is not waiting for a transfer receipt.")


class ProviderUnavailable(Refusal):
    """A payment processor (Stripe, Midtrans) could not be reached or refused the request; nothing
    was charged or changed. Each processor's module raises it, so every door answers it alike."""

    message = _l("The payment provider cannot be reached; nothing was changed. Please try again in a moment.")
    status = 503
    code = "payment_provider_unavailable"

    def __init__(self, detail: str = ""):
        super().__init__(detail)
        self.detail = detail
