"""What the benchmark scripts share: databases seeded to a size, gunicorn on a loopback port, wrk as
the load generator, and counting SQL queries per page in-process."""

import argparse
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DATA = ROOT / "instance" / "bench"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
#: bench databases are called <prefix>_<products>; never a database the tests or CI use
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "bench")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is needed as the load generator: apt-get install -y wrk (Debian, Ubuntu)")
    return wrk


def database_url(kind: str, products: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{DATA / f'sqlite_{products}.db'}"
    if kind == "postgresql":
        return f"{PG_SERVER}/{PG_PREFIX}_{products}"
    raise SystemExit(f"unknown database kind {kind!r}: sqlite or postgresql")


def app_environment(url: str) -> dict:
    """The environment a bench server runs with: the development settings (plain-HTTP cookies),
    a fixed secret so both workers agree, logs kept quiet."""
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench-secret-key", FLASK_APP="wsgi.py",
               MARKETPLACE_ENV="development", UPLOAD_FOLDER=str(DATA / "uploads"), PYTHONPATH=str(ROOT))
    env.pop("FLASK_DEBUG", None)
    return env


def _create_postgres_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _vacuum_analyze(url: str) -> None:
    """What autovacuum does soon after a bulk load in production: statistics for the planner, and
    the search index's pending list merged (until then every search scans that list; the search
    counted its matches nearly four times slower on a freshly seeded catalogue)."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def prepare(kind: str, products: int, images: bool = False, url: str | None = None) -> str:
    """A database of this kind holding the demo data scaled to `products` (made once, then reused)."""
    DATA.mkdir(parents=True, exist_ok=True)
    url = url or database_url(kind, products)
    if kind == "postgresql":
        _create_postgres_database(url)
    env = app_environment(url)
    flask = str(BIN / "flask")
    started = time.perf_counter()
    subprocess.run([flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    seed = [flask, "seed-demo", "--products", str(products)] + ([] if images else ["--no-images"])
    result = subprocess.run(seed, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    if kind == "postgresql":
        _vacuum_analyze(url)
    print(f"# {kind} with {products} products ready in {time.perf_counter() - started:.0f} s: "
          + result.stdout.splitlines()[1 if "Generated" in result.stdout else 0], flush=True)
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} stopped (exit code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not start in {seconds} s")


def server_settings(workers: int = 2, worker_class: str = "sync", threads: int = 1) -> list[str]:
    """Gunicorn's settings for a bench server, all given here: gunicorn would otherwise read the
    production gunicorn.conf.py from the working directory, whose threads turn sync workers into
    gthread ones and whose max_requests replaces a worker in the middle of a memory reading."""
    return ["-c", str(ROOT / "bench" / "gunicorn.conf.py"), "-w", str(workers), "-k", worker_class,
            "--threads", str(threads), "--max-requests", "0", "--log-level", "warning"]


#: where bench servers write their logs: one line per request, as in production, kept out of the
#: figures the scripts print
SERVER_LOG = DATA / "server.log"


def server_log():
    """The bench servers' log file, opened for appending (its file is inherited by the server)."""
    DATA.mkdir(parents=True, exist_ok=True)
    return open(SERVER_LOG, "ab")


