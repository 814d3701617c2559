from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from marketplace.web.forms import SelectField, choices, max_length, strip

#: the "hidden" filter's values and what each keeps
VISIBILITY = {"": None, "hidden": True, "visible": False}


class ListingFilterForm(FlaskForm):
    """The filters over all listings: read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Title or shop"), filters=[strip], validators=[max_length(100)])
    hidden = SelectField(_l("Visibility"), validate_choice=False, choices=choices([
        ("", _l("All listings")), ("hidden", _l("Hidden by a curator")), ("visible", _l("Not hidden"))]))


class HideForm(FlaskForm):
    reason = TextAreaField(_l("Reason, shown to the artisan"), filters=[strip], validators=[
        DataRequired(_l("Write the reason for hiding: the artisan will read it.")), max_length(1000)])
    submit = SubmitField(_l("Hide this listing"))


class UnhideForm(FlaskForm):
    note = TextAreaField(_l("Note for the audit log (optional)"), filters=[strip],
                         validators=[Optional(), max_length(1000)])
    submit = SubmitField(_l("Show this listing again"))
