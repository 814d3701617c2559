"""Where a rendered page's time goes, in process: each page of bench/pages.py rendered (page cache
off) a number of times through the test client, timed, its SQL statements counted, and profiled
with cProfile; prints the milliseconds and queries per page and each page's costliest functions.
No server and no wrk, so it is steady enough to compare before and after a change on a busy machine.

    .venv/bin/python bench/profile_pages.py --products 1000 --rounds 200
    .venv/bin/python bench/profile_pages.py --page product --top 40
    .venv/bin/python bench/profile_pages.py --account artisan --page dashboard

With --account artisan or admin, the pages of bench/dashboard.py instead, signed in as that account
(its busy shop of 1,000 orders is made once per database).
"""

import cProfile
import io
import logging
import pstats
import time

from common import (
    ACCOUNTS,
    app_environment,
    argument_parser,
    ensure_member,
    forget_last_code,
    log_in,
    prepare,
    sample_paths,
)


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="sqlite")
    parser.add_argument("--products", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=200, help="renders of each page")
    parser.add_argument("--top", type=int, default=25, help="functions listed per page")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime, ...")
    parser.add_argument("--only", action="append", default=[], help="only functions whose path matches")
    parser.add_argument("--page", action="append", help="only this page (home, list, product, search; "
                                                        "with --account: dashboard, payments, ...)")
    parser.add_argument("--account", choices=("artisan", "admin"),
                        help="the pages of bench/dashboard.py, signed in as this account")
    options = parser.parse_args()
    url = prepare(options.db, options.products)
    if options.account:
        from dashboard import busy_shop, pages

        ensure_member(url)
        every_path = dict(pages(url, busy_shop(url))[options.account])
    else:
        every_path = sample_paths(url)
    paths = {name: path for name, path in every_path.items() if not options.page or name in options.page}

    from sqlalchemy import event

    from config import DevelopmentConfig
    from marketplace import create_app
    from marketplace.extensions import db

    app = create_app(DevelopmentConfig({**app_environment(url), "PAGE_CACHE_SECONDS": "0"}))
    logging.getLogger("marketplace.requests").setLevel(logging.WARNING)
    with app.app_context():
        engine = db.engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    client = app.test_client()
    if options.account:
        credentials = ACCOUNTS[options.account]
        forget_last_code(url, credentials)
        log_in(lambda path: client.get(path).get_data(as_text=True),
               lambda path, data: client.post(path, data=data).status_code, credentials)
    for name, path in paths.items():
        for _ in range(5):  # templates compiled, translations and cards loaded
            assert client.get(path).status_code == 200, path
        statements.clear()
        client.get(path)
        queries = len(statements)
        started = time.perf_counter()
        for _ in range(options.rounds):
            client.get(path)
        milliseconds = (time.perf_counter() - started) * 1000 / options.rounds
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(options.rounds):
            client.get(path)
        profile.disable()
        report = io.StringIO()
        pstats.Stats(profile, stream=report).sort_stats(options.sort).print_stats(*options.only, options.top)
        print(f"\n## {name} {path}: {milliseconds:.2f} ms per render, {queries} queries")
        print(report.getvalue().split("\n", 8)[-1].rstrip())
    engine.dispose()


if __name__ == "__main__":
    main()
