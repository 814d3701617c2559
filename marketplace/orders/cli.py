"""`flask orders ...`: the upkeep of orders, for cron or by hand (the scheduler queues the same
actions as jobs: marketplace.schedule). `flask payments ...`: the agency's money actions on orders,
each the same action (and audit entry, and emails) as the admin pages and the API."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from marketplace.auth import services as accounts
from marketplace.auth.models import Role
from marketplace.exceptions import Refusal
from marketplace.extensions import db
from marketplace.orders import actions, payment_actions
from marketplace.orders.models import Order
from marketplace.payments import gateways, midtrans_gateway, stripe_gateway
from marketplace.payments.models import Payment
from marketplace.payments.services import AlreadySettled
from marketplace.transitions import Outcome

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


payments_cli = AppGroup("payments", help="Payments.")


@payments_cli.command("reconcile")
def reconcile():
    """Ask Stripe and Midtrans about every payment still pending with them and apply what they say
    (safe from cron)."""
    if not stripe_gateway.is_configured() and not midtrans_gateway.is_configured():
        raise click.ClickException("No payment processor is configured (STRIPE_SECRET_KEY, MIDTRANS_*)")
    outcomes = payment_actions.reconcile_processor_payments()
    db.session.commit()
    click.echo("Reconciled: " + (", ".join(f"{count} {outcome}" for outcome, count in outcomes.items()) or
                                 "nothing to change"))


@payments_cli.command("refund")
@click.argument("order_number")
@click.argument("amount", type=click.IntRange(min=1))
@click.option("--reason", required=True)
@click.option("--by", "admin_email", required=True, help="Email of the admin giving the refund.")
def refund_order(order_number, amount, reason, admin_email):
    """Refund AMOUNT rupiah of an order (card: through Stripe; QRIS and e-wallets: through Midtrans;
    transfer and virtual account: recorded, sent back by hand)."""
    admin = _admin(admin_email)
    order = db.session.scalar(select(Order).where(Order.number == order_number))
    if order is None:
        raise click.ClickException(f"no order {order_number}")
    try:
        payment_actions.refund_order(order, amount, reason, admin, gateways.send_refund)
    except Refusal as error:
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
    click.echo(f"Checkout {checkout_id} is paid." if outcome == Outcome.DONE
               else f"Checkout {checkout_id} was already paid.")


commands = [orders_cli, payments_cli]
