"""Error pages in both languages, and JSON errors for requests under /api/."""

import math
import time

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from marketplace.exceptions import Refusal
from marketplace.extensions import db, limiter
from marketplace.web.security import loggable_path

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check what you sent.")),
    401: (_l("Please log in"), _l("You need to log in to do this.")),
    403: (_l("Access denied"), _l("Your account is not allowed to open this page.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has moved.")),
    405: (_l("Not allowed"), _l("This page does not accept that kind of request.")),
    409: (_l("Not possible now"), _l("This cannot be done in the record's current state.")),
    413: (_l("File too large"), _l("What you sent is larger than we accept. Please send a smaller file.")),
    429: (_l("Too many attempts"), _l("You have tried too often. Please wait before trying again.")),
    500: (_l("Something went wrong"),
          _l("An error on our side stopped this request. Nothing was saved; please try again.")),
}

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    422: "unprocessable_entity", 429: "rate_limited", 500: "internal_error",
}


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Refusal, handle_refusal)
    app.register_error_handler(Exception, handle_unexpected_error)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http_error(error: HTTPException):
    code = error.code or 500
    title, explanation = MESSAGES.get(code, (error.name, error.description))
    if isinstance(error, CSRFError):
        explanation = _l("The form expired or was sent from another page. "
                         "Please go back, reload and try again.")
    retry_after = _seconds_until_retry() if isinstance(error, RateLimitExceeded) else None
    if wants_json():
        details = {"retry_after": retry_after} if retry_after is not None else {}
        body = {"error": {"code": CODES.get(code, _snake(error.name)), "message": str(explanation),
                          "details": details}}
        return jsonify(body), code, _headers(error)
    page = render_template("errors/error.html", code=code, title=title, explanation=explanation,
                           retry_minutes=math.ceil(retry_after / 60) if retry_after else None)
    return page, code, _headers(error)


def handle_refusal(error: Refusal):
    """A rule's refusal that no door caught: its own message and status, never a 500. Nothing of
    the request is kept."""
    db.session.rollback()
    if wants_json():
        body = {"error": {"code": error.error_code, "message": str(error),
                          "details": {error.field: [str(error)]} if error.field else {}}}
        return jsonify(body), error.status
    title = MESSAGES.get(error.status, MESSAGES[400])[0]
    return render_template("errors/error.html", code=error.status, title=title, explanation=str(error),
                           retry_minutes=None), error.status


def handle_unexpected_error(error: Exception):
    # Whatever the request half-did is undone; the visitor never sees a traceback.
    db.session.rollback()
    current_app.logger.exception("Unhandled error on %s %s", request.method, loggable_path())
    return handle_http_error(InternalServerError())


def _seconds_until_retry() -> int:
    current = limiter.current_limit
    if current is None:
        return 60
    reset_time = current.window[0]
    return max(1, int(reset_time - time.time()))


def _headers(error: HTTPException) -> dict:
    headers = {}
    if isinstance(error, HTTPException) and error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return headers


def _snake(name: str) -> str:
    return name.lower().replace(" ", "_").replace("'", "")
