"""Curated collections: a page of chosen products in Indonesian and English, public inside its
publish window. A listing that stops being public stays in its place and says it is gone."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import Role, User
from marketplace.curation import clock
from marketplace.curation.exceptions import (
    CoverRejected,
    DuplicateProduct,
    EmptyCollection,
    InvalidSlug,
    PublishWindowReversed,
    SlugTaken,
)
from marketplace.curation.models import Collection, CollectionItem
from marketplace.curation.services import check_showable, load_products, renumber
from marketplace.extensions import db
from marketplace.media.images import ImageRejected, delete_stored, store_cover
from marketplace.products.catalog import ProductCard, card_of, card_query, public_condition
from marketplace.products.models import Product

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_LENGTH = 90
_DETAILS = ("slug", "title_id", "title_en", "description_id", "description_en", "publish_from",
            "publish_until")


@dataclass(frozen=True)
class CollectionDetails:
    slug: str
    title_id: str
    description_id: str
    title_en: str = ""
    description_en: str = ""
    #: None keeps the collection a draft
    publish_from: datetime | None = None
    publish_until: datetime | None = None


@dataclass(frozen=True)
class CollectionCard:
    """One place on a collection's page: the catalog's card while the listing is public."""

    item_id: int
    card: ProductCard | None

    @property
    def available(self) -> bool:
        return self.card is not None


def published_collections(now: datetime | None = None, limit: int | None = None) -> list[Collection]:
    """Published now, the most recently published first."""
    moment = clock.utc(now) or clock.now()
    return list(db.session.scalars(_published_statement(limit), {"moment": moment}))


@lru_cache(maxsize=8)
def _published_statement(limit: int | None):
    """Built once for each limit, the moment a parameter."""
    return (select(Collection).where(Collection.published_at(bindparam("moment")))
            .order_by(Collection.publish_from.desc(), Collection.id.desc()).limit(limit))


def all_collections() -> list[Collection]:
    return list(db.session.scalars(select(Collection).order_by(Collection.created_at.desc(),
                                                               Collection.id.desc())))


def collection_by_slug(slug: str) -> Collection | None:
    return db.session.scalar(select(Collection).where(Collection.slug == slug))


def collection_for_editing(collection_id: int) -> Collection | None:
    return db.session.scalar(
        select(Collection).where(Collection.id == collection_id)
        .options(selectinload(Collection.items).selectinload(CollectionItem.product)
                 .options(selectinload(Product.shop), selectinload(Product.variants))))


def collection_state(collection: Collection, now: datetime | None = None) -> str:
    """`draft`, `scheduled`, `published` or `ended`."""
    moment = clock.utc(now) or clock.now()
    if collection.publish_from is None:
        return "draft"
    if collection.is_published(moment):
        return "published"
    return "scheduled" if clock.utc(collection.publish_from) > moment else "ended"


def can_see(collection: Collection, user, now: datetime | None = None) -> bool:
    """Published collections for everyone; drafts and scheduled ones for the agency, as a preview."""
    if collection.is_published(clock.utc(now) or clock.now()):
        return True
    return bool(user.is_authenticated and user.has_role(Role.CURATOR, Role.ADMIN))


def collection_cards(collection: Collection) -> list[CollectionCard]:
    """Every item in order, in one query: a card for each public listing, an empty place for one
    that was hidden, archived, drafted or whose shop was suspended."""
    query = card_query(CollectionItem.id.label("item_id"), public_condition().label("public"),
                               public_only=False)
    rows = db.session.execute(
        query.join(CollectionItem, CollectionItem.product_id == Product.id)
        .where(CollectionItem.collection_id == collection.id)
        .order_by(CollectionItem.position, CollectionItem.id)).all()
    return [CollectionCard(row.item_id, card_of(row) if row.public else None) for row in rows]


def _check_details(details: CollectionDetails, collection: Collection | None = None) -> tuple:
    if not SLUG.match(details.slug) or len(details.slug) > SLUG_LENGTH:
        raise InvalidSlug()
    taken = db.session.scalar(select(Collection.id).where(Collection.slug == details.slug))
    if taken is not None and (collection is None or taken != collection.id):
        raise SlugTaken()
    publish_from, publish_until = clock.utc(details.publish_from), clock.utc(details.publish_until)
    if publish_from is not None and publish_until is not None and publish_until <= publish_from:
        raise PublishWindowReversed()
    return publish_from, publish_until


def _apply(collection: Collection, details: CollectionDetails) -> None:
    publish_from, publish_until = _check_details(details, collection if collection.id else None)
    for name in _DETAILS:
        setattr(collection, name, getattr(details, name))
    collection.publish_from, collection.publish_until = publish_from, publish_until


def create_collection(actor: User, details: CollectionDetails, product_ids: Sequence[int] = ()) -> Collection:
    """A new collection holding `product_ids` in order. Without products it can only start as a
    draft: a publication date would put an empty page in public."""
    collection = Collection()
    _apply(collection, details)
    if details.publish_from is not None and not product_ids:
        raise EmptyCollection()
    db.session.add(collection)
    record_action(actor, "collection.create", collection, after=snapshot(collection, *_DETAILS))
    for product_id in product_ids:
        add_to_collection(actor, collection, product_id)
    return collection


def update_collection(actor: User, collection: Collection, details: CollectionDetails) -> Collection:
    if details.publish_from is not None and not collection.items:
        raise EmptyCollection()
    before = snapshot(collection, *_DETAILS)
    _apply(collection, details)
    record_action(actor, "collection.update", collection, before=before,
                  after=snapshot(collection, *_DETAILS))
    return collection


def set_collection_cover(actor: User, collection: Collection, upload) -> None:
    """Store a checked, re-encoded cover, then let go of the one it replaces."""
    try:
        key = store_cover(upload)
    except ImageRejected as error:
        raise CoverRejected(str(error)) from error
    replaced, collection.cover_key = collection.cover_key, key
    record_action(actor, "collection.cover", collection, before={"cover_key": replaced},
                  after={"cover_key": key})
    delete_stored(replaced)


def add_to_collection(actor: User, collection: Collection, product_id: int) -> CollectionItem:
    """Put a public listing at the end of the collection."""
    product = check_showable(load_products([product_id]).get(product_id), product_id)
    if any(item.product_id == product.id for item in collection.items):
        raise DuplicateProduct(product.id, product.title)
    item = CollectionItem(product=product, position=len(collection.items))
    collection.items.append(item)
    record_action(actor, "collection.add_product", collection, after={"product_id": product.id})
    return item


def move_in_collection(actor: User, collection: Collection, item: CollectionItem, offset: int) -> None:
    """Move an item up (offset -1) or down (+1); at either end nothing changes."""
    order = list(collection.items)
    index = order.index(item)
    target = min(max(index + offset, 0), len(order) - 1)
    if target == index:
        return
    order.insert(target, order.pop(index))
    renumber(order)
    record_action(actor, "collection.move_product", collection,
                  before={"product_id": item.product_id, "position": index},
                  after={"product_id": item.product_id, "position": target})


def remove_from_collection(actor: User, collection: Collection, item: CollectionItem) -> None:
    collection.items.remove(item)  # delete-orphan removes the row
    renumber(collection.items)
    record_action(actor, "collection.remove_product", collection, before={"product_id": item.product_id})
