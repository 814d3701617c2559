"""Signing in with a second factor, and enrolling one.

After the password, an account with a second factor (every admin and curator, and whoever chose
one) is not logged in yet: the session holds who is half-way for a few minutes, and the code page
finishes the login. An admin or curator without one is sent to enrol first, so no agency page ever
answers a session that has only the password. The session notes that the second factor was given;
the user loader refuses such an account's session without that note (a role granted meanwhile)."""

from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from marketplace.auth import bp, devices, mfa
from marketplace.auth.exceptions import AuthError
from marketplace.auth.forms import SecondFactorForm
from marketplace.auth.models import AGENCY_ROLES, User
from marketplace.auth.sessions import SECOND_FACTOR
from marketplace.extensions import db, limiter, utcnow
from marketplace.web.forms import show_refusal
from marketplace.web.limits import setting

#: session keys: the account half-way through logging in, and a secret being enrolled
PENDING, ENROLLING = "mfa_pending", "mfa_enrolling"
#: seconds between the password and the code
PENDING_MAX_AGE = 5 * 60


def ask_for_second_factor(user: User, target: str):
    """The answer to a right password for an account with a second factor (or due to enrol)."""
    session[PENDING] = {"user": user.id, "version": user.session_version,
                        "at": utcnow().timestamp(), "next": target}
    endpoint = "auth.two_factor" if user.totp_secret else "auth.two_factor_setup"
    return redirect(url_for(endpoint))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or utcnow().timestamp() - pending.get("at", 0) > PENDING_MAX_AGE:
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.is_active or user.session_version != pending.get("version"):
        return None
    return user


def _pending_key() -> str:
    pending = session.get(PENDING)
    return f"second-factor:{pending.get('user') if isinstance(pending, dict) else ''}"


def _failed(response) -> bool:
    return response.status_code != 302


def _log_in(user: User) -> str:
    """Finish the login; returns where the user was going."""
    target = session.pop(PENDING)["next"]
    login_user(user)
    session[SECOND_FACTOR] = True
    return target


def _start_again():
    flash(_("Please log in again."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.shared_limit(setting("LOGIN_LIMIT_PER_ACCOUNT"), scope="second-factor", methods=["POST"],
                      key_func=_pending_key, deduct_when=_failed)
def two_factor():
    user = _pending_user()
    if user is None:
        return _start_again()
    if user.totp_secret is None:
        return redirect(url_for("auth.two_factor_setup"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        try:
            mfa.verify(user, form.code.data)
        except AuthError as refusal:
            show_refusal(form, refusal)
        else:
            db.session.commit()
            return devices.remember(redirect(_log_in(user)), user)
    return render_template("auth/two_factor.html", form=form)


def _enrol(user: User, done):
    """The enrolment page for `user`; `done(codes)` answers once the first code is right."""
    secret = session.get(ENROLLING)
    if not isinstance(secret, str):
        secret = session[ENROLLING] = mfa.new_secret()
    form = SecondFactorForm()
    if form.validate_on_submit():
        try:
            codes = mfa.enrol(user, secret, form.code.data)
        except AuthError as refusal:
            show_refusal(form, refusal)
        else:
            db.session.commit()
            session.pop(ENROLLING)
            return done(codes)
    return render_template("auth/two_factor_setup.html", form=form, secret=secret,
                           required=user.has_role(*AGENCY_ROLES))


def _show_codes(codes: list[str], target: str):
    page = render_template("auth/recovery_codes.html", codes=codes, target=target)
    return Response(page, headers={"Cache-Control": "no-store"})


@bp.route("/login/two-factor/setup", methods=["GET", "POST"])
@limiter.shared_limit(setting("LOGIN_LIMIT_PER_ACCOUNT"), scope="second-factor", methods=["POST"],
                      key_func=_pending_key)
def two_factor_setup():
    user = _pending_user()
    if user is None:
        return _start_again()
    if user.totp_secret is not None:
        return redirect(url_for("auth.two_factor"))

    def done(codes):
        return devices.remember(_show_codes(codes, _log_in(user)), user)

    return _enrol(user, done)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def account_two_factor():
    user = current_user._get_current_object()
    if user.totp_secret is not None:
        return redirect(url_for("auth.account"))

    def done(codes):
        session[SECOND_FACTOR] = True
        return _show_codes(codes, url_for("auth.account"))

    return _enrol(user, done)


@bp.post("/account/two-factor/off")
@login_required
def disable_two_factor():
    form = SecondFactorForm()
    if not form.validate_on_submit():
        flash(_("Enter the code from your authenticator app."), "error")
        return redirect(url_for("auth.account"))
    try:
        mfa.disable(current_user, form.code.data)
    except AuthError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(_("Two-step sign-in is off."), "info")
    return redirect(url_for("auth.account"))


@bp.route("/two-factor/qr.svg")
def two_factor_qr():
    """The QR code of the secret being enrolled, for the authenticator app to scan."""
    user = current_user if current_user.is_authenticated else _pending_user()
    secret = session.get(ENROLLING)
    if user is None or not isinstance(secret, str):
        abort(404)
    return Response(mfa.qr_svg(mfa.provisioning_uri(user.email, secret)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-store"})
