"""Run moto's S3 server on loopback for the storage tests, the way tests/localstripe_server.py runs
localstripe: in a subprocess (moto's imports and global state stay out of the pytest process, which
turns warnings into errors), bound to 127.0.0.1 on a port the child picks and prints.

    with running_moto() as endpoint:          # "http://127.0.0.1:<port>"
        client = s3_client(endpoint)
        client.create_bucket(Bucket="images")
"""

import contextlib
import os
import select
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator

import pytest

ACCESS_KEY = "testing"
SECRET_KEY = "testing"
REGION = "us-east-1"

_SERVER_CODE = """
import time

from moto.moto_server.threaded_moto_server import ThreadedMotoServer

server = ThreadedMotoServer("127.0.0.1", 0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
while True:
    time.sleep(3600)
"""

_START_TIMEOUT = 30.0


def _read_port(process: subprocess.Popen, deadline: float) -> int:
    assert process.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.1)
        if ready:
            line = process.stdout.readline()
            if line.strip().isdigit():
                return int(line)
            raise RuntimeError(f"moto did not report its port (got {line!r})")
        if process.poll() is not None:
            break
    raise RuntimeError("moto did not start")


def _answers(endpoint: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy for loopback
    try:
        with opener.open(f"{endpoint}/moto-api/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def running_moto() -> Iterator[str]:
    """Start moto's server on 127.0.0.1 and a free port; yield its endpoint; stop it on exit."""
    with tempfile.TemporaryFile() as stderr:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "AWS_ACCESS_KEY_ID": ACCESS_KEY,
               "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "AWS_DEFAULT_REGION": REGION}
        process = subprocess.Popen([sys.executable, "-c", _SERVER_CODE], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=stderr, env=env)
        try:
            deadline = time.monotonic() + _START_TIMEOUT
            try:
                endpoint = f"http://127.0.0.1:{_read_port(process, deadline)}"
                while not _answers(endpoint):
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("moto did not start")
                    time.sleep(0.05)
            except RuntimeError as error:
                stderr.seek(0)
                output = stderr.read().decode(errors="replace")
                raise RuntimeError(f"{error}; its stderr:\n{output}") from None
            yield endpoint
        finally:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            assert process.stdout is not None
            process.stdout.close()


def s3_settings(endpoint: str, bucket: str) -> dict[str, str]:
    """The config (and environment) that points the app's image storage at the bucket."""
    return {"STORAGE_BACKEND": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint,
            "S3_REGION": REGION, "S3_ACCESS_KEY_ID": ACCESS_KEY, "S3_SECRET_ACCESS_KEY": SECRET_KEY}


def create_bucket(endpoint: str, bucket: str) -> None:
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    try:
        client.create_bucket(Bucket=bucket)
    finally:
        client.close()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    with running_moto() as endpoint:
        yield endpoint
