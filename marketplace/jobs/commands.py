import time

import click
from flask import current_app
from flask.cli import AppGroup
from redis.exceptions import RedisError

from marketplace.jobs.queue import enqueue, job_queue, path_of
from marketplace.shared_redis import redis_connection

jobs_cli = AppGroup("jobs", help="Background jobs: the worker and the scheduler.")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker(burst):
    """Run queued jobs (and move retries back onto the queue when their wait is over)."""
    from rq import SimpleWorker

    queue = job_queue()
    if queue is None:
        raise click.ClickException("REDIS_URL is not set: jobs run inline and need no worker.")
    # SimpleWorker runs each job in this process, inside this command's app (no fork: the
    # database pool is never shared with a child process).
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)


@jobs_cli.command("scheduler")
@click.option("--once", is_flag=True, help="Queue what is due now, then stop (for cron or a test).")
@click.option("--tick", default=15, show_default=True, type=click.IntRange(min=1),
              help="Seconds between two looks at the schedule.")
def scheduler(once, tick):
    """Queue the periodic jobs (reservation expiry, payment reconciliation) when they are due.
    Several schedulers may run: each period is claimed in Redis, so every run happens once."""
    from marketplace.jobs.tasks import SCHEDULE

    last_runs: dict[str, int] = {}
    while True:
        for function, period_key in SCHEDULE:
            try:
                if _due(path_of(function), current_app.config[period_key], last_runs):
                    enqueue(function)
                    click.echo(f"Queued {path_of(function)}")
            except RedisError:
                current_app.logger.exception("Redis did not answer; trying again in %s s", tick)
        if once:
            return
        time.sleep(tick)


def _due(path: str, period: int, last_runs: dict[str, int]) -> bool:
    slot = int(time.time() // period)
    connection = redis_connection()
    if connection is None:
        due = last_runs.get(path) != slot
    else:
        key = f"{current_app.config['JOBS_QUEUE']}:schedule:{path}:{slot}"
        due = bool(connection.set(key, "1", nx=True, ex=period * 2))
    last_runs[path] = slot
    return due