@contextmanager
def gunicorn(app: str, env: dict, workers: int = 2, worker_class: str = "sync", threads: int = 1):
    """`app` served by gunicorn on a free loopback port; yields its base URL."""
    port = free_port()
    command = [str(BIN / "gunicorn"), *server_settings(workers, worker_class, threads),
               "-b", f"127.0.0.1:{port}", app]
    with server_log() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        _wait_until_up(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def worker_pids(server_pid: int) -> list[int]:
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def warm(urls: list[str], rounds: int = 3) -> None:
    """A few requests to each page from two threads at once, so both workers have loaded their
    templates and translations (a first request can take longer than wrk's 2 s timeout)."""
    import requests

    with ThreadPoolExecutor(2) as pool:
        for url in urls:
            list(pool.map(lambda target: requests.get(target, timeout=60), [url] * 2 * rounds))


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, connections: int = 8, seconds: int = 10, threads: int = 2,
        cookie: str | None = None) -> dict:
    """Requests per second, p50 and p99 in milliseconds, and failed requests, measured by wrk;
    `cookie`: the Cookie header every request sends (a logged-in member's session)."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run([require_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", *headers,
                             "--latency", url], capture_output=True, text=True, check=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if len(percentiles) != 2:
        raise SystemExit(f"wrk measured nothing at {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": _milliseconds(percentiles["50"]), "p99": _milliseconds(percentiles["99"]),
            "errors": (int(errors.group(1)) if errors else 0)
            + (sum(map(int, socket_errors.groups())) if socket_errors else 0)}


#: the signed-in visitors the page benchmarks measure: a customer (who gets stored pages), an
#: artisan and a curator (who get product and shop pages rendered: previews, reply forms); the
#: curator signs in with an authenticator code, as the agency must
ACCOUNTS = {
    "customer": {"email": "member@bench.pasarbatik.id", "password": "bench-member-password"},
    "artisan": {"email": "artisan@bench.pasarbatik.id", "password": "bench-artisan-password",
                "totp": None},
    "curator": {"email": "curator@bench.pasarbatik.id", "password": "bench-curator-password",
                "totp": "JBSWY3DPEHPK3PXPBENCHCURATOR2345"},
    "admin": {"email": "admin@bench.pasarbatik.id", "password": "bench-admin-password",
              "totp": "JBSWY3DPEHPK3PXPBENCHADMIN234567"},
}
MEMBER = ACCOUNTS["customer"]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_of(html: str, where: str) -> str:
    """The CSRF token of a page's form."""
    match = CSRF.search(html)
    if not match:
        raise RuntimeError(f"no CSRF token on {where}")
    return match.group(1)


def ensure_member(url: str) -> None:
    """The accounts of ACCOUNTS (made once per database): the customer, an artisan, and a curator
    and an admin with an authenticator."""
    from config import DevelopmentConfig
    from marketplace import create_app
    from marketplace.auth.models import Role
    from marketplace.auth.services import create_user, find_user_by_email
    from marketplace.extensions import db, utcnow

    roles = {"customer": (Role.CUSTOMER,), "artisan": (Role.CUSTOMER, Role.ARTISAN),
             "curator": (Role.CUSTOMER, Role.CURATOR), "admin": (Role.CUSTOMER, Role.ADMIN)}
    app = create_app(DevelopmentConfig(app_environment(url)))
    with app.app_context():
        for kind, account in ACCOUNTS.items():
            if find_user_by_email(account["email"]) is None:
                user = create_user(account["email"], f"Bench {kind}", account["password"], roles=roles[kind])
                if account.get("totp"):
                    user.totp_secret, user.totp_enabled_at = account["totp"], utcnow()
        db.session.commit()
        db.engine.dispose()


def forget_last_code(url: str, credentials: dict) -> None:
    """Let the account use its authenticator's current code again (the app refuses a code used
    twice, and the benchmarks log the curator in several times within 30 seconds)."""
    if not credentials.get("totp"):
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET totp_last_step = NULL WHERE email = :email"),
                           {"email": credentials["email"]})
    engine.dispose()


def log_in(get_page, post, credentials: dict) -> None:
    """Log in through /login with its CSRF token, as a browser does, and with the authenticator's
    code when the account has one. `get_page(path)` returns a page's HTML and `post(path, data)`
    the status of a form post, in whichever client logs in."""
    status = post("/login", {"csrf_token": csrf_of(get_page("/login"), "/login"), **credentials})
    if status != 302:
        raise RuntimeError(f"{credentials['email']} could not log in ({status})")
    if credentials.get("totp"):
        import pyotp

        form = get_page("/login/two-factor")
        code = pyotp.TOTP(credentials["totp"]).now()
        if post("/login/two-factor", {"csrf_token": csrf_of(form, "/login/two-factor"), "code": code}) != 302:
            raise RuntimeError(f"{credentials['email']} could not give the authenticator's code")


