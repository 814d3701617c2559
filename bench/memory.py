"""Memory: the resident set size of each gunicorn worker after a warm-up and after 10,000 more
requests over the list, product pages, searches and the home page. Target: no worker grows by
more than 10%.

    .venv/bin/python bench/memory.py                      # SQLite, 10,000 products, 10,000 requests
    .venv/bin/python bench/memory.py --db postgresql --requests 2000
"""

import itertools
import subprocess
import time
from pathlib import Path

import requests
from common import (
    BIN,
    ROOT,
    app_environment,
    argument_parser,
    free_port,
    prepare,
    public_product_ids,
    server_log,
    server_settings,
)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise SystemExit(f"no RSS for process {pid}")


def workers(master: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def paths(url: str) -> itertools.cycle:
    products_seen = [f"/products/{product_id}" for product_id in public_product_ids(url, 2_000)[::40]]
    searches = [f"/products?q={word}" for word in ("pedada", "jumputan", "ikan belida", "sutra", "indigo")]
    listing = [f"/products?page={page}" for page in range(1, 20)] + ["/products?sort=price_asc"]
    return itertools.cycle(["/", *products_seen, *searches, *listing])


def hit(base: str, cycle: itertools.cycle, count: int) -> int:
    errors = 0
    with requests.Session() as session:
        for _ in range(count):
            response = session.get(base + next(cycle), timeout=30)
            if response.status_code != 200:
                errors += 1
                if errors <= 5:
                    print(f"answered {response.status_code}: {response.url}")
    return errors


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="sqlite")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=500, help="requests before the first reading")
    parser.add_argument("--requests", type=int, default=10_000)
    options = parser.parse_args()
    url = prepare(options.db, options.products)
    cycle = paths(url)
    port = free_port()
    command = [str(BIN / "gunicorn"), *server_settings(), "-b", f"127.0.0.1:{port}", "wsgi:app"]
    with server_log() as log:
        server = subprocess.Popen(command, cwd=ROOT, env=app_environment(url), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.3)
        errors = hit(base, cycle, options.warmup)
        before = {pid: rss_kib(pid) for pid in workers(server.pid)}
        started = time.perf_counter()
        errors += hit(base, cycle, options.requests)
        elapsed = time.perf_counter() - started
        after = {pid: rss_kib(pid) for pid in workers(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n{options.db}, {options.products} products: {options.requests} requests in {elapsed:.0f} s "
          f"after {options.warmup} to warm up, {errors} errors")
    for pid in sorted(before):
        grown = (after.get(pid, 0) - before[pid]) / before[pid]
        print(f"worker {pid}: {before[pid] / 1024:.1f} MiB after warm-up, "
              f"{after.get(pid, 0) / 1024:.1f} MiB after {options.requests} requests ({grown:+.1%})")
    print("(target: no worker grows by more than 10%)")


if __name__ == "__main__":
    main()
