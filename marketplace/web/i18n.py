from collections.abc import Hashable, Iterator, Mapping

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import Domain, get_locale
from flask_login import current_user
from markupsafe import Markup

#: the query parameter that names a page's language in its address: `?lang=en` is the English page
#: that search engines are told about (hreflang), since the session's choice is not in the address
LANGUAGE_PARAMETER = "lang"


def select_locale() -> str:
    """The language named in the address, else the one chosen in this session, else the account's,
    else Bahasa Indonesia."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/api/v1/"):  # the API itself; its documentation page is a page
        return _api_locale(languages)
    named = request.args.get(LANGUAGE_PARAMETER)
    if named in languages:
        return named
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _api_locale(languages) -> str:
    """The API reads no cookie: the token's account, else the Accept-Language header."""
    user = g.get("api_user")
    if user is not None and user.locale in languages:
        return user.locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _kept_for_the_locale(name: str, work_out):
    """`work_out()`, kept on `g` under `name` with the Locale Flask-Babel chose for it, so a
    force_locale block (an email in its reader's language) gets its own."""
    chosen = getattr(g.get("_flask_babel"), "babel_locale", None)
    kept = g.get(name)
    if chosen is not None and kept is not None and kept[0] is chosen:
        return kept[1]
    value = work_out()  # chooses the locale if nothing asked for it yet
    setattr(g, name, (getattr(g.get("_flask_babel"), "babel_locale", None), value))
    return value


def locale_code() -> str:
    """The code of the language this request is shown in ("id", "en"). Flask-Babel's get_locale
    looks through its context on each call and Babel builds the code anew from its parts, and a
    page asks for every part it renders: the code is kept for the request."""
    return _kept_for_the_locale("locale_code", lambda: str(get_locale()))


class TranslatedLabels(Mapping):
    """A dictionary of lazily translated labels (`_l`) as templates read it: each label is worked out
    once per language and kept, where a lazy string goes through Flask-Babel's lookups each time it is
    shown (a list of 50 payments shows 100 of them). Markup, as the lazy strings are: the labels are
    the site's own words."""

    def __init__(self, labels: Mapping):
        self._labels = labels
        self._by_language: dict[str, dict] = {}

    def _translated(self) -> dict:
        code = locale_code()
        translated = self._by_language.get(code)
        if translated is None:
            translated = {key: Markup(str(label)) for key, label in self._labels.items()}
            self._by_language[code] = translated
        return translated

    def __getitem__(self, key: Hashable) -> Markup:
        return self._translated()[key]

    def __iter__(self) -> Iterator:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


class KeptTranslations(Domain):
    """Flask-Babel's domain of the site's messages, its catalogue kept for the request: Flask-Babel
    finds it through its context, the locale's code and its cache on each `_()` and each lazy
    string shown (6 µs; a form's select of twenty options shows twenty). It is kept for the request
    (outside any app context there is nothing to keep it on)."""

    def get_translations(self):
        if not g:
            return super().get_translations()
        return _kept_for_the_locale("translations_for_locale", super().get_translations)


def register(app: Flask) -> None:
    """Every `_()`, lazy string and template of the app finds its messages through KeptTranslations."""
    app.extensions["babel"].instance.domain_instance = KeptTranslations(
        domain=app.config.get("BABEL_DOMAIN", "messages"))
