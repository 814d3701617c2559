"""Pages against the Flask ceiling: home, the product list (24 per page), a product page and a
search, each measured with wrk next to bench/ceiling_app.py on the same database, all served by
gunicorn with 2 workers. Each page is measured three times: rendered (the page cache off, every
request runs its SQL and templates), served by the page cache in Redis as anonymous visitors get it
in production, and as a logged-in customer gets it (the stored page with their own menu). Prints req/s, p50,
p99, the ratio to the ceiling and the SQL queries per page.
Targets: list and product at >= 60% of the ceiling, p99 < 30 ms at 8 connections, <= 6 queries
per page.

    .venv/bin/python bench/pages.py                       # PostgreSQL, 10,000 products, 10 s each
    .venv/bin/python bench/pages.py --db sqlite --seconds 3

The page cache uses the Redis database BENCH_REDIS_URL (redis://127.0.0.1:6379/4), emptied first.
"""


import os

from common import (
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

#: the page cache as a logged-in customer gets it: the stored page with their own menu
MEMBER_SERVED = "page cache, member"


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    options = parser.parse_args()
    require_wrk()
    url = prepare(options.db, options.products)
    redis_url = flushed_redis(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"))
    paths = sample_paths(url)
    ensure_member(url)
    queries = {"rendered": count_queries(url, list(paths.values())),
               "page cache": count_queries(url, list(paths.values()), REDIS_URL=redis_url),
               MEMBER_SERVED: count_queries(url, list(paths.values()), member=True, REDIS_URL=redis_url)}
    env = app_environment(url)
    servers = {"rendered": dict(env, REDIS_URL=redis_url, PAGE_CACHE_SECONDS="0"),
               "page cache": dict(env, REDIS_URL=redis_url)}
    rows = []
    with gunicorn("bench.ceiling_app:app", env, worker_class=options.worker_class) as ceiling, \
            gunicorn("wsgi:app", servers["rendered"], worker_class=options.worker_class) as rendered, \
            gunicorn("wsgi:app", servers["page cache"], worker_class=options.worker_class) as cached:
        cookie = member_cookie(cached)
        sites = {"rendered": (rendered, None), "page cache": (cached, None), MEMBER_SERVED: (cached, cookie)}
        targets = [(ceiling + "/", None), *((site + path, cookie) for site, cookie in sites.values()
                                            for path in paths.values())]
        warm([target for target, cookie in targets if cookie is None])
        for target, cookie in targets:
            wrk(target, options.connections, seconds=2, cookie=cookie)  # connections, caches, query plans
        for name, path in paths.items():
            # The ceiling right before each page: on a shared machine the load changes by the minute.
            bare = wrk(ceiling + "/", options.connections, options.seconds)
            for served, (site, cookie) in sites.items():
                figures = wrk(site + path, options.connections, options.seconds, cookie=cookie)
                rows.append({"page": name, "path": path, "served": served, "rps": f"{figures['rps']:.0f}",
                             "p50": f"{figures['p50']:.1f}", "p99": f"{figures['p99']:.1f}",
                             "ceiling rps": f"{bare['rps']:.0f}", "ceiling p99": f"{bare['p99']:.1f}",
                             "ratio": f"{figures['rps'] / bare['rps']:.0%}", "queries": queries[served][path],
                             "errors": figures["errors"]})
    print(f"\n{options.db}, {options.products} products, {options.connections} connections, "
          f"{options.seconds} s per page, gunicorn -w 2 ({options.worker_class})")
    print(table(rows, ["page", "path", "served", "rps", "p50", "p99", "ceiling rps", "ceiling p99", "ratio",
                       "queries", "errors"]))
    print("(p50 and p99 in ms; ratio = req/s against the ceiling; targets: list and product >= 60%, "
          "p99 < 30 ms, <= 6 queries; 'page cache' is an anonymous visitor's page from Redis, "
          "'page cache, member' a logged-in member's)")


if __name__ == "__main__":
    main()
