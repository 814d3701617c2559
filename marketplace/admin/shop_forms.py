from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField

from marketplace.shops.labels import SHOP_STATE_LABELS
from marketplace.web.forms import SelectField, choices, max_length, strip


class ShopFilterForm(FlaskForm):
    """Read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    state = SelectField(_l("State"), default="",
                        choices=choices([("", _l("All")), *SHOP_STATE_LABELS.items()]))


class DecisionForm(FlaskForm):
    """One decision on a shop; each decision's form on the page has its own prefix. Whether the reason
    is required is the shop rules' call (ReasonRequired), shown on this field."""

    reason = TextAreaField(_l("Reason, shown to the artisan"), filters=[strip], validators=[max_length(1000)])
    submit = SubmitField()
