import io
import re
import time
from contextlib import contextmanager
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import event, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from marketplace.auth.models import User
from marketplace.auth.services import normalize_email
from marketplace.extensions import db
from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path="/") -> str:
    page = client.get(path)
    match = _CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def post_form(client, path, data, page=None, **kwargs):
    """Post `data` the way a browser would: with the CSRF token of the form's page."""
    return client.post(path, data={"csrf_token": csrf_token(client, page or path), **data}, **kwargs)


def login(client, user_or_email, password=PASSWORD, next_url=None):
    """Log in as a browser does; an account with a second factor gives its current code too (the
    answer is then the code page's)."""
    email = getattr(user_or_email, "email", user_or_email)
    path = "/login" + (f"?next={next_url}" if next_url else "")
    response = post_form(client, path, {"email": email, "password": password}, page="/login")
    if response.status_code == 302 and response.headers["Location"] == "/login/two-factor":
        response = post_form(client, "/login/two-factor", {"code": totp_code(email)})
    elif response.status_code == 302 and response.headers["Location"] == "/login/two-factor/setup":
        response = enrol_second_factor(client)
    return response


def enrol_second_factor(client, page="/login/two-factor/setup"):
    """Enrol as a person with an authenticator app does: read the key the page shows, type the
    app's code. Answers the page of recovery codes."""
    key = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', client.get(page).get_data(as_text=True))
    assert key, f"no key to enrol on {page}"
    return post_form(client, page, {"code": pyotp.TOTP(key.group(1)).now()})


def totp_code(user_or_email) -> str:
    """The account's authenticator code now. The account's last used step is forgotten first, so a
    test may log the same account in twice within 30 seconds (the app refuses a code used twice)."""
    email = getattr(user_or_email, "email", user_or_email)
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    db.session.refresh(user)
    user.totp_last_step = None
    db.session.commit()
    return pyotp.TOTP(user.totp_secret).now()


def link_path(message, prefix: str) -> str:
    """The path of the link starting with `prefix` (such as "/register/confirm/") in an email."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)", message.get_content())
    assert match, f"no link to {prefix} in: {message.get_content()}"
    return match.group(1)


def register(client, outbox, email, password, name="Sari"):
    """Register through the website and finish with the emailed link, as a new customer does."""
    sent = post_form(client, "/register", {"email": email, "name": name, "password": password,
                                           "password_confirm": password})
    assert sent.status_code == 302, sent.status_code
    return post_form(client, link_path(outbox[-1], "/register/confirm/"), {"password": password})


def logout(client):
    return post_form(client, "/logout", {}, page="/")


def post_multipart(client, path, fields, page="/"):
    """Post a form with files the way a browser would. Encoded in memory: the test client would
    otherwise spool a large body to a temporary file it never closes."""
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, page), **fields})
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def image_upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename)


@contextmanager
def counted_queries(leave_out_visit_counts: bool = False):
    """The SQL statements sent inside the block."""
    statements = []

    def count(conn, cursor, statement, *args):
        if not (leave_out_visit_counts and conn.get_execution_options().get("counting_visits")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def queries_for(client, path) -> int:
    """How many SQL statements one GET of `path` sends to answer (it must answer 200). The view
    counter's own writes are left out: without Redis, as here, it adds the visit to the database in
    a transaction of its own; with Redis, as in production, it sends no SQL (marketplace.reach)."""
    with counted_queries(leave_out_visit_counts=True) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


AXE_SCRIPT = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
#: rules axe marks experimental (off by default) that the agency asked to be held to
AXE_EXTRA_RULES = {"label-content-name-mismatch": {"enabled": True}}


def axe_violations(page) -> list[str]:
    """The serious and critical axe-core violations on the page Playwright shows, one line each.
    axe-core comes pinned from package.json (`npm ci`); it is evaluated through the browser's
    debugging protocol, which the page's CSP (no inline script) does not govern."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` in the repository")
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate("rules => axe.run(document, {rules: rules})", AXE_EXTRA_RULES)
    return [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def wait_until_true(page, expression: str, timeout: float = 15.0):
    """Wait until a JavaScript expression is true on the page, polled through the debugging
    protocol. Playwright's own `wait_for_function` compiles its predicate inside the page with
    `eval`, which a CSP without 'unsafe-eval' (ours) refuses; a navigation between two polls
    is waited through."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate(expression):
                return
        except PlaywrightError:  # the page navigated while the expression ran: ask the next one
            pass
        page.wait_for_timeout(100)
    pytest.fail(f"{page.url}: still not true after {timeout:.0f} s: {expression}")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def assert_fits_a_phone(page):
    """No serious or critical axe violation, and nothing wider than the 360 px screen."""
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"
    width = page_width(page)
    assert width <= 360, f"{page.url} is {width} px wide: {wide_elements(page)}"


def wide_elements(page) -> list[str]:
    """The innermost elements whose content reaches past the right edge of the screen."""
    return page.evaluate("""() => {
        const edge = document.documentElement.clientWidth + 1;
        const reach = e => Math.max(e.getBoundingClientRect().right,
                                    e.getBoundingClientRect().left + e.scrollWidth);
        return [...document.querySelectorAll('body *')]
          .filter(e => reach(e) > edge && !e.closest('.skip-link, .visually-hidden')
                       && ![...e.children].some(c => reach(c) > edge))
          .slice(0, 5)
          .map(e => `${e.tagName}.${e.className} ${(e.textContent || '').trim().slice(0, 40)}`);
    }""")
