"""What every answer carries and every request is held to, whatever the feature (SECURITY.md):
the security headers, `no-store` on private answers, the proxy's headers trusted only as far as
configured, ids that fit the database, JSON too deep to parse refused as bad input, absolute links
from PUBLIC_URL only, and log lines that never carry a secret from the path."""

from urllib.parse import urlsplit

from flask import Flask, current_app, g, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

#: the largest id a table holds (PostgreSQL's `integer`); a larger one in a URL names nothing
MAX_ID = 2**31 - 1
#: paths whose answers belong to one visitor: never kept by a browser or a shared cache
PRIVATE_PREFIXES = ("/account", "/admin", "/cart", "/checkout", "/checkouts", "/dashboard", "/orders",
                    "/order-lines", "/reset-password", "/forgot-password", "/login", "/register")
#: view arguments that are secrets (a password reset token): a log line names the route instead
SECRET_VIEW_ARGS = frozenset({"token"})
#: a year, the least browsers' preload lists accept
HSTS = "max-age=31536000"


def register(app: Flask, payment_scripts: list[str]) -> None:
    """Before the blueprints: their rules are compiled with the `int` converter set here.
    `payment_scripts`: the payment processors' scripts the pay page loads (the only other hosts
    allowed to run script, frame and connect)."""
    count = app.config.get("PROXY_COUNT")
    if count:  # behind a load balancer: the visitor's address (rate limits) and the scheme
        forwarded_host = count if app.config.get("PROXY_FORWARDS_HOST") else 0
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=forwarded_host)
    app.url_map.converters["int"] = IdConverter
    app.json = SafeJSONProvider(app)
    # before any other check, whose refusal would be a page full of links on the forged host
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_untrusted_host)
    app.register_error_handler(SecurityError, _untrusted_host)
    headers = security_headers(payment_scripts)
    app.after_request(lambda response: _secure(response, headers))


def _refuse_untrusted_host() -> None:
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def _untrusted_host(error: SecurityError):
    """A `Host` outside TRUSTED_HOSTS: a short answer with no links, as no link can be built."""
    message = _l("The request could not be understood. Please check what you sent.")
    if request.path.startswith("/api/"):
        return jsonify(error={"code": "untrusted_host", "message": str(message), "details": {}}), 400
    return f"{_l('Bad request')}\n\n{message}\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def digits_up_to(limit: int) -> str:
    """A regular expression for the whole numbers from 0 to `limit` (leading zeros allowed): fewer
    digits than `limit`, or as many and smaller at the first digit that differs, or `limit`."""
    digits = str(limit)
    shorter = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    smaller = [f"{digits[:i]}[0-{int(d) - 1}]" + (f"[0-9]{{{rest}}}" if rest else "")
               for i, d in enumerate(digits) if d != "0" for rest in [len(digits) - i - 1]]
    return "(?:" + "|".join([*shorter, *smaller, digits]) + ")"


class IdConverter(IntegerConverter):
    """`<int:...>` up to MAX_ID: /products/9223372036854775808 is a 404, not an overflow in the
    database driver (SQLite's 64 bits, PostgreSQL's `integer`). The limit is in the pattern itself:
    a number that only failed the range check would still match the path's other rules, and a path
    with a rule for another method (GET beside POST) would answer 405 instead of 404."""

    regex = digits_up_to(MAX_ID)

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class SafeJSONProvider(DefaultJSONProvider):
    """A body nested deeper than Python's recursion limit (100,000 `[`) is invalid JSON like any
    other, so `request.get_json()` answers 400 (or None when silent) instead of a 500."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error


def security_headers(payment_scripts: list[str]) -> dict[str, str]:
    """The headers every answer gets unless its view set its own. Scripts come from this site and
    the payment processors' script hosts; their frames and calls go to those hosts and their
    sibling hosts (a processor's API, 3-D Secure and payment pages share its domain)."""
    origins = _unique(_origin(url) for url in payment_scripts)
    processor = _unique([*origins, *(_sibling_hosts(url) for url in payment_scripts)])
    policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *origins],
        "connect-src": ["'self'", *processor],
        "frame-src": processor or ["'none'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    }
    payment = " ".join(["self", *(f'"{origin}"' for origin in origins)])
    return {
        "Content-Security-Policy": "; ".join(" ".join([name, *sources]) for name, sources in policy.items()),
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": f"camera=(), microphone=(), geolocation=(), payment=({payment})",
    }


def _unique(sources) -> list[str]:
    return list(dict.fromkeys(source for source in sources if source))


def _origin(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _sibling_hosts(url: str | None) -> str | None:
    """`https://*.domain` for a script host `https://name.domain`; nothing for an address or a
    name of fewer than three labels (a local fake processor answers everything on its one origin)."""
    parts = urlsplit(url or "")
    host = parts.hostname or ""
    if host.count(".") < 2 or host.replace(".", "").isdigit():
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://*.{host.split('.', 1)[1]}{port}"


def _secure(response, headers: dict[str, str]):
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if "Cache-Control" not in response.headers and is_private_request():
        response.headers["Cache-Control"] = "no-store"
    return response


def is_private_request() -> bool:
    """Whether the answer belongs to one visitor: a private area, a request carrying credentials
    (an API token), or any page a logged-in visitor was shown. The user is read from what
    Flask-Login already loaded: loading it here would read the session of answers that never
    looked at it (an image) and add `Vary: Cookie` to them."""
    path = request.path
    if any(path == prefix or path.startswith(prefix + "/") for prefix in PRIVATE_PREFIXES):
        return True
    if "Authorization" in request.headers:
        return True
    return bool(getattr(g.get("_login_user"), "is_authenticated", False))


def loggable_path() -> str:
    """The request's path for a log line: the route's rule instead when the path carries a secret
    (the token of a password reset link), so that logs never hold a working link."""
    rule = request.url_rule
    if rule is not None and SECRET_VIEW_ARGS & rule.arguments:
        return rule.rule
    return request.path


def public_url_for(endpoint: str, **values) -> str:
    """An absolute link on PUBLIC_URL, never on the host a request came in on (a forged `Host`
    header would otherwise put its own address in emails and API answers)."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(public.netloc, script_name=public.path or "/",
                                       url_scheme=public.scheme)
    return adapter.build(endpoint, values, force_external=True)


def safe_next_url(target: str | None, fallback: str = "/") -> str:
    """`target` if it is a path on this site, else `fallback`.

    Browsers read `//host`, `/\\host` and paths with tabs or line breaks in them as other sites (or
    split headers on them), so anything but a plain absolute path is refused.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
