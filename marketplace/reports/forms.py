from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import DataRequired, StopValidation, ValidationError

from marketplace.reports.periods import Period

#: the longest period a report covers at once
MAX_DAYS = 5 * 366
EARLIEST = date(2000, 1, 1)


class DayField(DateField):
    """A date whose complaint is in the visitor's language."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None  # empty: DataRequired says what is missing
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a date such as 2025-01-31."))) from error


class Required(DataRequired):
    """Required, but a day that could not be read keeps its own, more helpful, message."""

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()
        super().__call__(form, field)


class PeriodForm(FlaskForm):
    """The period of a report, read from the query string (so no CSRF token); empty means `default`,
    this year so far unless the report says otherwise."""

    class Meta:
        csrf = False

    first = DayField(_l("From"), validators=[Required(_l("Enter the first day of the period."))])
    last = DayField(_l("To"), validators=[Required(_l("Enter the last day of the period."))])

    def __init__(self, formdata, default: Period | None = None, **kwargs):
        default = default or Period.year_to_date()
        if not formdata.get("first") and not formdata.get("last"):
            formdata = None
        super().__init__(formdata, first=default.first, last=default.last, **kwargs)

    def validate_first(self, field):
        if field.data and field.data < EARLIEST:
            raise ValidationError(_l("Choose a day from the year 2000 on."))

    def validate_last(self, field):
        first = self.first.data
        if not (first and field.data):
            return
        if field.data < first:
            raise ValidationError(_l("The last day cannot come before the first day."))
        if field.data - first > timedelta(days=MAX_DAYS):
            raise ValidationError(_l("Choose a period of at most five years."))

    @property
    def period(self) -> Period:
        return Period(self.first.data, self.last.data)

    def query(self) -> dict[str, str]:
        """The period as query arguments, for the CSV links of the same report."""
        return {"first": self.first.data.isoformat(), "last": self.last.data.isoformat()}
