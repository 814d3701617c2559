"""How a job runs. With REDIS_URL set, `enqueue` puts the job on an RQ queue and `flask jobs worker`
runs it, retrying with back-off. Without Redis the job runs at once in this process (the embedded
default: one command, no worker). Either way a job that fails on its last attempt is written to
`failed_jobs`, where admins see it and run it again; nothing is dropped silently.

A job is a plain function marked with `@job`, called with JSON-friendly arguments (ids, strings),
that commits its own work. It runs in an app context of its own, so it has its own database session,
as it would in the worker."""

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.extensions import db, redis_connection
from marketplace.jobs.models import FailedJob

#: how long RQ keeps a job that succeeded, in seconds: long enough to see what just ran (`rq info`);
#: jobs return nothing anyone reads and their failures live in the database, and at checkout rates a
#: day of kept jobs would be millions of hashes in Redis. (0, deleting the job at once, costs the
#: worker more: RQ then removes it from every registry one command at a time.)
RESULT_TTL = 10 * 60


class UnknownJob(LookupError):
    """Not the path of a function marked with @job: never imported and called."""


@dataclass(frozen=True)
class JobSpec:
    retries: int
    #: seconds to wait before each retry (the last one repeats)
    intervals: tuple[int, ...]


def job(retries: int = 3, intervals: tuple[int, ...] = (30, 300, 1800)):
    """Mark a function as a job that may be queued, retried `retries` times after a failure."""
    def mark(function: Callable) -> Callable:
        function.job_spec = JobSpec(retries, tuple(intervals))
        return function
    return mark


def path_of(function: Callable) -> str:
    return f"{function.__module__}:{function.__qualname__}"


def resolve(path: str) -> Callable:
    module_name, _, name = path.partition(":")
    try:
        function = getattr(import_module(module_name), name, None)
    except ImportError as error:
        raise UnknownJob(path) from error
    if getattr(function, "job_spec", None) is None:
        raise UnknownJob(path)
    return function


def job_queue():
    from rq import Queue

    connection = redis_connection()
    return None if connection is None else Queue(current_app.config["JOBS_QUEUE"], connection=connection)


def enqueue(function: Callable, *args, description: str | None = None) -> str | None:
    """Run `function(*args)` as a job; returns the queued job's id, or None when it ran inline."""
    path, spec = path_of(function), function.job_spec
    description = (description or _describe(path, args))[:300]
    queue = job_queue()
    if queue is None:
        run_inline(path, list(args), description)
        return None
    try:
        queued = queue.enqueue(perform, path, list(args), description, retry=_retry(spec),
                               description=description, result_ttl=RESULT_TTL)
    except RedisError as error:  # the queue is down: the job waits in the database for a retry
        current_app.logger.exception("Could not queue job %s", description)
        record_failure(path, list(args), description, error, attempts=0)
        return None
    return queued.id


#: where a session keeps the jobs that wait for its commit
AFTER_COMMIT = "jobs_after_commit"


def enqueue_after_commit(function: Callable, *args) -> None:
    """Queue `function(*args)` once the current transaction commits, so the job reads what it
    wrote, whichever page or API route commits it; a rollback drops it."""
    db.session.info.setdefault(AFTER_COMMIT, []).append((function, args))


#: where a session keeps the work to run in this process once it commits
IN_PROCESS_AFTER_COMMIT = "in_process_after_commit"


def run_after_commit(function: Callable, *args) -> None:
    """Call `function(*args)` in this process once the current transaction commits, in an app
    context (and so a database session) of its own, before the request answers: for work whose
    result the next page needs at once, such as the card processor's intent for a new checkout."""
    db.session.info.setdefault(IN_PROCESS_AFTER_COMMIT, []).append((function, args))


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session):
    for function, args in session.info.pop(AFTER_COMMIT, []):
        enqueue(function, *args)
    for function, args in session.info.pop(IN_PROCESS_AFTER_COMMIT, []):
        with current_app._get_current_object().app_context():
            function(*args)


@event.listens_for(Session, "after_rollback")
def _drop_rolled_back(session):
    session.info.pop(AFTER_COMMIT, None)
    session.info.pop(IN_PROCESS_AFTER_COMMIT, None)


def run_inline(path: str, args: list, description: str) -> None:
    app = current_app._get_current_object()
    with app.app_context():
        try:
            resolve(path)(*args)
        except Exception as error:
            db.session.rollback()
            app.logger.exception("Job %s failed", description)
            record_failure(path, args, description, error, attempts=1)


def perform(path: str, args: list, description: str):
    """What the RQ worker runs (inside `flask jobs worker`, which provides the app): the job in a
    fresh app context; its last failure is recorded."""
    from rq import get_current_job

    queued = get_current_job()
    app = current_app._get_current_object()
    with app.app_context():
        try:
            return resolve(path)(*args)
        except Exception as error:
            db.session.rollback()
            if queued is None or not queued.retries_left:
                record_failure(path, args, description, error, attempts=_attempts(path, queued))
            raise


def record_failure(path: str, args: list, description: str, error: BaseException, attempts: int) -> None:
    """Written in a session of its own, so whatever the caller rolls back, the failure stays."""
    text = "".join(traceback.format_exception(error))[-8000:]
    with Session(db.engine) as session:
        session.add(FailedJob(function=path, arguments=args, description=description,
                              attempts=attempts, error=text))
        session.commit()


def _retry(spec: JobSpec):
    from rq import Retry

    return Retry(max=spec.retries, interval=list(spec.intervals)) if spec.retries else None


def _attempts(path: str, queued) -> int:
    if queued is None:
        return 1
    try:
        retries = resolve(path).job_spec.retries
    except UnknownJob:
        return 1
    return retries - (queued.retries_left or 0) + 1


def _describe(path: str, args) -> str:
    return f"{path.rpartition(':')[2]}({', '.join(repr(arg) for arg in args)})"

