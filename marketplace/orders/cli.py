"""`flask orders ...`: the upkeep of orders, for cron or by hand (the scheduler queues the same
actions as jobs: marketplace.schedule)."""

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.extensions import db
from marketplace.orders import actions
from marketplace.payments import actions as payment_actions

orders_cli = AppGroup("orders", help="Orders and their reservations.")


@orders_cli.command("expire")
def expire_orders():
    """Cancel checkouts whose payment deadline has passed and free their stock (safe from cron)."""
    expired = payment_actions.expire_unpaid()
    db.session.commit()
    click.echo(f"Expired {expired} unpaid checkout(s).")


@orders_cli.command("complete-shipped")
def complete_shipped():
    """Complete orders shipped ORDER_AUTO_COMPLETE_DAYS ago that the customer neither confirmed nor
    reported a problem with (safe from cron; the scheduler runs it too)."""
    completed = actions.complete_overdue(current_app.config["ORDER_AUTO_COMPLETE_DAYS"])
    db.session.commit()
    click.echo(f"Completed {completed} shipped order(s).")


commands = [orders_cli]
