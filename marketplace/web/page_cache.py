"""Public pages cached in Redis for visitors who are not logged in.

The home page, the catalogue and its searches, product, shop and collection pages look the same to
every anonymous visitor in one language, and they are most of the traffic. Their HTML is kept in
Redis, shared by every app server, with the versions of what it shows (its scopes) at the time it
was rendered: a commit that changes a row the pages show moves on the versions of the scopes that
row is part of, so the next visitor of a page in one of them gets it rendered afresh. A listing,
its stock, photos and reviews are part of its product's and its shop's scopes and (but reviews) of
the lists of many shops' products (LISTS: home, catalogue, searches, shops, collections); a
checkout on one shop so leaves the other shops' product and shop pages stored. Features and
collections change the lists; anything else the pages show (accounts' names, cohorts) moves SITE,
which every page depends on (page_versions keeps the versions). A page is also rendered afresh
after PAGE_CACHE_SECONDS, the most a time-bound change (a feature's or a collection's window
opening or closing) can show late.

One visitor renders a page that is out of date; visitors who ask for it in the meantime get the
last one stored instead of all rendering it at once (every checkout moves the catalogue's version
on, and a busy page would otherwise be rendered by every request that arrives during its render).
So after a change, a page can show the old state for as long as one render takes, never longer than
RENDER_LOCK_SECONDS; prices and stock are checked again in the cart and at checkout anyway.

What differs between two visitors is kept out of the stored page: the CSRF token of its forms, the
menu's links for the visitor (log in, or their account and roles) and their messages (flashes, the
banner of a curator working for a shop) are placeholders there, filled in for each visitor on the
way out. The page itself must then be the same for each visitor who gets it: `members` says which
logged-in visitors that holds for. The home page, the catalogue and the shop and collection lists
serve every member (`members=True`); a product, shop or collection page differs for the shop's
owner and for the agency (a reply form, previews), so it serves the members who have neither a
shop nor an agency role (`members=User.sees_public_pages_only`): the customers. No Redis means every page
is rendered as usual.

A page is stored under its path and the query parameters it reads (`reads`), nothing else: links
shared with tracking parameters, or a flood of made-up ones, all land on the one stored page
instead of filling Redis with copies."""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from flask import Flask, current_app, g, make_response, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from redis.exceptions import RedisError

from marketplace.web.i18n import locale_code
from marketplace.web.page_versions import KEPT_FOR, LISTS, SITE, current_versions, page_store, version_key

logger = logging.getLogger(__name__)

#: the header of an answer the page cache served ("hit") or rendered to store ("miss")
OUTCOME_HEADER = "X-Page-Cache"
#: stands in for each visitor's CSRF token in a stored page
CSRF_PLACEHOLDER = "@@csrf-token-of-this-visitor@@"
#: the parts of every page that belong to its visitor, each rendered from templates/_visitor_<name>.html
VISITOR_PARTS = ("menu", "notices")
#: the visitor parts that show nothing of the visitor but their roles
ROLE_PARTS = frozenset({"menu"})
#: the session keys that give a visitor notices of their own: the messages waiting for them, and
#: those features add (a shop the agency is assisting, shops/access.py); without any, a visitor's
#: notices are what everyone's are
NOTICE_KEYS = {"_flashes"}
#: longer paths (long searches) are rendered each time rather than stored
MAX_PATH = 300
#: the longest one visitor's render of a page keeps the others on the last stored one
RENDER_LOCK_SECONDS = 10


@dataclass(frozen=True)
class StoredPage:
    #: the version of each scope the page depends on, when it was rendered
    versions: dict[str, str]
    stored_at: float
    html: str

    def encode(self) -> bytes:
        versions = " ".join(f"{scope}={version}" for scope, version in self.versions.items())
        return f"{versions}\n{self.stored_at}\n{self.html}".encode()

    @classmethod
    def decode(cls, value: bytes | None) -> "StoredPage | None":
        if value is None:
            return None
        try:
            versions, stored_at, html = value.decode().split("\n", 2)
            return cls(dict(pair.split("=", 1) for pair in versions.split()), float(stored_at), html)
        except (UnicodeDecodeError, ValueError):  # not stored by this code: rendered over
            return None

    def is_fresh(self, current: bool) -> bool:
        """`current`: whether every scope's version is still the page's."""
        return current and time.time() - self.stored_at < current_app.config["PAGE_CACHE_SECONDS"]


#: a stored page and whether its scopes' versions are still those it was rendered under, in one
#: round trip to Redis: on a busy machine each round trip cost as much as the rest of a hit
_READ_PAGE = r"""
local page = redis.call('GET', KEYS[1])
if not page then return {false, 0} end
local line_end = string.find(page, '\n', 1, true)
if not line_end then return {page, 0} end
for scope, version in string.gmatch(string.sub(page, 1, line_end - 1), '([^%s=]+)=(%S+)') do
  if (redis.call('GET', ARGV[1] .. scope) or '0') ~= version then return {page, 0} end
end
return {page, 1}
"""


