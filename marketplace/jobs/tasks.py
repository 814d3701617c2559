"""The jobs that are not emails: the follow-up of a payment webhook and the periodic upkeep that
`flask jobs scheduler` queues (and `flask orders expire` / `flask payments reconcile` run at once)."""

from contextlib import nullcontext

from flask import current_app, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.jobs.queue import job
from marketplace.mail import MAIL_RETRIES, deliver_now
from marketplace.orders import notifications
from marketplace.orders.models import Checkout, Order
from marketplace.payments import services as payments
from marketplace.payments import stripe_gateway
from marketplace.shops.models import Shop


def _site_context():
    """Emails link to the site: outside a request the links use the configured public address."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"])


def _checkout_for_emails(checkout_id: int) -> Checkout | None:
    """The checkout with all that its emails show (buyer, payment, each order's shop, its owner and
    its lines) in one query: a checkout has a few orders of a few lines, and one joined query costs
    the worker less than a query per relationship. Emails need no one's roles."""
    return db.session.execute(select(Checkout).where(Checkout.id == checkout_id).options(
        joinedload(Checkout.buyer).lazyload(User.role_grants), joinedload(Checkout.payment),
        joinedload(Checkout.orders).options(joinedload(Order.shop).joinedload(Shop.owner).lazyload(User.role_grants),
                                            joinedload(Order.lines)))).unique().scalar_one_or_none()


@job(**MAIL_RETRIES)
def tell_checkout_placed(checkout_id: int) -> None:
    """After a checkout: the buyer's confirmation, written and delivered where the jobs run rather
    than in the buyer's request; retried as a delivery is."""
    checkout = _checkout_for_emails(checkout_id)
    if checkout is None:
        return
    with _site_context():
        notifications.checkout_placed(checkout, send=deliver_now)  # this job is the delivery


@job()
def tell_checkout_paid(checkout_id: int) -> None:
    """After a payment webhook: tell the buyer and each shop (each email is a job of its own)."""
    checkout = _checkout_for_emails(checkout_id)
    if checkout is None:
        return
    with _site_context():
        notifications.checkout_paid(checkout)


@job(retries=2, intervals=(60, 300))
def expire_unpaid() -> int:
    """Cancel checkouts whose payment deadline has passed and free their stock."""
    expired = payments.expire_unpaid()
    db.session.commit()
    return expired


@job(retries=2, intervals=(60, 300))
def reconcile_payments() -> dict[str, int]:
    """Ask Stripe about every card payment still pending; nothing to do when cards are off."""
    if not stripe_gateway.is_configured():
        return {}
    outcomes = payments.reconcile_card_payments(stripe_gateway.intent_state)
    db.session.commit()
    return outcomes


#: what `flask jobs scheduler` queues, and the config key of each one's period in seconds
SCHEDULE = ((expire_unpaid, "JOBS_EXPIRE_EVERY"), (reconcile_payments, "JOBS_RECONCILE_EVERY"))
