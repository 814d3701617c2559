"""Keeping each public listing's share image in step with the listing.

Whatever changes what the picture shows (a title, a price, the main photo, the shop's name or
verification, the listing going public) queues a job once the change commits, whichever page, API
route or command made it: a session listener notices the change at flush, so no door can forget it.
Products cannot call sharing (sharing builds on products), which is why it listens rather than
being called. Other changes (stock, a description) queue nothing, and the job draws only when the
listing's fingerprint differs from the stored picture's, so a job queued twice draws once."""

import secrets

from flask import current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.extensions import db, utcnow
from marketplace.jobs import job
from marketplace.jobs.queue import enqueue_after_commit
from marketplace.media.images import delete_stored
from marketplace.media.storage import InvalidKey, get_storage
from marketplace.products.models import Product, ProductImage, Variant
from marketplace.sharing.models import ShareImage
from marketplace.sharing.share_image import HEIGHT, WIDTH, ShareCard, draw_share_image
from marketplace.shops.models import Shop

#: the media folder of share images (public: they are what link previews fetch)
FOLDER = "shares"
#: the attributes of each model that a share image shows, or that decide whether it has one
_DRAWN_FROM = {Product: ("title", "status", "hidden"), Variant: ("price",),
               ProductImage: ("position", "large_key"), Shop: ("name", "state")}
#: where a session keeps the listings and shops whose share images are already queued
_QUEUED = "share_images_queued"


def main_photo(product: Product) -> ProductImage | None:
    """The listing's cover: its first photo."""
    return product.images[0] if product.images else None


def share_card(product: Product) -> ShareCard | None:
    """What the product's share image shows, in the site's language; None before it has a price."""
    prices = product.price_range
    if prices is None:
        return None
    photo = main_photo(product)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        badge, site_name = _("Verified by Dekranasda Banyuasin"), _("Banyuasin Batik Market")
    return ShareCard(title=product.title, price=prices[0], shop_name=product.shop.name,
                     verified=product.shop.is_verified, photo_key=photo.large_key if photo else None,
                     badge=badge, site_name=site_name)


def current_share_image(product: Product) -> ShareImage | None:
    """The product's share image if it shows the listing as it is now; None while none is drawn or
    the listing changed since (pages then show the photo itself). Kept for the rest of the request:
    a page asks twice (its preview and its share links), and the session's identity map would have
    let the row go in between (it holds rows weakly)."""
    known = g.setdefault("share_images", {})
    if product.id not in known:
        known[product.id] = db.session.get(ShareImage, product.id)
    stored = known[product.id]
    if stored is None:
        return None
    card = share_card(product)
    return stored if card is not None and stored.fingerprint == card.fingerprint else None


def preview_picture(product: Product) -> tuple[str, tuple[int, int]] | None:
    """The stored key and size of the picture that stands for a product where it is shared: its
    share image while that shows the listing as it is, else its main photo (a new listing, one
    changed a moment ago, a drawing that failed); None for a listing with neither."""
    shared = current_share_image(product)
    if shared is not None:
        return shared.key, (WIDTH, HEIGHT)
    photo = main_photo(product)
    return (photo.large_key, (photo.width, photo.height)) if photo else None


def redraw_share_image(product: Product) -> tuple[str, str | None] | None:
    """Draw the product's share image again if what it shows changed, and flush: (the new file's
    key, the replaced file's key or None), or None when nothing was drawn. A listing that is not
    public keeps what it had: nobody else can open its link."""
    stored = db.session.get(ShareImage, product.id)
    card = share_card(product) if product.is_public else None
    if card is None or (stored is not None and stored.fingerprint == card.fingerprint):
        return None
    key = f"{FOLDER}/{secrets.token_urlsafe(18)}.jpg"  # the shape storage keys have (media/storage.py)
    get_storage().save(key, draw_share_image(card, _stored_photo(card.photo_key)))
    replaced = stored.key if stored is not None else None
    if stored is None:
        db.session.add(ShareImage(product_id=product.id, key=key, fingerprint=card.fingerprint))
    else:
        stored.key, stored.fingerprint, stored.drawn_at = key, card.fingerprint, utcnow()
    db.session.flush()
    return key, replaced


def _stored_photo(key: str | None) -> bytes | None:
    """The photo's bytes; None without one, or when its file is gone (the picture shows the motif)."""
    if key is None:
        return None
    try:
        return get_storage().load(key)
    except InvalidKey:
        return None


@job()
def draw_share_image_of(product_id: int) -> None:
    """Bring the product's share image up to date and commit; the replaced file goes afterwards."""
    product = db.session.get(Product, product_id)
    drawn = redraw_share_image(product) if product is not None else None
    if drawn is None:
        return
    key, replaced = drawn
    try:
        db.session.commit()
    except IntegrityError:  # another job drew it at the same moment and committed first: theirs stays
        db.session.rollback()
        delete_stored(key)
        return
    delete_stored(replaced)


@job()
def draw_share_images_of_shop(shop_id: int) -> None:
    """A shop's name or verification shows on each of its listings' pictures."""
    for product_id in db.session.scalars(select(Product.id).where(Product.shop_id == shop_id)
                                         .order_by(Product.id)).all():
        draw_share_image_of(product_id)


def _changed(instance, session: Session) -> bool:
    if instance in session.new or instance in session.deleted:
        return True
    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in _DRAWN_FROM[type(instance)])


def _queue(session: Session, function, target_id: int) -> None:
    queued = session.info.setdefault(_QUEUED, set())
    if (function, target_id) not in queued:
        queued.add((function, target_id))
        enqueue_after_commit(function, target_id)


@event.listens_for(Session, "after_flush")
def _queue_changed_share_images(session: Session, _context) -> None:
    """Queue a drawing for each listing (or shop) whose picture this flush may have changed. Read
    in after_flush: new rows have their ids, and each attribute still knows its change."""
    for instance in (*session.new, *session.dirty, *session.deleted):
        if type(instance) not in _DRAWN_FROM or not _changed(instance, session):
            continue
        if isinstance(instance, Shop):
            if instance in session.dirty:  # a new shop has no listings yet
                _queue(session, draw_share_images_of_shop, instance.id)
        elif isinstance(instance, Product):
            if instance not in session.deleted:
                _queue(session, draw_share_image_of, instance.id)
        else:
            _queue(session, draw_share_image_of, instance.product_id)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_queued(session: Session) -> None:
    session.info.pop(_QUEUED, None)