def _read_page(store, key: str) -> tuple["StoredPage | None", bool]:
    script = current_app.extensions.get("page_cache_read")
    if script is None or script.registered_client is not store:
        script = current_app.extensions["page_cache_read"] = store.register_script(_READ_PAGE)
    value, current = script(keys=[key], args=[version_key("")])
    return StoredPage.decode(value), bool(current)


def cached_page(view=None, *, members: bool | Callable[..., bool] = False, reads: Iterable[str] = (),
                lists: bool = True):
    """Serve `view` from the page cache when the visitor and the app allow it (see the module).
    `members`: which logged-in visitors get the stored page (True: all; a function of the user).
    `reads`: the query parameters the page reads; any other is left out of the stored page's key.
    `lists`: whether the page lists products of many shops; a page that does not (a product's, a
    shop's) names the product and shop it shows with `depends_on` while it is rendered."""
    if view is None:
        return lambda view: cached_page(view, members=members, reads=reads, lists=lists)
    reads = tuple(sorted(reads))
    scopes = [SITE, LISTS] if lists else [SITE]

    @wraps(view)
    def serve(*args, **kwargs):
        store = page_store()
        path = page_path(reads)
        if store is None or not _cacheable_request(members, path):
            return view(*args, **kwargs)
        key = f"page-cache:{locale_code()}:{path}"
        try:
            stored, current = _read_page(store, key)
            if stored is not None and (stored.is_fresh(current) or not _claim_render(store, key)):
                return _answer(_for_this_visitor(stored.html), "hit")
            versions = dict(zip(scopes, current_versions(store, scopes), strict=True))
        except RedisError as error:
            logger.warning("page cache unavailable, rendering instead: %s", error)
            return view(*args, **kwargs)
        claimed = stored is not None  # an out-of-date page: this request won the right to render it
        try:
            page, keepable = _render_for_cache(path, versions, view, *args, **kwargs)
            if isinstance(page, str):  # a rendered template; redirects and other answers pass through
                if keepable and not _holds_a_real_token(page):
                    _keep(store, key, StoredPage(versions, time.time(), page))
                return _answer(_for_this_visitor(page), "miss")
            return page
        finally:
            if claimed:
                _release_render(store, key)

    return serve


def depends_on(*scopes: str) -> None:
    """Called by a view while its page is rendered for the cache: the page shows what these scopes
    hold (`product_scope(id)`, `shop_scope(id)`), and is rendered afresh when one of them changes.
    Called before the view reads what it shows, so a change committed meanwhile is not missed."""
    versions = g.get("page_cache_versions")
    if versions is None or not g.get("rendering_for_page_cache"):
        return
    try:
        versions.update(zip(scopes, current_versions(page_store(), list(scopes)), strict=True))
    except RedisError as error:  # the page is then not stored
        logger.warning("page cache unavailable, page not kept: %s", error)
        g.page_cache_versions = None


def _answer(page: str, outcome: str):
    """The page, saying in OUTCOME_HEADER whether it came from the cache (a hit) or was rendered
    for it (a miss), for the hit rate a load balancer's log or a benchmark counts."""
    response = make_response(page)
    response.headers[OUTCOME_HEADER] = outcome
    return response


def page_path(reads: tuple[str, ...]) -> str:
    """The path with the parameters a page reads, in a fixed order; an empty one is no parameter
    (the pages read `args.get(name, "")`), and a repeated one counts once (they read the first)."""
    query = urlencode([(name, request.args[name]) for name in reads if request.args.get(name)])
    return f"{request.path}?{query}" if query else request.path


def current_path() -> str:
    """The templates' `current_path` (where the language switch returns to): while a page is
    rendered for the cache, the path it is stored under, so no visitor's stray parameters are kept
    in the page every visitor gets."""
    return g.get("page_cache_path") or request.full_path.rstrip("?")


def _render_for_cache(path: str, versions: dict[str, str], view, *args, **kwargs) -> tuple:
    """The view's answer and whether it may be kept; `versions` gets those of the scopes the view
    `depends_on`."""
    g.rendering_for_page_cache, g.page_cache_path, g.page_cache_versions = True, path, versions
    try:
        page = view(*args, **kwargs)
        return page, g.page_cache_versions is not None  # None: a scope's version could not be read
    finally:
        g.rendering_for_page_cache, g.page_cache_path, g.page_cache_versions = False, None, None


def _render_lock(key: str) -> str:
    return f"page-render:{key}"


