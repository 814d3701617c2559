from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from marketplace.orders.labels import METHOD_LABELS, PAYMENT_STATUS_LABELS
from marketplace.web.forms import RupiahField, SelectField, choices, max_length, number_between, strip


class PaymentFilterForm(FlaskForm):
    """Read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    method = SelectField(_l("Method"), default="", choices=choices([("", _l("All")), *METHOD_LABELS.items()]))
    status = SelectField(_l("Status"), default="",
                         choices=choices([("", _l("All")), *PAYMENT_STATUS_LABELS.items()]))


class AmountField(RupiahField):
    invalid_message = _l("Enter the amount in whole rupiah, such as 250000.")


class RefundForm(FlaskForm):
    amount = AmountField(_l("Amount to refund (Rp)"), validators=[
        InputRequired(_l("Enter the amount to refund.")),
        number_between(1, 1_000_000_000)])
    reason = TextAreaField(_l("Reason"), filters=[strip], validators=[
        DataRequired(_l("Write the reason for the refund.")), max_length(500)])
    submit = SubmitField(_l("Refund"))


class RejectReceiptForm(FlaskForm):
    reason = TextAreaField(_l("What does not match"), filters=[strip], validators=[
        DataRequired(_l("Write what does not match: the customer will read it.")), max_length(500)])
    submit = SubmitField(_l("Ask for another receipt"))
