from collections.abc import Callable

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import User
from marketplace.extensions import utcnow
from marketplace.jobs.models import FailedJob
from marketplace.jobs.queue import UnknownJob, resolve


class AlreadyRetried(Exception):
    """The failed job was already run again; a new failure shows up as a new row."""


def mark_retried(failed: FailedJob, admin: User) -> Callable:
    """Record that `admin` runs a failed job again, and return its function. The caller commits,
    then queues it: run inline, the job must not wait on this unfinished transaction."""
    if failed.retried_at is not None:
        raise AlreadyRetried(failed.id)
    function = resolve(failed.function)  # UnknownJob: the code no longer has that job
    before = snapshot(failed, "retried_at")
    failed.retried_at = utcnow()
    failed.retried_by_id = admin.id
    record_action(admin, "job.retry", failed, before=before, after=snapshot(failed, "retried_at"))
    return function


__all__ = ["AlreadyRetried", "UnknownJob", "mark_retried"]
