"""`flask jobs scheduler`: queues the periodic jobs of `tasks.py` when they are due. Several
schedulers may run: each period is claimed in Redis, so every run happens once."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from redis.exceptions import RedisError

from marketplace.extensions import redis_connection
from marketplace.jobs.cli import jobs_cli
from marketplace.jobs.queue import enqueue, path_of
from marketplace.schedule.tasks import SCHEDULE


@click.command("scheduler")
@with_appcontext
@click.option("--once", is_flag=True, help="Queue what is due now, then stop (for cron or a test).")
@click.option("--tick", default=15, show_default=True, type=click.IntRange(min=1),
              help="Seconds between two looks at the schedule.")
def scheduler(once, tick):
    """Queue the periodic jobs (reservation expiry, payment reconciliation) when they are due.
    Several schedulers may run: each period is claimed in Redis, so every run happens once."""
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


# One command group for the background jobs: the worker and the scheduler side by side.
jobs_cli.add_command(scheduler)
commands = []
