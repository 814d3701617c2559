"""The periodic upkeep that `flask jobs scheduler` queues (`flask orders expire`, `flask orders
complete-shipped` and `flask payments reconcile` run the same actions at once): each job calls one
action and commits. The emails that follow actions are jobs of their features."""

from flask import current_app

from marketplace.extensions import db
from marketplace.jobs.queue import job
from marketplace.orders import actions as order_actions
from marketplace.orders import payment_actions
from marketplace.reach import counting


@job(retries=2, intervals=(60, 300))
def expire_unpaid() -> int:
    """Cancel checkouts whose payment deadline has passed and free their stock."""
    expired = payment_actions.expire_unpaid()
    db.session.commit()
    return expired


@job(retries=2, intervals=(60, 300))
def reconcile_payments() -> dict[str, int]:
    """Ask Stripe and Midtrans about every payment still pending with them (each when configured)."""
    outcomes = payment_actions.reconcile_processor_payments()
    db.session.commit()
    return outcomes


@job(retries=2, intervals=(60, 300))
def complete_shipped() -> int:
    """Complete orders shipped ORDER_AUTO_COMPLETE_DAYS ago that nobody confirmed or complained of."""
    completed = order_actions.complete_overdue(current_app.config["ORDER_AUTO_COMPLETE_DAYS"])
    db.session.commit()
    return completed


@job(retries=2, intervals=(60, 300))
def flush_reach() -> int:
    """Move the page views and share taps counted in Redis into the daily tables (it commits them
    itself, paired with taking them out of Redis)."""
    return counting.flush_counts()


#: what `flask jobs scheduler` queues, and the config key of each one's period in seconds
SCHEDULE = ((expire_unpaid, "JOBS_EXPIRE_EVERY"), (reconcile_payments, "JOBS_RECONCILE_EVERY"),
            (complete_shipped, "JOBS_COMPLETE_EVERY"), (flush_reach, "JOBS_REACH_EVERY"))
