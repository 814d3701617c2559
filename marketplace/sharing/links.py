"""Absolute addresses of the site's pages, always under PUBLIC_URL and never under the host a request
came in on (a forged Host header must not end up in a shared link, a canonical link or a sitemap),
and the share links of the services artisans share on."""

from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.shops.exceptions import InvalidWhatsApp
from marketplace.shops.services import normalize_whatsapp
from marketplace.web.i18n import LANGUAGE_PARAMETER, locale_code
from marketplace.web.security import public_url_for

#: WhatsApp's click-to-chat: a chat with the number that follows (62..., digits only), or without
#: one, the choice of a chat to send the text to
WHATSAPP_CHAT = "https://wa.me/"
#: where each service takes a link to share; the page's address (or text) is appended, quoted
WHATSAPP_SHARE = WHATSAPP_CHAT + "?text="
FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php?u="


def site_root() -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/")


def absolute_path(path: str) -> str:
    """`path`, a path on this site as url_for gives it, under PUBLIC_URL (whose own path, if any,
    stands in for the one the app is mounted under)."""
    return site_root() + path.removeprefix(request.script_root)


def language_url(endpoint: str, language: str, **values) -> str:
    """The page in `language`: the default language at the plain address, another with `?lang=`."""
    if language != current_app.config["BABEL_DEFAULT_LOCALE"]:
        values[LANGUAGE_PARAMETER] = language
    return public_url_for(endpoint, **values)


def canonical_url(endpoint: str, **values) -> str:
    """The address of this page in the language it is shown in."""
    return language_url(endpoint, locale_code(), **values)


def alternates(endpoint: str, **values) -> list[tuple[str, str]]:
    """(hreflang, address) of the page in each language, and `x-default`: the plain address, which
    a visitor without a choice gets in the default language."""
    languages = current_app.config["LANGUAGES"]
    return [*((code, language_url(endpoint, code, **values)) for code in languages),
            ("x-default", public_url_for(endpoint, **values))]


#: stands in for a key while an address pattern is built (digits: every converter takes them)
_KEY_MARK = 987654321987


def address_parts(endpoint: str, argument: str) -> tuple[str, str]:
    """The public address of `endpoint` before and after the value of `argument`. Built by the
    router once, then filled in for each key of a long list (a sitemap, a feed): building 10,000
    addresses through url_for took 45 ms, longer than reading their rows."""
    before, after = public_url_for(endpoint, **{argument: _KEY_MARK}).split(str(_KEY_MARK))
    return before, after


def whatsapp_chat(number: str, text: str) -> str:
    return f"{WHATSAPP_CHAT}{number}?text={quote(text)}"


def whatsapp_share(text: str) -> str:
    return whatsapp_chat("", text)


def whatsapp_to_buyer(order) -> str | None:
    """For the artisan: a chat with the phone of the order's shipping address, greeting the recipient
    in the buyer's language (Indonesian unless they chose English) and naming the order. None when
    that phone is not a mobile number WhatsApp could reach."""
    try:
        number = normalize_whatsapp(order.checkout.phone)
    except InvalidWhatsApp:
        return None
    with force_locale(order.buyer.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        greeting = _("Hello %(name)s, this is %(shop)s about your order %(number)s on the Banyuasin Batik "
                     "Market.", name=order.checkout.recipient, shop=order.shop.name, number=order.number)
    return whatsapp_chat(number, greeting)


def whatsapp_to_shop(order) -> str:
    """For the buyer: a chat with the order's shop that names the order and what was bought."""
    products = ", ".join(dict.fromkeys(line.title for line in order.lines))
    return whatsapp_chat(order.shop.whatsapp, _(
        "Hello %(shop)s, I am writing about my order %(number)s: %(products)s.", shop=order.shop.name,
        number=order.number, products=products))


def facebook_share(url: str) -> str:
    return FACEBOOK_SHARER + quote(url, safe="")


@dataclass(frozen=True)
class ShareLinks:
    """A page's share links: `text` introduces the page's address in the message."""

    url: str
    text: str

    @property
    def whatsapp(self) -> str:
        return whatsapp_share(f"{self.text} {self.url}")

    @property
    def facebook(self) -> str:
        return facebook_share(self.url)
