from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from marketplace.auth import bp, devices, limits, mfa, mfa_routes, registration, services
from marketplace.auth.exceptions import AuthError, EmailTaken, InvalidRegistrationLink, InvalidResetToken
from marketplace.auth.forms import (
    ChangePasswordForm,
    ConfirmRegistrationForm,
    ForgotPasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
    SecondFactorForm,
)
from marketplace.auth.sessions import SECOND_FACTOR
from marketplace.extensions import db, limiter
from marketplace.web.forms import show_refusal
from marketplace.web.i18n import select_locale
from marketplace.web.limits import setting
from marketplace.web.mail import send_email
from marketplace.web.security import public_url_for, safe_next_url


def _login_failed(response) -> bool:
    # Only failures count towards the limits: a user who logs in often is never locked out.
    return response.status_code != 302


def _sent(response) -> bool:
    # Only submissions that send an email count: a mistyped form costs nothing.
    return response.status_code == 302


@bp.route("/register", methods=["GET", "POST"])
@limiter.shared_limit(setting("REGISTER_LIMIT_PER_IP"), scope="register-address", methods=["POST"],
                      deduct_when=_sent)
@limiter.shared_limit(setting("REGISTER_LIMIT_PER_EMAIL"), scope="register-email", methods=["POST"],
                      key_func=limits.email_key("register"), deduct_when=_sent)
def register():
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            registration.request_registration(form.email.data, form.name.data, form.password.data,
                                              locale=select_locale(), next_path=_next_path())
        except AuthError as refusal:
            show_refusal(form, refusal)
        else:
            return redirect(url_for("auth.registration_sent"))
    return render_template("auth/register.html", form=form, next_path=_next_path())


def _next_path() -> str | None:
    """Where the person was going (`?next=`), if it is a path on this site; never another site."""
    return safe_next_url(request.args.get("next"), None) or None


@bp.route("/register/sent")
def registration_sent():
    """The same page whether the email was new or taken: its owner's inbox tells them which."""
    return render_template("auth/registration_sent.html")


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(setting("LOGIN_LIMIT_PER_IP"), methods=["POST"], deduct_when=_login_failed)
def confirm_registration(token):
    try:
        pending = registration.pending_registration(token)
    except InvalidRegistrationLink as error:
        return render_template("auth/registration_invalid.html", reason=error.reason), 400
    form = ConfirmRegistrationForm()
    if form.validate_on_submit():
        try:
            user = registration.confirm_registration(token, form.password.data)
        except EmailTaken:
            return render_template("auth/registration_invalid.html", reason="taken"), 409
        except AuthError as refusal:
            show_refusal(form, refusal)
        else:
            db.session.commit()
            login_user(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
            # Signed into the link when registering; checked again in case the secret key leaked.
            target = safe_next_url(pending.get("next"), url_for("main.index"))
            return devices.remember(redirect(target), user)
    return render_template("auth/confirm_registration.html", form=form, email=pending["email"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.shared_limit(setting("LOGIN_LIMIT_PER_IP"), scope="login-address", methods=["POST"],
                      exempt_when=limits.login_address_exempt, deduct_when=_login_failed)
@limiter.shared_limit(setting("LOGIN_LIMIT_PER_ACCOUNT"), scope="login-account", methods=["POST"],
                      key_func=limits.login_account_key, deduct_when=_login_failed)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            target = safe_next_url(request.args.get("next"), url_for("main.index"))
            if user.needs_second_factor():
                return mfa_routes.ask_for_second_factor(user, target)
            login_user(user)
            return devices.remember(redirect(target), user)
        flash(_("The email or password is not correct."), "error")
    return render_template("auth/login.html", form=form, next_path=_next_path())


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have logged out on every device."), "info")
    return redirect(url_for("main.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(setting("RESET_LIMIT_PER_IP"), methods=["POST"])
@limiter.limit(setting("RESET_LIMIT_PER_EMAIL"), methods=["POST"], key_func=limits.email_key("reset"),
               deduct_when=_sent)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and user.is_active:
            _send_reset_email(user)
        # The same answer whether or not the account exists.
        flash(_("If an account uses that email, we have sent it a link to choose a new password."),
              "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _send_reset_email(user) -> None:
    link = public_url_for("auth.reset_password", token=services.make_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(user.locale):
        send_email(user.email, _("Choose a new password"),
                   render_template("email/reset_password.txt", user=user, link=link, minutes=minutes))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        services.user_for_reset_token(token)
    except InvalidResetToken as error:
        return render_template("auth/reset_invalid.html", reason=str(error)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except AuthError as refusal:
            show_refusal(form, refusal)
        else:
            db.session.commit()
            logout_user()
            flash(_("Your password has been changed. Log in with the new one."), "success")
            # The link proved the email is theirs: this browser logs in past others' failed tries.
            return devices.remember(redirect(url_for("auth.login")), user)
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except AuthError as refusal:
            show_refusal(form, refusal)
        else:
            db.session.commit()
            second_factor = session.get(SECOND_FACTOR, False)
            login_user(current_user._get_current_object())  # this session carries the new version
            session[SECOND_FACTOR] = second_factor  # the same login, with the same proof
            flash(_("Password changed. Your other sessions have been logged out."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, second_factor_form=SecondFactorForm(),
                           recovery_codes_left=mfa.unused_recovery_codes(current_user))
