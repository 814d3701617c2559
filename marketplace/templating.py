from flask import Flask, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from marketplace.auth.models import Role
from marketplace.money import format_rupiah

ROLE_LABELS = {
    Role.CUSTOMER: _l("Customer"),
    Role.ARTISAN: _l("Artisan"),
    Role.CURATOR: _l("Curator"),
    Role.ADMIN: _l("Admin"),
}


def register(app: Flask) -> None:
    app.add_template_filter(format_rupiah, "rupiah")

    @app.context_processor
    def common_context():
        return {
            "current_locale": str(get_locale()),
            "languages": app.config["LANGUAGES"],
            "current_path": request.full_path.rstrip("?"),
            "role_labels": ROLE_LABELS,
        }
