"""Accounts and bearer tokens."""

from flask import g
from flask_babel import lazy_gettext as _l

from marketplace.api import bp
from marketplace.api.errors import ApiError
from marketplace.api.inputs import Credentials, Registration
from marketplace.api.openapi import current_user_or_none, endpoint
from marketplace.api.schemas import MessageOut, TokenOut, UserOut
from marketplace.auth import limits, mfa, registration
from marketplace.auth import services as accounts
from marketplace.auth.exceptions import SecondFactorRequired, WrongSecondFactor
from marketplace.auth.tokens import issue_token, revoke_token
from marketplace.extensions import db, limiter
from marketplace.web.limits import setting


def _token_refused(response) -> bool:
    # Only refusals count towards the limits, as for the login form.
    return response.status_code != 201


def _sent(response) -> bool:
    return response.status_code == 202


@bp.post("/auth/register")
@limiter.shared_limit(setting("REGISTER_LIMIT_PER_IP"), scope="register-address", deduct_when=_sent)
@limiter.shared_limit(setting("REGISTER_LIMIT_PER_EMAIL"), scope="register-email",
                      key_func=limits.email_key("register"), deduct_when=_sent)
@endpoint("Ask for a customer account", tag="auth", body=Registration(),
          responses={202: MessageOut()}, errors=(422, 429),
          description="The answer is the same whether or not the email already has an account: a new "
                      "email gets a link to finish on the website (the password is asked again "
                      "there), the owner of a taken one an email saying someone tried. Rate limited "
                      "per address and per email.")
def register(body):
    registration.request_registration(body["email"], body["name"], body["password"],
                                      locale=body["locale"])
    return {"message": _l("We have sent a message to this email. Open the link in it to finish "
                          "creating the account.")}, 202


@bp.post("/auth/tokens")
@limiter.shared_limit(setting("LOGIN_LIMIT_PER_IP"), scope="login-address",
                      exempt_when=limits.login_address_exempt, deduct_when=_token_refused)
@limiter.shared_limit(setting("LOGIN_LIMIT_PER_ACCOUNT"), scope="login-account",
                      key_func=limits.login_account_key, deduct_when=_token_refused)
@endpoint("Get a bearer token for an email and password", tag="auth", body=Credentials(),
          responses={201: TokenOut()}, errors=(403, 429),
          description="The token is valid for 30 days, until revoked, or until the account logs out "
                      "everywhere or changes its password. Admins, curators and accounts with "
                      "two-step sign-in also send `totp`; an admin or curator who has not enrolled "
                      "yet does so on the website first (403). Failed attempts are rate limited, "
                      "counted with the website's login.")
def create_token(body):
    user = accounts.authenticate(body["email"], body["password"])
    if user is None:
        raise ApiError(401, "invalid_credentials", _l("The email or password is not correct."))
    if user.needs_second_factor():
        _check_second_factor(user, body["totp"])
    record, token = issue_token(user)
    db.session.commit()
    return {"token": token, "expires_at": record.expires_at, "user": user}, 201


def _check_second_factor(user, code: str | None) -> None:
    if user.totp_secret is None:
        raise ApiError(403, "second_factor_enrolment_required",
                       _l("Turn on two-step sign-in on the website (log in there) before using the API."))
    try:
        mfa.verify(user, code)
    except SecondFactorRequired as error:
        raise ApiError(401, "second_factor_required", error.message) from error
    except WrongSecondFactor as error:
        raise ApiError(401, "invalid_second_factor", error.message) from error


@bp.delete("/auth/tokens/current")
@endpoint("Revoke the token this request is sent with", tag="auth", auth=True, responses={204: None})
def revoke_current_token():
    revoke_token(g.api_token)
    db.session.commit()
    return None, 204


@bp.get("/me")
@endpoint("The signed-in user and their roles", tag="auth", auth=True, responses={200: UserOut()})
def me():
    return current_user_or_none()
