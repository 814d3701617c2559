"""Background jobs: emails, the follow-up of payment webhooks, reservation expiry and payment
reconciliation. See `queue.py` for how a job runs, `tasks.py` for the periodic ones."""

from marketplace.jobs.queue import enqueue, job

__all__ = ["enqueue", "job"]
