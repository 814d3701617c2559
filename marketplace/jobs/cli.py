"""`flask jobs worker`: runs what the queue holds (the scheduler, `flask jobs scheduler`, is in
marketplace.schedule, beside the periodic jobs it queues)."""

import click
from flask.cli import AppGroup

from marketplace.jobs.queue import job_queue

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


commands = [jobs_cli]
