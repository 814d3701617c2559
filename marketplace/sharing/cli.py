"""`flask sharing draw-images`: share images for the listings that were public before share
images existed (or were inserted in bulk, as the scale seeder does); afterwards each listing's
picture follows its changes by itself (sharing/services.py)."""

import click
from flask.cli import AppGroup

from marketplace.sharing.queries import public_product_ids
from marketplace.sharing.services import draw_share_image_of

sharing_cli = AppGroup("sharing", help="Link previews: the listings' share images.")


@sharing_cli.command("draw-images")
def draw_images():
    """Draw the share image of each public listing that has none or an outdated one. Safe to stop
    and run again: an image that shows its listing as it is is kept."""
    product_ids = public_product_ids()
    with click.progressbar(product_ids, label="Share images") as listings:
        for product_id in listings:
            draw_share_image_of(product_id)
    click.echo(f"{len(product_ids)} public listing(s) checked.")


commands = [sharing_cli]
