"""Background jobs, a piece of the core: how a job runs (`queue.py`: RQ on Redis, inline without),
the failed jobs kept for admins (`models.py`; running one again is `ops.services`) and the worker
(`cli.py`). The jobs themselves live with their features (the emails in `orders.notifications` and
`shops.notifications`), the periodic ones in marketplace.schedule."""

from marketplace.jobs.queue import enqueue, job

__all__ = ["enqueue", "job"]
