"""Accounts and bearer tokens."""

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l

from marketplace.api import bp
from marketplace.api.errors import ApiError
from marketplace.api.inputs import Credentials, Registration
from marketplace.api.openapi import current_user_or_none, endpoint
from marketplace.api.schemas import TokenOut, UserOut
from marketplace.auth import services as accounts
from marketplace.auth.tokens import issue_token, revoke_token
from marketplace.extensions import db, limiter


def _token_refused(response) -> bool:
    # Only refusals count towards the limits, as for the login form.
    return response.status_code != 201


def _submitted_account() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return "api-account:" + (accounts.normalize_email(email) if isinstance(email, str) else "")


@bp.post("/auth/register")
@endpoint("Create a customer account", tag="auth", body=Registration(), responses={201: UserOut()},
          errors=(409,))
def register(body):
    user = accounts.create_user(body["email"], body["name"], body["password"], locale=body["locale"])
    db.session.commit()
    return user, 201


@bp.post("/auth/tokens")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], deduct_when=_token_refused)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_submitted_account,
               deduct_when=_token_refused)
@endpoint("Get a bearer token for an email and password", tag="auth", body=Credentials(),
          responses={201: TokenOut()}, errors=(429,),
          description="The token is valid for 30 days, until revoked, or until the account logs out "
                      "everywhere or changes its password. Failed attempts are rate limited.")
def create_token(body):
    user = accounts.authenticate(body["email"], body["password"])
    if user is None:
        raise ApiError(401, "invalid_credentials", _l("The email or password is not correct."))
    record, token = issue_token(user)
    db.session.commit()
    return {"token": token, "expires_at": record.expires_at, "user": user}, 201


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