def logged_in_session(base: str, credentials: dict):
    """A `requests` session logged in on the server at `base`."""
    import requests

    session = requests.Session()
    log_in(lambda path: session.get(base + path).text,
           lambda path, data: session.post(base + path, data=data, allow_redirects=False).status_code,
           credentials)
    return session


def member_cookie(base: str, credentials: dict = MEMBER, url: str | None = None) -> str:
    """The Cookie header of an account's session on the server at `base` (`url`: its database,
    for an account with an authenticator)."""
    if url is not None:
        forget_last_code(url, credentials)
    session = logged_in_session(base, credentials)
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def count_queries(url: str, paths: list[str], member: bool | dict = False, **settings: str) -> dict[str, int]:
    """SQL statements each page sends, counted in-process with an engine event (second request,
    so nothing is counted that only the first request after start does). `settings` are added to
    the environment (REDIS_URL: the second request is then served by the page cache); `member`:
    the pages as the logged-in bench member gets them (True) or the account of ACCOUNTS given."""
    from sqlalchemy import event

    from config import DevelopmentConfig
    from marketplace import create_app
    from marketplace.extensions import db

    app = create_app(DevelopmentConfig({**app_environment(url), **settings}))
    logging.getLogger("marketplace.requests").setLevel(logging.WARNING)  # not among the figures
    statements = []
    counts = {}
    with app.app_context():
        engine = db.engine
    # The requests each push their own app context, as in a server: inside a shared one, what
    # Flask-Login keeps on `g` (the member, loaded once) would carry over from one to the next.
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    client = app.test_client()
    if member:
        credentials = MEMBER if member is True else member
        forget_last_code(url, credentials)
        log_in(lambda path: client.get(path).get_data(as_text=True),
               lambda path, data: client.post(path, data=data).status_code, credentials)
    for path in paths:
        client.get(path)
        statements.clear()
        status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        counts[path] = len(statements)
    engine.dispose()
    return counts


def public_product_ids(url: str, count: int) -> list[int]:
    """The newest public products (generated ones, once the catalogue is scaled up)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        ids = connection.execute(text(
            "SELECT p.id FROM products p JOIN shops s ON s.id = p.shop_id WHERE s.state = 'verified' "
            "AND p.status = 'active' AND p.hidden = :no ORDER BY p.id DESC LIMIT :count"
        ), {"no": False, "count": count}).scalars().all()
    engine.dispose()
    return list(ids)


def flushed_redis(url: str) -> str:
    """The Redis database at `url`, emptied (the page cache's pages and version from a last run)."""
    from redis import Redis

    connection = Redis.from_url(url)
    try:
        connection.flushdb()
    finally:
        connection.close()
    return url


def sample_paths(url: str) -> dict[str, str]:
    """The pages measured: home, the list, a public product's page and a search."""
    return {"home": "/", "list": "/products", "product": f"/products/{public_product_ids(url, 1)[0]}",
            "search": "/products?q=ikan+belida"}


def argument_parser(doc: str) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)


def against_ceiling(figures: dict, bare: dict) -> dict:
    """A page's wrk figures beside the ceiling's, measured right before it: the columns of a row."""
    return {"rps": f"{figures['rps']:.0f}", "p50": f"{figures['p50']:.1f}", "p99": f"{figures['p99']:.1f}",
            "ceiling rps": f"{bare['rps']:.0f}", "ratio": f"{figures['rps'] / bare['rps']:.0%}",
            "errors": figures["errors"]}


def table(rows: list[dict], columns: list[str]) -> str:
    """A Markdown table, to paste into the README as it is."""
    widths = {column: max(len(column), *(len(str(row.get(column, ""))) for row in rows))
              for column in columns}
    lines = [" | ".join(column.ljust(widths[column]) for column in columns),
             "-|-".join("-" * widths[column] for column in columns)]
    lines += [" | ".join(str(row.get(column, "")).ljust(widths[column]) for column in columns)
              for row in rows]
    return "\n".join(lines)
