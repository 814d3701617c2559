from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo

from marketplace.web.forms import max_length, strip


def _email_field():
    # Phone keyboards often add a trailing space after an autocompleted address.
    return EmailField(_l("Email"), filters=[strip], validators=[
        DataRequired(_l("Enter your email address.")),
        Email(_l("Enter a valid email address, such as nama@contoh.id.")),
        max_length(254),
    ])


def _new_password_fields():
    new = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a password."))])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(_l("Repeat the password.")),
        EqualTo("password", _l("The two passwords are not the same.")),
    ])
    return new, confirm


class RegistrationForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[
        DataRequired(_l("Enter your name.")), max_length(120)])
    email = _email_field()
    password, password_confirm = _new_password_fields()
    submit = SubmitField(_l("Create account"))


class ConfirmRegistrationForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    submit = SubmitField(_l("Finish creating my account"))


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(FlaskForm):
    password, password_confirm = _new_password_fields()
    submit = SubmitField(_l("Save new password"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password."))])
    password, password_confirm = _new_password_fields()
    submit = SubmitField(_l("Change password"))


class SecondFactorForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip], validators=[
        DataRequired(_l("Enter the code from your authenticator app.")), max_length(20)])
    submit = SubmitField(_l("Continue"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Log out"))
