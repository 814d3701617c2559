"""Pages against the Flask ceiling: home, the product list (24 per page), a search, a product page and
its shop's page, each measured with wrk next to bench/ceiling_app.py on the same database, all served
by gunicorn with 2 workers. Each page is measured as it is served to five visitors: rendered (the
page cache off: every request runs its SQL and templates), anonymous from the page cache in Redis,
and signed in as a customer, an artisan and a curator on the server with the page cache (a customer
gets stored pages with their own menu; artisans and curators get product and shop pages rendered,
with previews and reply forms, and the lists from the cache). Prints req/s, p50, p99, the ratio to
the ceiling measured right before each page, and the SQL queries per page.

Then the product page's cache hit rate while buyers check out products of other shops, through the
real cart and checkout pages: a reader asks for the product page in a loop and counts the answers
the cache served (X-Page-Cache: hit) against those it had to render.

Targets (issue 21): rendered catalogue, search, product and shop pages >= 50% of the ceiling, p99
< 25 ms; cached ones >= 100%; <= 4 queries per public page; hit rate > 95% during checkouts.

    .venv/bin/python bench/pages.py                       # PostgreSQL, 10,000 products, 10 s each
    .venv/bin/python bench/pages.py --db sqlite --products 1000 --seconds 3

The page cache uses the Redis database BENCH_REDIS_URL (redis://127.0.0.1:6379/4), emptied first.
"""

import http.client
import os
import threading
import time
from urllib.parse import urlsplit

from common import (
    ACCOUNTS,
    against_ceiling,
    app_environment,
    argument_parser,
    count_queries,
    ensure_member,
    flushed_redis,
    gunicorn,
    member_cookie,
    prepare,
    require_wrk,
    sample_paths,
    table,
    warm,
    wrk,
)

#: how each page is served: (server, signed-in account or None)
VISITORS = {"rendered": ("rendered", None), "cached": ("cached", None), "customer": ("cached", "customer"),
            "artisan": ("cached", "artisan"), "curator": ("cached", "curator")}


def pages_measured(url: str) -> dict[str, str]:
    """bench/common's sample pages, and the product's shop page."""
    from sqlalchemy import create_engine, text

    paths = sample_paths(url)
    product_id = int(paths["product"].rsplit("/", 1)[1])
    engine = create_engine(url)
    with engine.connect() as connection:
        slug = connection.execute(text("SELECT s.slug FROM shops s JOIN products p ON p.shop_id = s.id "
                                       "WHERE p.id = :id"), {"id": product_id}).scalar_one()
    engine.dispose()
    return {**paths, "shop": f"/shops/{slug}"}


def measure_pages(options, url: str, redis_url: str, paths: dict[str, str]) -> list[dict]:
    # Counted with each server's settings: the rendered one has Redis too (the visits are counted
    # there, not in SQL), with its page cache off.
    settings = {"rendered": {"REDIS_URL": redis_url, "PAGE_CACHE_SECONDS": "0"},
                "cached": {"REDIS_URL": redis_url}}
    queries = {visitor: count_queries(url, list(paths.values()), **settings[server],
                                      member=ACCOUNTS[account] if account else False)
               for visitor, (server, account) in VISITORS.items()}
    env = app_environment(url)
    servers = {server: dict(env, **values) for server, values in settings.items()}
    rows = []
    with gunicorn("bench.ceiling_app:app", env, worker_class=options.worker_class) as ceiling, \
            gunicorn("wsgi:app", servers["rendered"], worker_class=options.worker_class) as rendered, \
            gunicorn("wsgi:app", servers["cached"], worker_class=options.worker_class) as cached:
        bases = {"rendered": rendered, "cached": cached}
        cookies = {account: member_cookie(cached, ACCOUNTS[account], url)
                   for account in {account for _, account in VISITORS.values() if account}}
        sites = {visitor: (bases[server], cookies.get(account))
                 for visitor, (server, account) in VISITORS.items()}
        warm([ceiling + "/", *(base + path for base in bases.values() for path in paths.values())])
        for base, cookie in sites.values():
            for path in paths.values():
                wrk(base + path, options.connections, seconds=1, cookie=cookie)  # caches, query plans
        for name, path in paths.items():
            # The ceiling right before each page: on a shared machine the load changes by the minute.
            bare = wrk(ceiling + "/", options.connections, options.seconds)
            for visitor, (base, cookie) in sites.items():
                figures = wrk(base + path, options.connections, options.seconds, cookie=cookie)
                rows.append({"page": name, "visitor": visitor,
                             **against_ceiling(figures, bare), "queries": queries[visitor][path]})
    return rows


