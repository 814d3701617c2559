import re
from urllib.parse import parse_qsl, quote, urlencode

from flask import Flask, url_for
from flask_babel import get_translations
from flask_babel import gettext as _
from jinja2 import FileSystemBytecodeCache

from marketplace.money import format_rupiah
from marketplace.web import fragments, page_cache
from marketplace.web.i18n import LANGUAGE_PARAMETER, TranslatedLabels, locale_code


def media_url(key: str | None) -> str | None:
    return url_for("media.serve", key=key) if key else None


def price_range(low: int, high: int) -> str:
    if low == high:
        return format_rupiah(low)
    return f"{format_rupiah(low)} – {format_rupiah(high)}"


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str | None) -> list[str]:
    """Text typed in a textarea, as its paragraphs: browsers send CRLF line ends, so a blank line is
    `\r\n\r\n` until it is normalised."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip() for part in _BLANK_LINE.split(text) if part.strip()]


def whatsapp_link(shop) -> str:
    """A wa.me click-to-chat link with a greeting that names the shop."""
    greeting = _("Hello %(shop)s, I saw your shop on the Banyuasin Batik Market.", shop=shop.name)
    return f"https://wa.me/{shop.whatsapp}?text={quote(greeting)}"


def path_without_language() -> str:
    """This page's path and query (as the page cache stores it, so no visitor's stray parameters
    are kept), less a language named in it: the language switch returns here, and a `?lang=` left
    in place would outrank the visitor's new choice."""
    path, _mark, query = page_cache.current_path().partition("?")
    args = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True)
            if name != LANGUAGE_PARAMETER]
    return path + (f"?{urlencode(args)}" if args else "")


def register(app: Flask, **globals_) -> None:
    """The helpers every template has. `globals_` are the features' labels, given by create_app:
    globals rather than context, so that macros imported from other templates see them too."""
    app.add_template_filter(format_rupiah, "rupiah")
    app.add_template_filter(paragraphs)
    app.add_template_global(media_url)
    app.add_template_global(price_range)
    app.add_template_global(whatsapp_link)
    page_cache.register(app)
    fragments.register(app)
    app.jinja_env.globals.update({name: TranslatedLabels(value) if isinstance(value, dict) else value
                                  for name, value in globals_.items()})
    app.jinja_env.install_gettext_callables(  # in place of Flask-Babel's, which look everything up
        gettext=lambda string: get_translations().ugettext(string),
        ngettext=lambda singular, plural, count: get_translations().ungettext(singular, plural, count),
        pgettext=lambda context, string: get_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, count: get_translations().unpgettext(
            context, singular, plural, count),
        newstyle=True)
    # Compiled templates kept on disk (Jinja's own private folder under the temp dir, checked
    # against each template's source): a new worker loads them instead of compiling every template
    # again, which cost its first requests tens of milliseconds each.
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache()

    @app.context_processor
    def common_context():
        return {
            "current_locale": locale_code(),
            "languages": app.config["LANGUAGES"],
            "current_path": path_without_language(),
        }
