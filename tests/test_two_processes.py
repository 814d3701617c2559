"""Two app servers behind one imaginary load balancer: gunicorn processes on two loopback ports,
sharing one PostgreSQL database, one Redis and one S3 bucket (moto on loopback), nothing else.
What one server did, the other sees: a login, the login rate limit, an uploaded image; and a job one
server queued is run by a separate worker process.

Needs TEST_DATABASE_URL pointing at PostgreSQL (CI's second pass) and Redis at 127.0.0.1:6379
(database 1 is flushed). The database is emptied and migrated with `flask db upgrade`."""

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from redis import Redis
from rq import Queue
from sqlalchemy import create_engine, text

from tests.factories import PASSWORD
from tests.moto_server import create_bucket, s3_settings
from tests.redis_helpers import flush, redis_url_or_skip
from tests.test_shops import application, picture

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


class Process:
    """A child process whose stderr is read as it comes (so its pipe never fills)."""

    def __init__(self, args, env):
        self.lines: list[str] = []
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, pattern: re.Pattern, timeout: float = 60) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if match := pattern.search(line):
                    return match
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{pattern.pattern!r} never came; output:\n{''.join(self.lines)}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(5)
        self.process.stderr.close()


def _empty_database():
    engine = create_engine(DATABASE_URL)
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '30s'"))  # fail, never hang, on a stray lock
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def _flask(env, *args):
    result = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def environment(request):
    if not DATABASE_URL.startswith("postgresql"):
        pytest.skip("two app servers share one PostgreSQL database: set TEST_DATABASE_URL to PostgreSQL")
    redis_url = redis_url_or_skip(1)
    moto_endpoint = request.getfixturevalue("moto_endpoint")
    bucket = f"images-{uuid.uuid4().hex[:12]}"
    create_bucket(moto_endpoint, bucket)
    env = {**os.environ, "FLASK_APP": "wsgi.py", "MARKETPLACE_ENV": "development",
           "SECRET_KEY": "the-same-secret-on-every-server", "DATABASE_URL": DATABASE_URL,
           "REDIS_URL": redis_url, "MAIL_BACKEND": "log", "LOG_FORMAT": "json",
           "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2", "GUNICORN_BIND": "127.0.0.1:0",
           **s3_settings(moto_endpoint, bucket)}
    _empty_database()
    _flask(env, "db", "upgrade")  # the only schema step
    yield env
    flush(redis_url)
    _empty_database()


@pytest.fixture(scope="module")
def gunicorns(environment):
    started = [Process([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], environment)
               for _ in range(2)]
    try:
        urls = [f"http://127.0.0.1:{server.wait_for(_LISTENING).group(1)}" for server in started]
        for url in urls:
            _wait_until_ready(url)
        yield list(zip(urls, started, strict=True))
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def servers(gunicorns):
    return [url for url, _ in gunicorns]


def _wait_until_ready(url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _browser().get(f"{url}/readyz", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or its worker still loading the app
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never became ready")


def _browser() -> requests.Session:
    """One visitor: a cookie jar for 127.0.0.1 (cookies ignore ports, so both servers get them)."""
    session = requests.Session()
    session.trust_env = False  # never a proxy for loopback
    return session


def _token(browser, url) -> str:
    match = _CSRF.search(browser.get(url, timeout=10).text)
    assert match, f"no form token on {url}"
    return match.group(1)


def _login(browser, url, email, password):
    data = {"csrf_token": _token(browser, f"{url}/login"), "email": email, "password": password}
    return browser.post(f"{url}/login", data=data, allow_redirects=False, timeout=10)


def _account(environment, email):
    _flask(environment, "create-user", "--email", email, "--name", "Siti Aminah", "--password", PASSWORD)


def test_a_login_made_on_one_server_is_valid_on_the_other(servers, environment):
    first, second = servers
    _account(environment, "siti@contoh.id")
    browser = _browser()
    assert _login(browser, first, "siti@contoh.id", PASSWORD).status_code == 302
    account = browser.get(f"{second}/account", allow_redirects=False, timeout=10)
    assert account.status_code == 200 and "siti@contoh.id" in account.text


def test_the_login_rate_limit_counts_attempts_on_both_servers(servers, environment):
    first, second = servers
    _account(environment, "rina@contoh.id")
    browser = _browser()
    tries = [_login(browser, url, "rina@contoh.id", "not-her-password").status_code
             for url in (first, second, first, second, first)]
    assert tries == [200] * 5  # five wrong passwords: the form again, with a message
    assert _login(browser, second, "rina@contoh.id", PASSWORD).status_code == 429
    assert _login(browser, first, "rina@contoh.id", PASSWORD).status_code == 429


def test_an_image_uploaded_through_one_server_is_served_by_the_other(servers, environment):
    first, second = servers
    _account(environment, "nur@contoh.id")
    browser = _browser()
    _login(browser, first, "nur@contoh.id", PASSWORD)
    form = {**application(), "csrf_token": _token(browser, f"{first}/shops/apply")}
    applied = browser.post(f"{first}/shops/apply", data=form, allow_redirects=False, timeout=30,
                           files={"logo": ("logo.jpg", picture("red"), "image/jpeg")})
    assert applied.status_code == 302
    engine = create_engine(DATABASE_URL)
    try:
        with engine.connect() as connection:
            key = connection.execute(text("SELECT logo_key FROM shops")).scalar_one()
    finally:
        engine.dispose()
    served = _browser().get(f"{second}/media/{key}", timeout=10)
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg"
    assert served.content == _browser().get(f"{first}/media/{key}", timeout=10).content


def test_a_job_queued_by_one_server_is_run_by_a_worker_process(servers, environment):
    first, _ = servers
    _account(environment, "dewi@contoh.id")
    browser = _browser()
    form = {"csrf_token": _token(browser, f"{first}/forgot-password"), "email": "dewi@contoh.id"}
    asked = browser.post(f"{first}/forgot-password", data=form, allow_redirects=False, timeout=10)
    assert asked.status_code == 302
    queue = Queue("marketplace", connection=Redis.from_url(environment["REDIS_URL"]))
    (queued,) = queue.get_jobs()
    assert queued.args[0] == "marketplace.web.mail:deliver" and "dewi@contoh.id" in queued.description
    worker = Process([sys.executable, "-m", "flask", "jobs", "worker", "--burst"], environment)
    try:
        assert worker.process.wait(120) == 0, "".join(worker.lines)
    finally:
        worker.stop()
    assert "Email to dewi@contoh.id" in "".join(worker.lines)
    queued.refresh()
    assert queued.get_status() == "finished" and queue.count == 0


def test_each_server_logs_one_json_line_per_request_with_its_id(gunicorns):
    url, process = gunicorns[0]
    response = _browser().get(f"{url}/healthz", headers={"X-Request-ID": "two-processes-1"}, timeout=10)
    assert response.headers["X-Request-ID"] == "two-processes-1"
    line = json.loads(process.wait_for(re.compile(r'^\{.*"request_id": "two-processes-1"')).string)
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
