"""Shop rules: applying, editing, and the verification states. Functions add and flush; the caller
commits once."""

import re
import unicodedata
from dataclasses import dataclass

from blinker import Namespace
from sqlalchemy import select

from marketplace.auth.models import Role, User
from marketplace.extensions import db, utcnow
from marketplace.media.images import ImageRejected, delete_stored, store_banner, store_logo
from marketplace.shops.exceptions import (
    AlreadyHasShop,
    InvalidWhatsApp,
    ReasonRequired,
    ShopImageRejected,
    ShopNameTaken,
)
from marketplace.shops.models import Cohort, Shop, ShopState, ZoneRate
from marketplace.shops.zones import Zone
from marketplace.transitions import check_transition

#: the one table of allowed state changes; a rejected applicant may fix the details and re-apply
SHOP_TRANSITIONS = {
    ShopState.PENDING: {ShopState.VERIFIED, ShopState.REJECTED},
    ShopState.REJECTED: {ShopState.PENDING},
    ShopState.VERIFIED: {ShopState.SUSPENDED},
    ShopState.SUSPENDED: {ShopState.VERIFIED},
}
STATES_NEEDING_A_REASON = {ShopState.REJECTED, ShopState.SUSPENDED}

#: Sent with the shop once its new name is flushed. The listings' search documents carry the shop's
#: name, and products (which build on shops) keep that index: they listen here.
shop_renamed = Namespace().signal("shop-renamed")

_MOBILE = re.compile(r"^628\d{7,11}$")


def normalize_whatsapp(raw: str) -> str:
    """`0812-7345-6789`, `+62 812 7345 6789` and `812...` all become `6281273456789`."""
    digits = re.sub(r"[\s\-.()]", "", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not _MOBILE.match(digits):
        raise InvalidWhatsApp(raw)
    return digits


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "toko"


def _unique_slug(name: str) -> str:
    base = slugify(name)
    taken = set(db.session.scalars(select(Shop.slug).where(Shop.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def shop_name_taken(name: str, except_shop: Shop | None = None) -> bool:
    query = select(Shop.id).where(db.func.lower(Shop.name) == name.strip().lower())
    if except_shop is not None:
        query = query.where(Shop.id != except_shop.id)
    return db.session.scalar(query) is not None


@dataclass
class ShopDetails:
    name: str
    story: str
    kecamatan: str
    village: str
    whatsapp: str
    nib: str | None = None
    cohort: Cohort | None = None


def apply_for_shop(owner: User, details: ShopDetails) -> Shop:
    """Open a shop in state pending; its owner becomes an artisan."""
    if db.session.scalar(select(Shop.id).where(Shop.owner_id == owner.id)):
        raise AlreadyHasShop()
    if shop_name_taken(details.name):
        raise ShopNameTaken(details.name)
    shop = Shop(owner=owner, slug=_unique_slug(details.name), state=ShopState.PENDING)
    _apply_details(shop, details)
    owner.grant(Role.ARTISAN)
    db.session.add(shop)
    db.session.flush()
    return shop


def update_shop(shop: Shop, details: ShopDetails) -> None:
    """Edit the shop's details; the slug stays, so links already shared keep working."""
    if shop_name_taken(details.name, except_shop=shop):
        raise ShopNameTaken(details.name)
    renamed = details.name.strip() != shop.name
    _apply_details(shop, details)
    db.session.flush()
    if renamed:
        shop_renamed.send(shop)


def _apply_details(shop: Shop, details: ShopDetails) -> None:
    shop.name = details.name.strip()
    shop.story = details.story.strip()
    shop.kecamatan = details.kecamatan
    shop.village = details.village.strip()
    shop.whatsapp = normalize_whatsapp(details.whatsapp)
    shop.nib = details.nib or None
    shop.cohort = details.cohort


def update_settings(shop: Shop, *, curator_publish_consent: bool, shipping_base_fee: int,
                    shipping_fee_per_kg: int, free_shipping_from: int | None, allows_pickup: bool,
                    allows_cod: bool, zone_rates: dict[Zone, tuple[int, int] | None] | None = None) -> None:
    """Consent for curators and the shop's shipping and payment options. `zone_rates`: see
    `set_zone_rates`; None leaves them as they are."""
    shop.curator_publish_consent = curator_publish_consent
    shop.shipping_base_fee, shop.shipping_fee_per_kg = shipping_base_fee, shipping_fee_per_kg
    shop.free_shipping_from = free_shipping_from
    shop.allows_pickup, shop.allows_cod = allows_pickup, allows_cod
    if zone_rates is not None:
        set_zone_rates(shop, zone_rates)
    db.session.flush()


def set_zone_rates(shop: Shop, rates: dict[Zone, tuple[int, int] | None]) -> None:
    """For each zone named, (first kilogram, each further kilogram) sets the shop's rate and None
    removes it: the zone then ships at the shop's flat fees."""
    current = {rate.zone: rate for rate in shop.zone_rates}
    for zone, fees in rates.items():
        existing = current.get(Zone(zone))
        if fees is None:
            if existing is not None:
                shop.zone_rates.remove(existing)
        elif existing is not None:
            existing.first_kg_fee, existing.next_kg_fee = fees
        else:
            shop.zone_rates.append(ZoneRate(zone=Zone(zone), first_kg_fee=fees[0], next_kg_fee=fees[1]))
    db.session.flush()


def change_shop_state(shop: Shop, wanted: ShopState, reason: str | None = None) -> None:
    """The only way a shop's state changes."""
    wanted = ShopState(wanted)
    check_transition(SHOP_TRANSITIONS, shop.state, wanted)
    reason = (reason or "").strip() or None
    if wanted in STATES_NEEDING_A_REASON and not reason:
        raise ReasonRequired(wanted)
    shop.state = wanted
    shop.state_reason = reason
    shop.state_changed_at = utcnow()
    db.session.flush()


def shop_of(user: User) -> Shop | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Shop).where(Shop.owner_id == user.id))


def can_preview(shop: Shop, user: User) -> bool:
    """Owners and the agency see a shop before it is verified; everyone else only after."""
    if shop.state == ShopState.VERIFIED:
        return True
    return user.is_authenticated and (shop.owner_id == user.id or user.has_role(Role.CURATOR, Role.ADMIN))


def set_shop_images(shop: Shop, logo_upload=None, banner_upload=None) -> None:
    """Store newly uploaded logo and banner, then let go of the files they replace."""
    new_keys = {}
    for field, upload, store in (("logo", logo_upload, store_logo), ("banner", banner_upload, store_banner)):
        if not upload:
            continue
        try:
            new_keys[f"{field}_key"] = store(upload)
        except ImageRejected as error:
            delete_stored(*new_keys.values())
            raise ShopImageRejected(field, str(error)) from error
    replaced = [getattr(shop, name) for name in new_keys if getattr(shop, name)]
    for name, key in new_keys.items():
        setattr(shop, name, key)
    db.session.flush()
    delete_stored(*replaced)
