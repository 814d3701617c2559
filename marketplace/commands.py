import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from marketplace.auth import services as accounts
from marketplace.auth.exceptions import AuthError
from marketplace.auth.models import Role
from marketplace.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed
from marketplace.extensions import db
from marketplace.orders import notifications
from marketplace.payments import services as payments
from marketplace.payments import stripe_gateway
from marketplace.payments.models import Payment


def register(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(orders_cli)
    app.cli.add_command(payments_cli)


orders_cli = AppGroup("orders", help="Orders and their reservations.")
payments_cli = AppGroup("payments", help="Payments.")


@orders_cli.command("expire")
def expire_orders():
    """Cancel checkouts whose payment deadline has passed and free their stock (safe from cron)."""
    expired = payments.expire_unpaid()
    db.session.commit()
    click.echo(f"Expired {expired} unpaid checkout(s).")


@payments_cli.command("reconcile")
def reconcile():
    """Ask Stripe about every card payment still pending and apply what it says (safe from cron)."""
    if not stripe_gateway.is_configured():
        raise click.ClickException("Stripe is not configured (STRIPE_SECRET_KEY)")
    outcomes = payments.reconcile_card_payments(stripe_gateway.intent_state)
    db.session.commit()
    click.echo("Reconciled: " + (", ".join(f"{count} {outcome}" for outcome, count in outcomes.items()) or
                                 "nothing to change"))


@payments_cli.command("confirm-transfer")
@click.argument("checkout_id", type=int)
@click.option("--by", "admin_email", required=True, help="Email of the admin who saw the money arrive.")
def confirm_transfer(checkout_id, admin_email):
    """Record that a checkout's bank transfer arrived, which marks its orders paid."""
    admin = accounts.find_user_by_email(admin_email)
    if admin is None or not admin.has_role(Role.ADMIN):
        raise click.ClickException(f"{admin_email} is not an admin")
    payment = db.session.scalar(select(Payment).where(Payment.checkout_id == checkout_id))
    if payment is None:
        raise click.ClickException(f"no checkout {checkout_id}")
    try:
        payments.confirm_bank_transfer(payment, admin)
    except payments.AlreadySettled as error:
        raise click.ClickException(f"checkout {checkout_id} is not waiting for a transfer") from error
    db.session.commit()
    notifications.checkout_paid(payment.checkout)
    click.echo(f"Checkout {checkout_id} is paid.")


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
@with_appcontext
def seed_demo(no_images):
    """Load the demo data for Banyuasin; safe to run again (nothing is duplicated)."""
    created = seed(with_images=not no_images)
    db.session.commit()
    click.echo(f"Demo data: {created} new record(s).")
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account['email']:<32} {', '.join(account['roles'])}")
