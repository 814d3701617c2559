"""Parts of pages rendered once per worker and reused, keyed by everything they show.

A fragment is a template rendered from a few values alone: the site's header for a path in one
language, a product's description and photos read into a frozen record. The values, the language
and the site's URL prefix are the cache key, so a changed value is a new fragment and there is
nothing to invalidate or share between servers, as with the product cards (products/cards.py): a
page always shows what its queries read this time, only the rendering is spared. What belongs to
one visitor (their CSRF token, their menu and messages) is rendered as the page cache's
placeholders and put in for each visitor on the way out, or left for the page cache to fill when
the page around it is being rendered for that cache.

A fragment's template must read nothing but its values and what the language decides: not the
request, the visitor or the clock."""

from collections.abc import Hashable
from functools import lru_cache

from flask import Flask, current_app, render_template, request
from markupsafe import Markup

from marketplace.web import page_cache
from marketplace.web.i18n import locale_code

#: fragments kept per worker process: most are 1 to 3 KB (a header, a dashboard listing, a payment
#: row), a product's part about 6 KB, so at most about 10 MB; a crawler walking every listing only
#: pushes the oldest out
CACHE_SIZE = 2048


def _render(template: str, values: tuple[tuple[str, Hashable], ...], locale: str, script_root: str) -> str:
    """`locale` and `script_root` are not read here: they are part of the key because the
    template's text and links depend on them."""
    with page_cache.visitor_placeholders():
        return render_template(template, **dict(values))


def fragment(template: str, **values: Hashable) -> Markup:
    """`template` rendered with `values` (hashable: frozen records, tuples, strings), reused while
    the values are equal; with this visitor's token and parts in place."""
    html = current_app.extensions["rendered_fragments"](
        template, tuple(sorted(values.items())), locale_code(), request.script_root)
    return Markup(page_cache.for_this_visitor(html))


def register(app: Flask) -> None:
    # One cache per app: the tests make an app per test, each with its own database.
    app.extensions["rendered_fragments"] = lru_cache(maxsize=CACHE_SIZE)(_render)
    app.add_template_global(fragment)
