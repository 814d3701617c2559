"""Pages against the Flask ceiling: home, the product list (24 per page), a product page and a
search, each measured with wrk next to bench/ceiling_app.py on the same database, both served by
gunicorn with 2 workers. Prints req/s, p50, p99, the ratio to the ceiling and the SQL queries per
page. Targets: list and product at >= 60% of the ceiling, p99 < 30 ms at 8 connections, <= 6
queries per page.

    .venv/bin/python bench/pages.py                       # PostgreSQL, 10,000 products, 10 s each
    .venv/bin/python bench/pages.py --db sqlite --seconds 3
"""


from common import (
    app_environment,
    argument_parser,
    count_queries,
    gunicorn,
    prepare,
    require_wrk,
    sample_paths,
    table,
    warm,
    wrk,
)


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
    paths = sample_paths(url)
    queries = count_queries(url, list(paths.values()))
    env = app_environment(url)
    rows = []
    with gunicorn("bench.ceiling_app:app", env, worker_class=options.worker_class) as ceiling, \
            gunicorn("wsgi:app", env, worker_class=options.worker_class) as site:
        warm([ceiling + "/", *(site + path for path in paths.values())])
        for url_to_warm in [ceiling + "/", *(site + path for path in paths.values())]:
            wrk(url_to_warm, options.connections, seconds=2)  # connections, caches, query plans
        for name, path in paths.items():
            # The ceiling right before each page: on a shared machine the load changes by the minute.
            bare = wrk(ceiling + "/", options.connections, options.seconds)
            figures = wrk(site + path, options.connections, options.seconds)
            rows.append({"page": name, "path": path, "rps": f"{figures['rps']:.0f}",
                         "p50": f"{figures['p50']:.1f}", "p99": f"{figures['p99']:.1f}",
                         "ceiling rps": f"{bare['rps']:.0f}", "ceiling p99": f"{bare['p99']:.1f}",
                         "ratio": f"{figures['rps'] / bare['rps']:.0%}", "queries": queries[path],
                         "errors": figures["errors"]})
    print(f"\n{options.db}, {options.products} products, {options.connections} connections, "
          f"{options.seconds} s per page, gunicorn -w 2 ({options.worker_class})")
    print(table(rows, ["page", "path", "rps", "p50", "p99", "ceiling rps", "ceiling p99", "ratio", "queries",
                       "errors"]))
    print("(p50 and p99 in ms; ratio = req/s against the ceiling; targets: list and product >= 60%, "
          "p99 < 30 ms, <= 6 queries)")


if __name__ == "__main__":
    main()