def _claim_render(store, key: str) -> bool:
    """True for the one request that renders an out-of-date page; the others serve the stored one."""
    return bool(store.set(_render_lock(key), b"1", nx=True, ex=RENDER_LOCK_SECONDS))


def _release_render(store, key: str) -> None:
    try:
        store.delete(_render_lock(key))
    except RedisError as error:  # the lock then lapses after RENDER_LOCK_SECONDS
        logger.warning("page cache render lock not released: %s", error)


def csrf_token() -> str:
    """The template's `csrf_token()`: the placeholder while a page is rendered for the cache."""
    return CSRF_PLACEHOLDER if g.get("rendering_for_page_cache") else generate_csrf()


def visitor_part(name: str) -> Markup:
    """The template's `visitor_part(name)`: that part of the page for this visitor, or its
    placeholder while a page is rendered for the cache."""
    if g.get("rendering_for_page_cache"):
        return Markup(_placeholder(name))
    return Markup(_rendered_part(name))


def _rendered_part(name: str) -> str:
    """A visitor part as this visitor sees it, rendered once per worker for each kind of visitor
    where it can be: the menu shows only whether the visitor is logged in and with which roles (its
    logout form's token is put in for each), and the notices of a visitor without any of the
    NOTICE_KEYS in their session are what every such visitor sees. Other notices (messages waiting,
    the banner of a shop the agency is assisting) are rendered for their visitor."""
    if name in ROLE_PARTS:
        kind = tuple(sorted(current_user.roles)) if current_user.is_authenticated else None
    elif any(key in session for key in NOTICE_KEYS):
        return render_template(f"_visitor_{name}.html")
    else:
        kind = None
    rendered = current_app.extensions.setdefault("kept_visitor_parts", {})
    key = (name, kind, locale_code(), request.script_root)
    part = rendered.get(key)
    if part is None:
        with visitor_placeholders():
            part = rendered[key] = render_template(f"_visitor_{name}.html")
    return part.replace(CSRF_PLACEHOLDER, _escaped_token()) if CSRF_PLACEHOLDER in part else part


def _placeholder(name: str) -> str:
    return f"@@visitor-part-{name}@@"


def _cacheable_request(members, path: str) -> bool:
    if request.method != "GET" or len(path) > MAX_PATH:
        return False
    if not current_user.is_authenticated:
        return True
    return members(current_user) if callable(members) else members


def _holds_a_real_token(page: str) -> bool:
    """A form that asked Flask-WTF for this visitor's token directly (a WTForms form's hidden field)
    put it in the page; stored, it would go to every visitor. Such a page is served, not stored."""
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return bool(token) and token in page


def _keep(store, key: str, page: StoredPage) -> None:
    try:
        store.set(key, page.encode(), ex=KEPT_FOR * current_app.config["PAGE_CACHE_SECONDS"])
    except RedisError as error:
        logger.warning("page cache unavailable, page not kept: %s", error)


@contextmanager
def visitor_placeholders() -> Iterator[None]:
    """Templates rendered inside get the placeholders of the visitor's parts and CSRF token, as a
    page rendered for the cache does (a fragment kept for every visitor, web/fragments.py)."""
    rendering = g.get("rendering_for_page_cache", False)
    g.rendering_for_page_cache = True
    try:
        yield
    finally:
        g.rendering_for_page_cache = rendering


def for_this_visitor(html: str) -> str:
    """A fragment rendered with the placeholders, for this visitor; unchanged while the page around
    it is rendered for the cache, which fills them when it serves the page."""
    if "@@" not in html or g.get("rendering_for_page_cache"):  # every placeholder starts so
        return html
    return _for_this_visitor(html)


def _for_this_visitor(page: str) -> str:
    """The stored page with this visitor's parts and CSRF token in place of their placeholders."""
    for name in VISITOR_PARTS:
        if _placeholder(name) in page:
            page = page.replace(_placeholder(name), _rendered_part(name))
    if CSRF_PLACEHOLDER in page:
        page = page.replace(CSRF_PLACEHOLDER, _escaped_token())
    return page


def _escaped_token() -> str:
    """This visitor's CSRF token as it goes into a page, worked out once per request: a page with
    many kept parts fills each with it."""
    token = g.get("escaped_csrf_token")
    if token is None:
        token = g.escaped_csrf_token = str(Markup.escape(generate_csrf()))
    return token


def register(app: Flask) -> None:
    """Replaces Flask-WTF's `csrf_token` in templates, both as a global (macros) and in the context
    of rendered templates, where Flask-WTF's own context processor would otherwise win; gives
    templates `visitor_part`."""
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["visitor_part"] = visitor_part
    app.context_processor(lambda: {"csrf_token": csrf_token})
