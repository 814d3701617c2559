"""The JSON API v1: who is calling (bearer tokens only), its errors, and its OpenAPI document. The
routes live in one module per area, imported at the end."""

from flask import current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l

from marketplace.api import bp
from marketplace.api.errors import ApiError
from marketplace.api.openapi import build_spec
from marketplace.auth.tokens import find_token
from marketplace.extensions import csrf, db
from marketplace.web.security import public_url_for

# The API never reads the session cookie, so a request forged from another site carries no
# credentials: only a bearer token, which a browser does not attach by itself, identifies a caller.
csrf.exempt(bp)


@bp.before_request
def authenticate():
    g.api_user = g.api_token = None
    header = request.headers.get("Authorization")
    if header is None:
        return
    scheme, _, token = header.partition(" ")
    record = find_token(token.strip()) if scheme.lower() == "bearer" else None
    if record is None:
        raise ApiError(401, "invalid_token", _l("The token is invalid, expired or revoked."))
    g.api_user, g.api_token = record.user, record


@bp.errorhandler(ApiError)
def answer_error(error: ApiError):
    db.session.rollback()
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    return jsonify(error.body()), error.status, headers


@bp.get("/")
def index():
    return jsonify({
        "name": "Pasar Batik & Jumputan Banyuasin API",
        "version": "v1",
        "currency": "IDR",
        "links": {"self": public_url_for("api.index"), "openapi": public_url_for("api.openapi"),
                  "docs": public_url_for("api_docs")},
    })


@bp.get("/openapi.json")
def openapi():
    return jsonify(_spec())


def _spec() -> dict:
    spec = current_app.extensions.get("api_spec")
    if spec is None:
        spec = current_app.extensions["api_spec"] = build_spec(current_app)
        spec["servers"] = [{"url": "/"}]
    return spec


def docs():
    """The document as a plain page: every path with its parameters, body and answers."""
    return render_template("api/docs.html", spec=_spec())


@bp.record_once
def _register_docs(state):
    state.app.add_url_rule("/api/docs", "api_docs", docs)


from marketplace.api import (  # noqa: E402,F401
    admin_routes,
    auth_routes,
    cart_routes,
    catalog_routes,
    order_routes,
    shipping_routes,
    shop_routes,
)