def checkout_hit_rate(options, url: str, redis_url: str, product_path: str) -> dict:
    """The product page's hit rate while buyers check out listings of other shops."""
    import checkout

    listings = _other_shops_listings(url, int(product_path.rsplit("/", 1)[1]), options.buyers)
    # The buyers check out far more often than one account may (unpaid checkouts, checkouts an hour)
    env = dict(app_environment(url), REDIS_URL=flushed_redis(redis_url), CHECKOUT_LIMIT="1000000 per hour",
               UNPAID_CHECKOUTS_PER_ACCOUNT="1000000", UNPAID_UNITS_PER_ACCOUNT="1000000")
    tally, sold_out, outcomes = checkout.Tally(), set(), {"hit": 0, "miss": 0, "rendered": 0}
    with gunicorn("wsgi:app", env, worker_class=options.worker_class) as base:
        checkout.Browser(base).get(product_path)
        started = time.monotonic()
        deadline = started + options.checkout_seconds
        buyers = [threading.Thread(target=checkout.buyer,
                                   args=(base, number, listings, sold_out, deadline, tally))
                  for number in range(options.buyers)]
        reader = threading.Thread(target=_read_page, args=(base, product_path, deadline, outcomes))
        for thread in (*buyers, reader):
            thread.start()
        for thread in (*buyers, reader):
            thread.join()
        elapsed = time.monotonic() - started
    asked = sum(outcomes.values())
    return {"checkouts/s": f"{tally.placed / elapsed:.1f}", "checkouts": tally.placed,
            "product page asked": asked, "hits": outcomes["hit"], "misses": outcomes["miss"],
            "hit rate": f"{outcomes['hit'] / asked:.1%}" if asked else "-", "refused": tally.refused,
            "errors": len(tally.errors)}


def _read_page(base: str, path: str, deadline: float, outcomes: dict) -> None:
    address = urlsplit(base)
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            outcomes[response.getheader("X-Page-Cache", "rendered")] += 1
        finally:
            connection.close()
        time.sleep(0.01)  # a visitor every 10 ms: the buyers keep the CPUs


def _other_shops_listings(url: str, product_id: int, count: int) -> list[tuple[int, int]]:
    """Ready-made listings of shops other than the product's, with stock enough for the run, and
    the buyers' accounts (bench/checkout.py's)."""
    import checkout
    from sqlalchemy import create_engine, text

    from config import DevelopmentConfig
    from marketplace import create_app
    from marketplace.auth.services import create_user, find_user_by_email
    from marketplace.extensions import db

    app = create_app(DevelopmentConfig(app_environment(url)))
    with app.app_context():
        for number in range(count):
            email = f"buyer-{number}@bench.pasarbatik.id"
            if find_user_by_email(email) is None:
                create_user(email, f"Pembeli {number}", checkout.PASSWORD)
        db.session.commit()
        db.engine.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        rows = connection.execute(text(
            "SELECT p.id, min(v.id) FROM products p JOIN shops s ON s.id = p.shop_id JOIN variants v "
            "ON v.product_id = p.id WHERE s.state = 'verified' AND p.status = 'active' AND p.hidden = :no "
            "AND p.made_to_order = :no AND p.shop_id <> (SELECT shop_id FROM products WHERE id = :id) "
            "GROUP BY p.id ORDER BY p.id LIMIT 100"), {"no": False, "id": product_id}).all()
        for _, variant_id in rows:
            connection.execute(text("UPDATE variants SET stock_on_hand = 100000, stock_reserved = 0 "
                                    "WHERE id = :id"), {"id": variant_id})
    engine.dispose()
    return [tuple(row) for row in rows]


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--buyers", type=int, default=8, help="buyers checking out during the hit-rate run")
    parser.add_argument("--checkout-seconds", type=int, default=20, help="0: no hit-rate run")
    parser.add_argument("--hit-rate-only", action="store_true", help="the hit-rate run alone")
    options = parser.parse_args()
    require_wrk()
    url = prepare(options.db, options.products)
    redis_url = flushed_redis(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"))
    paths = pages_measured(url)
    ensure_member(url)
    if not options.hit_rate_only:
        print_pages(options, measure_pages(options, url, redis_url, paths))
    if options.checkout_seconds:
        figures = checkout_hit_rate(options, url, redis_url, paths["product"])
        print(f"\nproduct page {paths['product']} during {options.checkout_seconds} s of checkouts on other "
              f"shops ({options.buyers} buyers):")
        print(table([figures], list(figures)))


def print_pages(options, rows: list[dict]) -> None:
    print(f"\n{options.db}, {options.products} products, {options.connections} connections, "
          f"{options.seconds} s per page, gunicorn -w 2 ({options.worker_class}), "
          f"{time.strftime('%Y-%m-%d')}")
    print(table(rows, ["page", "visitor", "rps", "p50", "p99", "ceiling rps", "ratio", "queries", "errors"]))
    print("(p50 and p99 in ms; ratio = req/s against the ceiling measured right before the page; "
          "rendered: page cache off; cached: an anonymous visitor from Redis; customer, artisan, "
          "curator: signed in, on the server with the page cache)")


if __name__ == "__main__":
    main()
