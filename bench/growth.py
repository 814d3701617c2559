"""Growth: the list (newest first, by price, in stock only), a product page and a search at 1,000,
10,000 and 100,000 products, on SQLite and PostgreSQL, each served by gunicorn with 2 workers and
measured with wrk. Targets: p50 grows by less than 2x from the smallest to the largest catalogue;
search p50 under 20 ms at 100,000.

Two connections by default, one per worker, so p50 is the time a page takes rather than the time
it waits in the queue (pages.py measures at 8 connections).

    .venv/bin/python bench/growth.py                                  # both databases, 10 s per page
    .venv/bin/python bench/growth.py --db sqlite --sizes 1000 10000 --seconds 3
"""


from common import (
    app_environment,
    argument_parser,
    gunicorn,
    prepare,
    require_wrk,
    sample_paths,
    table,
    warm,
    wrk,
)

PAGES = ("list", "list by price", "list in stock", "product", "search")
#: the list as customers also ask for it: each order and filter needs its own index at this size
LIST_VARIANTS = {"list by price": "/products?sort=price_asc", "list in stock": "/products?in_stock=1"}


def measure(kind: str, size: int, options) -> dict[str, dict]:
    url = prepare(kind, size)
    paths = {**sample_paths(url), **LIST_VARIANTS}
    figures = {}
    with gunicorn("wsgi:app", app_environment(url)) as site:
        warm([site + paths[page] for page in PAGES])
        for page in PAGES:
            wrk(site + paths[page], options.connections, seconds=2)
            figures[page] = wrk(site + paths[page], options.connections, options.seconds)
    return figures


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--db", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=2)
    options = parser.parse_args()
    require_wrk()
    rows = []
    for kind in options.db:
        results = {size: measure(kind, size, options) for size in options.sizes}
        smallest, largest = results[min(options.sizes)], results[max(options.sizes)]
        for page in PAGES:
            row = {"db": kind, "page": page}
            for size in options.sizes:
                row[f"p50 @{size}"] = f"{results[size][page]['p50']:.1f}"
                row[f"p99 @{size}"] = f"{results[size][page]['p99']:.1f}"
            row["growth"] = f"{largest[page]['p50'] / smallest[page]['p50']:.2f}x"
            row["errors"] = sum(results[size][page]["errors"] for size in options.sizes)
            rows.append(row)
    columns = ["db", "page", *(f"p50 @{size}" for size in options.sizes),
               *(f"p99 @{size}" for size in options.sizes), "growth", "errors"]
    print(f"\n{options.connections} connections, {options.seconds} s per page, gunicorn -w 2; ms")
    print(table(rows, columns))
    print("(targets: growth of p50 < 2x from the smallest to the largest size; "
          "search p50 < 20 ms at 100,000)")


if __name__ == "__main__":
    main()
