"""One log line per request: request id, method, path and route, status, duration, user id and the
visitor's address (the one behind PROXY_COUNT proxies). A path that carries a secret (the token of a
password reset link) is logged as its route, so the logs never hold a link that works. With
LOG_FORMAT=json (production) each line is a JSON object a log collector can index; otherwise a
readable line. The request id comes from the X-Request-ID header when a proxy sent a sane one, and is
returned in the response header, so one request can be followed from the load balancer to the app."""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import inspect

from marketplace.web.security import loggable_path

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
HEADER = "X-Request-ID"
logger = logging.getLogger("marketplace.requests")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged, not when the app was made."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        """StreamHandler.__init__ assigns the stream of that moment; ignoring it keeps the lines on
        the sys.stderr of each moment (the tests capture it, gunicorn may swap it)."""


_handler = _StderrHandler()
_PLAIN = logging.Formatter("%(message)s")


def register(app: Flask) -> None:
    if app.config["LOG_FORMAT"] not in ("json", "plain"):
        raise RuntimeError(f"LOG_FORMAT must be json or plain, not {app.config['LOG_FORMAT']!r}")
    _configure_logging(app)
    # first of all, so a request that CSRF or a rate limit stops is timed and has its id too
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)


def _configure_logging(app: Flask) -> None:
    json_lines = app.config["LOG_FORMAT"] == "json"
    _handler.setFormatter(JsonFormatter() if json_lines else _PLAIN)
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    # Left unset, the app's logger inherits the root's WARNING and drops its INFO lines, among them
    # every email that the development `log` mail backend writes instead of sending.
    app.logger.setLevel(logging.DEBUG if app.debug else logging.INFO)
    if json_lines:  # the app's own messages in the same shape, with the request id
        app.logger.removeHandler(default_handler)
        if _handler not in app.logger.handlers:
            app.logger.addHandler(_handler)


def _start() -> None:
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    request_id = g.setdefault("request_id", uuid.uuid4().hex)
    response.headers[HEADER] = request_id
    duration = round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 2)
    path = loggable_path()
    route = request.url_rule.rule if request.url_rule is not None else None
    fields = {"request_id": request_id, "method": request.method, "path": path, "route": route,
              "status": response.status_code, "duration_ms": duration, "user_id": _user_id(),
              "remote_addr": request.remote_addr}
    logger.info("%s %s %s %.1fms user=%s request=%s", request.method, path,
                response.status_code, duration, fields["user_id"], request_id, extra={"fields": fields})
    return response


def _user_id() -> int | None:
    """The user the request acted as, if it looked at one (every page does; an image download does
    not). Read from what Flask-Login loaded, by its identity key: after a commit the loaded user has
    expired, and reading `user.id` would load the row again, a query per form post just to log it.
    The session is left untouched (reading it would add `Vary: Cookie` to cacheable answers)."""
    state = inspect(g.get("_login_user"), raiseerr=False)  # None for the anonymous user
    return state.identity[0] if state is not None and state.identity else None
