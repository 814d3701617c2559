"""Product cards rendered once per worker and reused.

A card's HTML follows from its ProductCard alone (title, prices, stock, photo, shop), the language,
whether its photo loads at once, and the site's URL prefix. ProductCard is frozen, so the card is its
own cache key: a new price or the last unit sold makes a new card, and there is nothing to
invalidate or to share between servers. The same cards appear on the home page, the catalogue,
searches, shops and collections for every visitor, and rendering the 24 cards of a list page through
the template was half of that page's time."""

from functools import lru_cache

from flask import Flask, current_app, get_template_attribute, request
from markupsafe import Markup

from marketplace.web.i18n import locale_code

#: cards kept per worker process: about 1.5 KB each, so a few MB at most
CACHE_SIZE = 2048


def _render(card, eager: bool, locale: str, script_root: str) -> Markup:
    """`locale` and `script_root` are not read here: they are part of the key because the macro's
    text and links depend on them."""
    return get_template_attribute("_catalog.html", "product_card")(card, eager=eager)


def render_card(card, eager: bool = False) -> Markup:
    return render_cards((card,), eager_first=1 if eager else 0)


def render_cards(cards, eager_first: int = 0) -> Markup:
    """A list's cards, the first `eager_first` with their photos loaded at once: the key's language
    and prefix looked up once for the list, not for each card."""
    rendered = current_app.extensions["rendered_cards"]
    locale, script_root = locale_code(), request.script_root
    return Markup("").join(rendered(card, number < eager_first, locale, script_root)
                           for number, card in enumerate(cards))


def register(app: Flask) -> None:
    # One cache per app: the tests make an app per test, each with its own database.
    app.extensions["rendered_cards"] = lru_cache(maxsize=CACHE_SIZE)(_render)
    app.add_template_global(render_card)
    app.add_template_global(render_cards)
