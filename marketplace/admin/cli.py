"""`flask media rebuild`: photos uploaded before every photo was stored in its widths as WebP and
JPEG get their sizes. Safe to run again: a photo with its sizes is left as it is."""

import click
from flask.cli import AppGroup

from marketplace.curation.models import Collection
from marketplace.extensions import db
from marketplace.media.images import ImageRejected, delete_stored
from marketplace.media.rebuild import ImageColumns, convert_photo, photos_stored_whole
from marketplace.products.models import ProductImage
from marketplace.shops.models import Shop

media_cli = AppGroup("media", help="Stored photos.")

#: every public photo a page shows (transfer receipts are private and shown whole)
PHOTOS = [
    ImageColumns(ProductImage, "large_key", phone="thumb_key", size=("width", "height")),
    ImageColumns(Shop, "logo_key"),
    ImageColumns(Shop, "banner_key"),
    ImageColumns(Collection, "cover_key"),
]


@media_cli.command("rebuild")
def rebuild():
    """Store every photo that has no sizes yet in widths of 240 to 1600 px, as WebP and JPEG."""
    keys, already = photos_stored_whole(PHOTOS)
    converted, skipped = 0, []
    with click.progressbar(keys, label="Converting photos", show_pos=True, show_eta=False) as bar:
        for key in bar:
            try:
                old_files = convert_photo(key, PHOTOS)
            except ImageRejected as error:
                db.session.rollback()
                skipped.append((key, str(error)))
                continue
            db.session.commit()
            delete_stored(*old_files)  # only now that no page shows them
            converted += 1
    for key, reason in skipped:
        click.echo(f"Skipped {key}: {reason}. Ask its owner to upload the photo again.", err=True)
    click.echo(f"Photos: {converted} converted, {already} already had their sizes, "
               f"{len(skipped)} skipped.")


commands = [media_cli]
