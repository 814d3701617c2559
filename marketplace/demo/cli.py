"""`flask seed-demo`: the demo data, safe to run again, and the catalogue at scale for benchmarks."""

import time

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from marketplace.demo.scale import scale_catalog
from marketplace.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, seed
from marketplace.extensions import db
from marketplace.shops.models import Cohort


@click.command("seed-demo")
@click.option("--no-images", is_flag=True, help="Skip drawing the demo photos (faster).")
@click.option("--products", type=click.IntRange(min=0), default=None,
              help="Scale the catalogue up to this many products with generated listings (benchmarks).")
@with_appcontext
def seed_demo(no_images, products):
    """Load the demo data for Banyuasin; safe to run again (nothing is duplicated)."""
    created = seed(with_images=not no_images)
    db.session.commit()
    click.echo(f"Demo data: {created} new record(s).")
    if products is not None:
        started = time.perf_counter()
        added = scale_catalog(products, cohort_id=db.session.scalar(select(Cohort.id).limit(1)))
        db.session.commit()
        click.echo(f"Generated {added} product(s) in {time.perf_counter() - started:.1f} s; "
                   f"the catalogue has at least {products}.")
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account['email']:<32} {', '.join(account['roles'])}")


commands = [seed_demo]
