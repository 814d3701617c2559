from flask_babel import lazy_gettext as _l

from marketplace.auth.models import Role

ROLE_LABELS = {
    Role.CUSTOMER: _l("Customer"),
    Role.ARTISAN: _l("Artisan"),
    Role.CURATOR: _l("Curator"),
    Role.ADMIN: _l("Admin"),
}
