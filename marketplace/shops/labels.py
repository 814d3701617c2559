from flask_babel import lazy_gettext as _l

from marketplace.shops.models import ShopState

SHOP_STATE_LABELS = {
    ShopState.PENDING: _l("Waiting for verification"),
    ShopState.VERIFIED: _l("Verified"),
    ShopState.REJECTED: _l("Not approved"),
    ShopState.SUSPENDED: _l("Suspended"),
}
