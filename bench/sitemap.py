"""The sitemaps at scale: the index and every sitemap page of a catalogue of 100,000 products (by
default), each fetched in turn like a search engine's crawler does, timed beside the bare Flask
page of bench/ceiling_app.py on the same database, both served by gunicorn with 2 sync workers.
Prints p50 and the slowest time of each, its size and how many addresses it lists.
Target: every sitemap page under 200 ms.

    .venv/bin/python bench/sitemap.py                           # PostgreSQL, 100,000 products
    .venv/bin/python bench/sitemap.py --db sqlite --rounds 5
"""

import re
import statistics
import time

from common import app_environment, argument_parser, gunicorn, prepare, table, warm

#: the sitemap index lists the sitemaps by their address under PUBLIC_URL; the path is what is fetched
_SITEMAP_PATH = re.compile(r"<loc>[a-z]+://[^/<]+(/sitemaps/[^<]+)</loc>")


def timed(session, url: str, rounds: int) -> dict:
    times, body = [], b""
    for _ in range(rounds):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        body = response.content
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return {"p50": f"{statistics.median(times):.1f}", "max": f"{max(times):.1f}",
            "KB": f"{len(body) / 1024:.0f}", "addresses": body.count(b"<loc>")}


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10, help="fetches of each page")
    options = parser.parse_args()
    import requests

    url = prepare(options.db, options.products)
    env = dict(app_environment(url), PAGE_CACHE_SECONDS="0")
    rows = []
    with gunicorn("bench.ceiling_app:app", env) as ceiling, gunicorn("wsgi:app", env) as site:
        session = requests.Session()
        index = session.get(site + "/sitemap.xml", timeout=60).text
        paths = ["/sitemap.xml", *_SITEMAP_PATH.findall(index)]
        warm([ceiling + "/", *(site + path for path in paths)], rounds=1)
        for path in paths:
            bare = timed(session, ceiling + "/", options.rounds)  # beside each page: the load changes
            rows.append({"page": path, **timed(session, site + path, options.rounds),
                         "ceiling p50": bare["p50"]})
    print(f"\n{options.db}, {options.products} products, {options.rounds} fetches of each page, one at a "
          f"time, gunicorn -w 2 (sync)")
    print(table(rows, ["page", "addresses", "KB", "p50", "max", "ceiling p50"]))
    print("(times in ms; the ceiling is bench/ceiling_app.py's page of 24 rows; target: every page < 200 ms)")


if __name__ == "__main__":
    main()
