import time

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from marketplace.auth import services as accounts
from marketplace.auth.exceptions import AuthError
from marketplace.auth.models import Role
from marketplace.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed
from marketplace.demo_scale import scale_catalog
from marketplace.exceptions import Refusal
from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.jobs.commands import jobs_cli
from marketplace.orders.models import Order
from marketplace.payments import actions as payment_actions
from marketplace.payments import stripe_gateway
from marketplace.payments.models import Payment
from marketplace.payments.services import AlreadySettled
from marketplace.shops.models import Cohort


def register(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(orders_cli)
    app.cli.add_command(payments_cli)
    app.cli.add_command(jobs_cli)


orders_cli = AppGroup("orders", help="Orders and their reservations.")
payments_cli = AppGroup("payments", help="Payments.")


@orders_cli.command("expire")
def expire_orders():
    """Cancel checkouts whose payment deadline has passed and free their stock (safe from cron)."""
    expired = tasks.expire_unpaid()
    click.echo(f"Expired {expired} unpaid checkout(s).")


@orders_cli.command("complete-shipped")
def complete_shipped():
    """Complete orders shipped ORDER_AUTO_COMPLETE_DAYS ago that the customer neither confirmed nor
    reported a problem with (safe from cron; the scheduler runs it too)."""
    completed = tasks.complete_shipped()
    click.echo(f"Completed {completed} shipped order(s).")


@payments_cli.command("reconcile")
def reconcile():
    """Ask Stripe about every card payment still pending and apply what it says (safe from cron)."""
    if not stripe_gateway.is_configured():
        raise click.ClickException("Stripe is not configured (STRIPE_SECRET_KEY)")
    outcomes = tasks.reconcile_payments()
    click.echo("Reconciled: " + (", ".join(f"{count} {outcome}" for outcome, count in outcomes.items()) or
                                 "nothing to change"))


@payments_cli.command("refund")
@click.argument("order_number")
@click.argument("amount", type=click.IntRange(min=1))
@click.option("--reason", required=True)
@click.option("--by", "admin_email", required=True, help="Email of the admin giving the refund.")
def refund_order(order_number, amount, reason, admin_email):
    """Refund AMOUNT rupiah of an order (card: through Stripe; transfer: recorded, sent back by hand)."""
    admin = _admin(admin_email)
    order = db.session.scalar(select(Order).where(Order.number == order_number))
    if order is None:
        raise click.ClickException(f"no order {order_number}")
    try:
        payment_actions.refund_order(order, amount, reason, admin, stripe_gateway.refund)
    except (Refusal, stripe_gateway.GatewayError) as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Refunded {amount} of {order_number}; the order is {order.status}.")


def _admin(email):
    admin = accounts.find_user_by_email(email)
    if admin is None or not admin.has_role(Role.ADMIN):
        raise click.ClickException(f"{email} is not an admin")
    return admin


@payments_cli.command("confirm-transfer")
@click.argument("checkout_id", type=int)
@click.option("--by", "admin_email", required=True, help="Email of the admin who saw the money arrive.")
def confirm_transfer(checkout_id, admin_email):
    """Record that a checkout's bank transfer arrived, which marks its orders paid."""
    admin = _admin(admin_email)
    payment = db.session.scalar(select(Payment).where(Payment.checkout_id == checkout_id))
    if payment is None:
        raise click.ClickException(f"no checkout {checkout_id}")
    try:
        outcome = payment_actions.confirm_transfer(payment, admin)
    except AlreadySettled as error:
        raise click.ClickException(f"checkout {checkout_id} is not waiting for a transfer") from error
    db.session.commit()
    click.echo(f"Checkout {checkout_id} is paid." if outcome == payment_actions.Outcome.DONE
               else f"Checkout {checkout_id} was already paid.")


@click.command("create-user")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", "roles", multiple=True, default=["customer"], show_default=True,
              type=click.Choice([role.value for role in Role]))
def create_user(email, name, password, roles):
    """Create an account (for example the first admin)."""
    try:
        user = accounts.create_user(email, name, password, roles=[Role(role) for role in roles])
    except AuthError as error:
        raise click.ClickException(f"{type(error).__name__}: {error}") from error
    db.session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}")


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
