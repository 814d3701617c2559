"""What the agency's shops page reads: the applications waiting for verification and the table of
every shop."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.shops.models import Shop, ShopState


@dataclass(frozen=True)
class ShopRow:
    """A shop as the table of every shop shows it."""
    id: int
    name: str
    owner_name: str
    kecamatan: str
    cohort_name: str | None
    state: ShopState
    state_reason: str | None


@dataclass
class ShopsOverview:
    #: the applications waiting for verification, the oldest first, with their owners and cohorts
    pending: list[Shop]
    #: the shops of the state asked for (every shop without one) by name: the key of the table's
    #: kept part (web/fragments.py)
    rows: tuple[ShopRow, ...]


def shops_overview(state: ShopState | None) -> ShopsOverview:
    """Every shop with its owner and cohort, in one query (the owners' roles are not read: the page
    shows their names, which User would otherwise load); the queue and the table both come from it."""
    owners = joinedload(Shop.owner).lazyload(User.role_grants)
    every_shop = db.session.scalars(select(Shop).options(owners, joinedload(Shop.cohort))).all()
    pending = sorted((shop for shop in every_shop if shop.state == ShopState.PENDING),
                     key=lambda shop: (shop.created_at, shop.id))
    listed = sorted((shop for shop in every_shop if not state or shop.state == state),
                    key=lambda shop: shop.name.lower())
    return ShopsOverview(pending, tuple(
        ShopRow(shop.id, shop.name, shop.owner.name, shop.kecamatan,
                shop.cohort.name if shop.cohort else None, shop.state, shop.state_reason) for shop in listed))
