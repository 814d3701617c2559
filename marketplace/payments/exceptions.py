from flask_babel import lazy_gettext as _l

from marketplace.exceptions import Refusal


class RejectionReasonRequired(Refusal):
    message = _l("Write the reason: the customer will read it.")
    field = "reason"
    status = 422
    code = "reason_required"


class ReceiptNotExpected(Refusal):
    message = _l("This checkout is not waiting for a transfer receipt.")
