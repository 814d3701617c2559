"""Checkout under contention on PostgreSQL: 16 buyers, each in its own thread with its own session,
log in and then, for the whole run, put one unit of a random product (of 100, each with a small
stock) in the cart and check out with bank transfer, through the real pages and their CSRF
tokens, against gunicorn with 2 workers. Prints checkouts per second, the p99 of the checkout
POST, refusals (the unit sold meanwhile: expected), errors, and the units oversold, counted in SQL
afterwards (must be 0). Target: 40 checkouts/s or more.

Every run starts from a fresh database (<prefix>_checkout, dropped and made again).

    .venv/bin/python bench/checkout.py                  # 60 s, 16 buyers, 40 units per product
    .venv/bin/python bench/checkout.py --seconds 10
"""

import http.client
import os
import random
import re
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from common import (
    BIN,
    PG_PREFIX,
    PG_SERVER,
    ROOT,
    app_environment,
    argument_parser,
    csrf_of,
    drop_postgres_database,
    flushed_redis,
    gunicorn,
    log_in,
    prepare,
)
from sqlalchemy import create_engine, text

PASSWORD = "bench-buyer-password"
TOKEN = re.compile(r'name="token"[^>]*value="([^"]+)"')
#: the first way to pay the checkout page offers (a bank transfer wherever the shops allow no other)
METHOD = re.compile(r'name="payment_method"[^>]*value="([a-z_]+)"')
ADDRESS = {"recipient": "Pembeli Bench", "phone": "0812 3456 7890", "street": "Jl. Merdeka 1",
           "village": "Pangkalan Balai", "kecamatan": "Banyuasin III", "city": "Banyuasin",
           "province": "Sumatera Selatan", "postal_code": "30911", "payment_method": "bank_transfer"}


def set_up(url: str, buyers: int, products: int, stock: int) -> list[tuple[int, int]]:
    """Buyers' accounts, and `products` public, ready-made listings with one variant of `stock`."""
    from config import DevelopmentConfig
    from marketplace import create_app
    from marketplace.auth.services import create_user
    from marketplace.extensions import db

    app = create_app(DevelopmentConfig(app_environment(url)))
    with app.app_context():
        for number in range(buyers):
            create_user(f"buyer-{number}@bench.pasarbatik.id", f"Pembeli {number}", PASSWORD)
        rows = db.session.execute(text(
            "SELECT min(v.id) AS variant_id, p.id FROM products p JOIN shops s ON s.id = p.shop_id "
            "JOIN variants v ON v.product_id = p.id WHERE s.state = 'verified' AND p.status = 'active' "
            "AND NOT p.hidden AND NOT p.made_to_order GROUP BY p.id ORDER BY p.id LIMIT :count"),
            {"count": products}).all()
        chosen = [(product_id, variant_id) for variant_id, product_id in rows]
        db.session.execute(text("UPDATE variants SET stock_on_hand = :stock, stock_reserved = 0 "
                                "WHERE id = ANY(:ids)"), {"stock": stock, "ids": [v for _, v in chosen]})
        db.session.commit()
        db.engine.dispose()
    return chosen


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    text: str


class Browser:
    """One buyer's browser, lean as a load generator should be: http.client, a connection per request
    (gunicorn's sync workers close each one) and the cookies kept by name. The `requests` library
    took a tenth of this 2-core machine, which the server being measured then did not have."""

    def __init__(self, base: str):
        address = urlsplit(base)
        self.host, self.port = address.hostname, address.port
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Answer:
        return self._request("GET", path)

    def post(self, path: str, data: dict) -> Answer:
        return self._request("POST", path, urlencode(data))

    def _request(self, method: str, path: str, body: str | None = None) -> Answer:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.getheader("Location", ""), response.read().decode())
            for header in response.headers.get_all("Set-Cookie") or ():
                self._keep(SimpleCookie(header))
            return answer
        finally:
            connection.close()

    def _keep(self, cookie: SimpleCookie) -> None:
        for name, morsel in cookie.items():
            if morsel.value and morsel["max-age"] != "0":
                self.cookies[name] = morsel.value
            else:  # deleted by the server
                self.cookies.pop(name, None)


#: what a failed request raises, besides an answer the buyer did not expect (RuntimeError)
FAILURES = (OSError, http.client.HTTPException, RuntimeError)


@dataclass
class Tally:
    placed: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def buyer(base: str, number: int, listings: list, sold_out: set, deadline: float, tally: Tally) -> None:
    credentials = {"email": f"buyer-{number}@bench.pasarbatik.id", "password": PASSWORD}
    browser = Browser(base)
    try:
        log_in(lambda path: browser.get(path).text, lambda path, data: browser.post(path, data).status,
               credentials)
        csrf = csrf_of(browser.get("/cart").text, "/cart")
    except FAILURES as error:
        with tally.lock:
            tally.errors.append(f"{type(error).__name__}: {error}")
        return
    rng = random.Random(number)
    while time.monotonic() < deadline:
        open_listings = [listing for listing in listings if listing[1] not in sold_out]
        if not open_listings:
            return
        try:
            _buy_one(browser, csrf, rng.choice(open_listings), sold_out, tally)
        except FAILURES as error:
            with tally.lock:
                tally.errors.append(f"{type(error).__name__}: {error}")


