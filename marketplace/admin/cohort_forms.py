from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from marketplace.shops.cohorts import CohortDetails
from marketplace.web.forms import SelectField, max_length, strip


class DayField(DateField):
    """A date written as 2024-02-19 (what a browser's date picker sends), refused in the reader's language."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None  # left empty: the required check says so, once
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Write the date as year-month-day, such as 2024-02-19."))) from error


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(_l("Give the cohort a name.")), max_length(160, 3)])
    starts_on = DayField(_l("First day"), validators=[
        InputRequired(_l("Enter the first day, such as 2024-02-19."))])
    ends_on = DayField(_l("Last day"), validators=[
        InputRequired(_l("Enter the last day, such as 2024-02-23."))])
    place = StringField(_l("Place"), filters=[strip], validators=[
        DataRequired(_l("Enter where the training took place.")), max_length(160)])
    organisers = TextAreaField(_l("Organisers"), filters=[strip], validators=[
        DataRequired(_l("Enter who organised the training.")), max_length(1000)])
    submit = SubmitField(_l("Save"))

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def details(self) -> CohortDetails:
        return CohortDetails(name=self.name.data, starts_on=self.starts_on.data, ends_on=self.ends_on.data,
                             place=self.place.data, organisers=self.organisers.data)


class LinkShopForm(FlaskForm):
    shop_id = SelectField(_l("Shop"), coerce=int, validators=[InputRequired(_l("Choose a shop."))])
    submit = SubmitField(_l("Add to this cohort"))
