"""Who may manage a shop's listings, and which shop a person is working on.

The owner manages their own shop. The agency's curators and admins may manage any shop's listings
"on behalf of" it (assisted listing, for example at a training session): they choose the shop in
`/admin/assist`, and the choice is kept in their session until they stop. The dashboard and the API
ask `can_manage_listings`; the dashboard finds its shop with `working_shop`."""

from functools import cache

from flask import session
from sqlalchemy import bindparam, select

from marketplace.auth.models import Role, User
from marketplace.extensions import db
from marketplace.shops.models import Shop, ShopState
from marketplace.web import page_cache

#: who may work on another artisan's listings
AGENCY_ROLES = (Role.CURATOR, Role.ADMIN)
#: shops a curator may start assisting: applicants preparing their first listings and verified shops
ASSISTABLE_STATES = (ShopState.PENDING, ShopState.VERIFIED)
_SESSION_KEY = "assisting"
# the banner of the shop being assisted is the curator's own notice on every page
page_cache.NOTICE_KEYS.add(_SESSION_KEY)


def is_agency(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*AGENCY_ROLES))


def can_manage_listings(user: User, shop: Shop) -> bool:
    """The shop's owner, or a curator or admin of the agency."""
    if not user.is_authenticated or not user.is_active:
        return False
    return shop.owner_id == user.id or is_agency(user)


def acts_on_behalf(user: User, shop: Shop) -> bool:
    """True when someone other than the owner works on the shop: their changes are audited."""
    return shop.owner_id != user.id


def can_assist(user: User, shop: Shop) -> bool:
    return is_agency(user) and shop.owner_id != user.id and shop.state in ASSISTABLE_STATES


# The session part: only the web layer calls these.

def start_assisting(user: User, shop: Shop) -> None:
    """Remember, for this user's session only, the shop they work on behalf of."""
    session[_SESSION_KEY] = {"user_id": user.id, "shop_id": shop.id}


def stop_assisting() -> None:
    session.pop(_SESSION_KEY, None)


def assisted_shop(user: User) -> Shop | None:
    """The shop this curator chose to assist, while they may still manage it."""
    chosen = session.get(_SESSION_KEY)  # checked first: most requests never reach the database
    if not chosen or not user.is_authenticated or chosen.get("user_id") != user.id:
        return None
    shop = db.session.get(Shop, chosen.get("shop_id"))
    if shop is None or not is_agency(user):
        return None
    return shop


@cache
def _own_shop_query():
    return select(Shop).where(Shop.owner_id == bindparam("owner_id"))


def working_shop(user: User) -> Shop | None:
    """The shop the dashboard shows: the one assisted, otherwise the user's own."""
    if not user.is_authenticated:
        return None
    return assisted_shop(user) or db.session.scalar(_own_shop_query(), {"owner_id": user.id})
