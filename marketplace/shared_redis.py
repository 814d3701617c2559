"""This process's connection to REDIS_URL: what app servers share lives there (the job queue, the
page cache; `/readyz` asks it). Rate limits have their own storage, set up by Flask-Limiter."""

from flask import current_app
from redis import Redis


def redis_connection() -> Redis | None:
    """The connection, made on first use and kept for the app; None when REDIS_URL is not set."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    extensions = current_app.extensions
    if "redis" not in extensions:
        extensions["redis"] = Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)
    return extensions["redis"]
