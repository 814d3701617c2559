from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired

from marketplace.web.forms import RupiahField, max_length, strip


class SignedRupiahField(RupiahField):
    """Rupiah that may be negative: "-Rp 50.000" is -50000."""

    invalid_message = _l("Enter whole rupiah, such as 50000 or -50000.")

    @staticmethod
    def _clean(text: str) -> str:
        text = text.strip()
        sign = "-" if text.startswith("-") else ""
        return sign + RupiahField._clean(text.removeprefix("-"))


class PayoutForm(FlaskForm):
    amount = RupiahField(_l("Amount transferred"), validators=[InputRequired(_l("Enter the amount."))])
    reference = StringField(_l("Bank reference"), filters=[strip],
                            validators=[InputRequired(_l("Enter the bank transfer's reference.")),
                                        max_length(100)])


class AdjustmentForm(FlaskForm):
    amount = SignedRupiahField(_l("Amount (negative to take off)"),
                               validators=[InputRequired(_l("Enter the amount."))])
    reason = TextAreaField(_l("Reason"), filters=[strip],
                           validators=[InputRequired(_l("An adjustment needs a reason.")), max_length(500)])
