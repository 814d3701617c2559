from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Optional

from marketplace.web.forms import SelectField, max_length, strip


class AuditFilterForm(FlaskForm):
    """The filters over the audit log: read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    actor = StringField(_l("Who"), filters=[strip], validators=[max_length(120)])
    action = SelectField(_l("Action"), validate_choice=False)
    target_type = SelectField(_l("Record"), validate_choice=False)
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
