from urllib.parse import quote

from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace import page_cache
from marketplace.auth.models import Role
from marketplace.money import format_rupiah
from marketplace.orders.labels import ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS
from marketplace.payments.ledger import KIND_LABELS as LEDGER_KIND_LABELS
from marketplace.products import cards
from marketplace.products.labels import DYE_TYPE_LABELS, FABRIC_LABELS, STATUS_LABELS, TECHNIQUE_LABELS
from marketplace.products.models import LOW_STOCK
from marketplace.reports.periods import local_date

ROLE_LABELS = {
    Role.CUSTOMER: _l("Customer"),
    Role.ARTISAN: _l("Artisan"),
    Role.CURATOR: _l("Curator"),
    Role.ADMIN: _l("Admin"),
}


def media_url(key: str | None) -> str | None:
    return url_for("media.serve", key=key) if key else None


def price_range(low: int, high: int) -> str:
    if low == high:
        return format_rupiah(low)
    return f"{format_rupiah(low)} – {format_rupiah(high)}"


def whatsapp_link(shop) -> str:
    """A wa.me click-to-chat link with a greeting that names the shop."""
    greeting = _("Hello %(shop)s, I saw your shop on the Banyuasin Batik Market.", shop=shop.name)
    return f"https://wa.me/{shop.whatsapp}?text={quote(greeting)}"


def register(app: Flask) -> None:
    app.add_template_filter(format_rupiah, "rupiah")
    app.add_template_global(media_url)
    app.add_template_global(price_range)
    app.add_template_global(whatsapp_link)
    app.add_template_filter(local_date, "local_date")
    cards.register(app)
    page_cache.register(app)
    # Globals, not context, so that macros imported from other templates see them too.
    app.jinja_env.globals.update(
        role_labels=ROLE_LABELS, technique_labels=TECHNIQUE_LABELS, dye_type_labels=DYE_TYPE_LABELS,
        fabric_labels=FABRIC_LABELS, status_labels=STATUS_LABELS, low_stock=LOW_STOCK,
        order_status_labels=ORDER_STATUS_LABELS, payment_status_labels=PAYMENT_STATUS_LABELS,
        ledger_kind_labels=LEDGER_KIND_LABELS)

    @app.context_processor
    def common_context():
        return {
            "current_locale": str(get_locale()),
            "languages": app.config["LANGUAGES"],
            "current_path": request.full_path.rstrip("?"),
        }
