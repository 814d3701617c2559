"""`flask media rebuild`'s work: photos uploaded before each photo had its sizes (variants.py) are
converted, and every row that shows one is pointed at the new set. The media package knows no
feature's tables, so the command says where the keys live (`ImageColumns`)."""

from dataclasses import dataclass

from sqlalchemy import select, update

from marketplace.extensions import db
from marketplace.media.images import StoredImage, delete_stored, rebuild_sizes
from marketplace.media.variants import variants_of


@dataclass(frozen=True)
class ImageColumns:
    """Where a table keeps a photo: `key` the column with the widest size's key, `phone` the
    column with the phone-sized one and `size` the widest's width and height, if it has them."""

    model: type
    key: str
    phone: str | None = None
    size: tuple[str, str] | None = None


def photos_stored_whole(places: list[ImageColumns]) -> tuple[list[str], int]:
    """The keys still to convert, and how many photos already have their sizes."""
    whole: set[str] = set()
    sized: set[str] = set()
    for place in places:
        column = getattr(place.model, place.key)
        for key in db.session.scalars(select(column).where(column.is_not(None), column != "").distinct()):
            (sized if variants_of(key) else whole).add(key)
    return sorted(whole), len(sized)


def convert_photo(key: str, places: list[ImageColumns]) -> list[str]:
    """Store the sizes of the photo under `key` and point every row showing it at them (flushed,
    not committed). Returns the old files, to delete once the change is committed. Raises
    ImageRejected, with nothing stored or changed, when the file is missing or unreadable."""
    stored = rebuild_sizes(key)
    try:
        return [key, *_point_rows_at(stored, key, places)]
    except Exception:
        delete_stored(stored.large_key)
        raise


def _point_rows_at(stored: StoredImage, key: str, places: list[ImageColumns]) -> set[str]:
    replaced: set[str] = set()
    for place in places:
        column = getattr(place.model, place.key)
        values: dict[str, object] = {place.key: stored.large_key}
        if place.phone:
            # the old square thumbnail was a file of its own
            phone = getattr(place.model, place.phone)
            replaced.update(db.session.scalars(select(phone).where(column == key)))
            values[place.phone] = stored.thumb_key
        if place.size:
            values.update(zip(place.size, (stored.width, stored.height), strict=True))
        db.session.execute(update(place.model).where(column == key).values(values))
    replaced.discard(key)
    return replaced