def _buy_one(browser: Browser, csrf: str, listing, sold_out, tally) -> None:
    product_id, variant_id = listing
    browser.post("/cart/add", {"csrf_token": csrf, "product_id": product_id, "variant_id": variant_id,
                               "quantity": 1})
    form = browser.get("/checkout")
    if form.status == 302:  # an empty cart: the last unit went to someone else
        sold_out.add(variant_id)
        with tally.lock:
            tally.refused += 1
        return
    token = TOKEN.search(form.text)
    if form.status != 200 or not token:
        raise RuntimeError(f"checkout form answered {form.status}")
    # Sent as a browser sends the radio the page offers: without it the form asks how to pay.
    method = METHOD.search(form.text)
    choice = {"payment_method": method.group(1)} if method else {}
    started = time.perf_counter()
    placed = browser.post("/checkout", {"csrf_token": csrf, "token": token.group(1), **ADDRESS, **choice})
    elapsed = time.perf_counter() - started
    if placed.status == 302 and "/checkouts/" in placed.location:
        with tally.lock:
            tally.placed += 1
            tally.latencies.append(elapsed)
    elif placed.status == 200:  # refused with a message (sold meanwhile): empty the cart
        browser.post(f"/cart/{variant_id}/remove", {"csrf_token": csrf})
        with tally.lock:
            tally.refused += 1
    else:
        raise RuntimeError(f"checkout POST answered {placed.status}")


REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")


class _Worker:
    """`flask jobs worker` beside the servers, as in production: the checkout's emails are jobs."""

    def __init__(self, process: subprocess.Popen, env: dict):
        self.process, self.env = process, env
        self.finished = self.failed = 0

    def drain(self) -> int:
        """Jobs still waiting when the buyers stopped; the worker then finishes them and stops.
        The jobs run are the worker's own count, which RQ keeps for a minute after the worker stops
        (a finished job itself is kept only for RESULT_TTL)."""
        from redis import Redis
        from rq import Queue, Worker

        connection = Redis.from_url(self.env["REDIS_URL"])
        queue = Queue(self.env.get("JOBS_QUEUE", "marketplace"), connection=connection)
        waiting = queue.count
        deadline = time.monotonic() + 120
        while queue.count and time.monotonic() < deadline:
            time.sleep(0.5)
        keys = [worker.key for worker in Worker.all(queue=queue)]
        self.process.terminate()  # RQ's warm shutdown: the job in hand is finished first
        self.process.wait(timeout=60)
        self.finished = sum(int(connection.hget(key, "successful_job_count") or 0) for key in keys)
        self.failed = queue.failed_job_registry.count
        connection.close()
        return waiting


@contextmanager
def jobs_worker(env: dict):
    process = subprocess.Popen([str(BIN / "flask"), "jobs", "worker"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = _Worker(process, env)
    try:
        yield worker
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


OVERSOLD = text("""
SELECT coalesce(sum(greatest(sold - v.stock_on_hand, 0)), 0) AS oversold,
       count(*) FILTER (WHERE sold <> v.stock_reserved) AS mismatched,
       coalesce(sum(sold), 0) AS units
FROM variants v
JOIN (SELECT l.variant_id, sum(l.quantity) AS sold FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE o.status <> 'cancelled' GROUP BY l.variant_id) lines ON lines.variant_id = v.id
""")


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--buyers", type=int, default=16)
    parser.add_argument("--products", type=int, default=100)
    parser.add_argument("--stock", type=int, default=40,
                        help="units of each product (enough that some are left after 60 s)")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per worker (more than 1: gthread workers, as gunicorn.conf.py runs)")
    options = parser.parse_args()
    url = f"{PG_SERVER}/{PG_PREFIX}_checkout"
    drop_postgres_database(url)
    prepare("postgresql", 500, url=url)
    listings = set_up(url, options.buyers, options.products, options.stock)
    tally, sold_out = Tally(), set()
    env = dict(app_environment(url), REDIS_URL=flushed_redis(REDIS_URL))
    worker_class = "gthread" if options.threads > 1 else "sync"
    with gunicorn("wsgi:app", env, worker_class=worker_class, threads=options.threads) as base, \
            jobs_worker(env) as worker:
        Browser(base).get("/products")
        started = time.monotonic()
        deadline = started + options.seconds
        threads = [threading.Thread(target=buyer, args=(base, number, listings, sold_out, deadline, tally))
                   for number in range(options.buyers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        waiting = worker.drain()
    engine = create_engine(url)
    with engine.connect() as connection:
        oversold, mismatched, units = connection.execute(OVERSOLD).one()
    engine.dispose()
    latencies = sorted(tally.latencies) or [0.0]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    p50 = latencies[len(latencies) // 2] * 1000
    print(f"\nPostgreSQL, {options.buyers} buyers, {options.products} products x {options.stock} units, "
          f"{elapsed:.0f} s, gunicorn -w 2 ({worker_class}, {options.threads} thread(s) each)")
    print(f"checkouts placed: {tally.placed} ({tally.placed / elapsed:.1f}/s), "
          f"checkout POST p50 {p50:.0f} ms, p99 {p99:.0f} ms")
    print(f"refused (sold meanwhile): {tally.refused}; sold out: {len(sold_out)} of {len(listings)} products")
    print(f"errors: {len(tally.errors)}" + (f" (first: {tally.errors[0]})" if tally.errors else ""))
    print(f"units reserved by orders: {units}; oversold: {oversold}; variants whose reserved count "
          f"differs from their orders: {mismatched}")
    print(f"jobs (a confirmation email each): queued when the buyers stopped {waiting}, run by the worker "
          f"{worker.finished}, failed {worker.failed}")
    print("(target: 40 checkouts/s or more; oversold must be 0)")


if __name__ == "__main__":
    main()
