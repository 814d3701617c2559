"""Redis for tests: 127.0.0.1:6379 (a service on the CI machine), only the databases 1 to 3. Two
runs at once on one machine (SQLite and PostgreSQL side by side) would empty each other's
databases: give the second its own server with TEST_REDIS_SERVER (`redis://127.0.0.1:6380`)."""

import os

import pytest
from redis import Redis
from redis.exceptions import RedisError

HOST = os.environ.get("TEST_REDIS_SERVER", "redis://127.0.0.1:6379")


def redis_url_or_skip(database: int) -> str:
    """A flushed Redis database, or a skip saying why there is none."""
    assert database in (1, 2, 3), "the tests use Redis databases 1 to 3 only"
    url = f"{HOST}/{database}"
    connection = Redis.from_url(url, socket_connect_timeout=1)
    try:
        connection.flushdb()
    except RedisError as error:
        pytest.skip(f"no Redis at 127.0.0.1:6379 ({error})")
    finally:
        connection.close()
    return url


def flush(url: str) -> None:
    connection = Redis.from_url(url)
    try:
        connection.flushdb()
    finally:
        connection.close()
