"""How fast the reports are on a year of data: 200 shops and 50,000 orders.

    .venv/bin/python bench/reports.py                      # a temporary SQLite file
    .venv/bin/python bench/reports.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench

The database must be empty (or pass --reset to drop and recreate every table in it). Rows are written
with bulk INSERTs, not one ORM object at a time; then each report query runs a few times and the
best and median times are printed in milliseconds."""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, inspect, text  # noqa: E402

from config import Config  # noqa: E402
from marketplace import create_app  # noqa: E402
from marketplace.auth.models import User  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.orders.models import Checkout, Order, OrderLine, OrderStatus  # noqa: E402
from marketplace.payments import ledger  # noqa: E402
from marketplace.payments.models import EntryKind, LedgerEntry, Payment, PaymentMethod, PaymentStatus  # noqa: E402  # noqa: E402
from marketplace.products.models import DyeType, Fabric, Product, ProductStatus, Technique, Variant  # noqa: E402
from marketplace.reports import impact, sales  # noqa: E402
from marketplace.reports.periods import Period  # noqa: E402
from marketplace.reports.statement import statement  # noqa: E402
from marketplace.shops.models import Cohort, Shop, ShopState  # noqa: E402

SHOPS, ORDERS, PRODUCTS_PER_SHOP, BUYERS = 200, 50_000, 5, 2_000
YEAR = 2025
KECAMATAN = ("Banyuasin I", "Banyuasin II", "Banyuasin III", "Betung", "Pangkalan Balai", "Rambutan",
             "Talang Kelapa", "Muara Padang", "Rantau Bayur", "Tanjung Lago")
S = OrderStatus
#: how the orders of a year end up: mostly completed, some still on their way, a few cancelled
STATUSES = [S.COMPLETED] * 70 + [S.DELIVERED] * 5 + [S.SHIPPED] * 5 + [S.PAID] * 5 + [S.CANCELLED] * 10 + \
           [S.REFUNDED] * 3 + [S.AWAITING_PAYMENT] * 2
ADDRESS = {"recipient": "Pembeli", "phone": "081234567890", "street": "Jl. Merdeka 1",
           "village": "Talang Semut", "kecamatan": "Bukit Kecil", "city": "Kota Palembang",
           "province": "Sumatera Selatan", "postal_code": "30135"}
COMMISSION_PERCENT = 5


class BenchConfig(Config):
    def __init__(self, database_url):
        super().__init__({"DATABASE_URL": database_url})
        self.SECRET_KEY = "benchmark"
        self.COMMISSION_PERCENT = COMMISSION_PERCENT


def bulk(model, rows, chunk=5_000):
    for start in range(0, len(rows), chunk):
        db.session.execute(insert(model), rows[start:start + chunk])


def build_people_and_catalog(rng):
    now = datetime(YEAR - 1, 12, 1, tzinfo=UTC)
    users = [{"id": n, "email": f"u{n}@bench.id", "name": f"Pengguna {n}", "password_hash": "x",
              "locale": "id", "session_version": 1, "active": True, "created_at": now}
             for n in range(1, SHOPS + BUYERS + 1)]
    bulk(User, users)
    bulk(Cohort, [{"id": n, "name": f"Angkatan {n}", "starts_on": date(2019 + n, 2, 1),
                   "ends_on": date(2019 + n, 2, 5), "place": "Pangkalan Balai",
                   "organisers": "Dekranasda"} for n in range(1, 6)])
    bulk(Shop, [{"id": n, "owner_id": n, "name": f"Batik Bench {n}", "slug": f"batik-bench-{n}", "story": "-",
                 "kecamatan": KECAMATAN[n % len(KECAMATAN)], "village": "Desa", "whatsapp": "6281234567890",
                 "cohort_id": (n % 6) or None, "state": ShopState.VERIFIED, "created_at": now}
                for n in range(1, SHOPS + 1)])
    products, variants = [], []
    for shop in range(1, SHOPS + 1):
        for index in range(PRODUCTS_PER_SHOP):
            pid = (shop - 1) * PRODUCTS_PER_SHOP + index + 1
            products.append({"id": pid, "shop_id": shop, "title": f"Kain {pid}", "description": "-",
                             "technique": rng.choice(list(Technique)), "dye_type": rng.choice(list(DyeType)),
                             "dye_source": "pedada", "fabric": Fabric.KATUN_PRIMA, "motif_name": "Pedada",
                             "weight_grams": 300, "status": ProductStatus.ACTIVE, "created_at": now,
                             "updated_at": now})
            variants.append({"id": pid, "product_id": pid, "shop_id": shop, "sku": f"B{pid}", "name": "2 m",
                             "price": rng.randrange(75, 1500) * 1_000, "stock_on_hand": 100, "position": 0})
    bulk(Product, products)
    bulk(Variant, variants)
    return {v["id"]: v for v in variants}


def order_rows(rng, variants):
    start = datetime(YEAR, 1, 1, tzinfo=UTC) - timedelta(hours=7)
    checkouts, orders, lines, payments, entries = [], [], [], [], []
    line_id = 0
    for oid in range(1, ORDERS + 1):
        shop = rng.randrange(1, SHOPS + 1)
        placed = start + timedelta(seconds=rng.randrange(365 * 24 * 3600))
        status = rng.choice(STATUSES)
        picked = rng.sample(range(PRODUCTS_PER_SHOP), rng.choice((1, 1, 1, 2, 3)))
        order_lines = []
        for index in picked:
            line_id += 1
            variant = variants[(shop - 1) * PRODUCTS_PER_SHOP + index + 1]
            quantity = rng.choice((1, 1, 1, 2, 3))
            order_lines.append({"id": line_id, "order_id": oid, "variant_id": variant["id"],
                                "product_id": variant["product_id"], "title": "Kain", "variant_name": "2 m",
                                "sku": variant["sku"], "unit_price": variant["price"], "quantity": quantity,
                                "line_total": variant["price"] * quantity, "made_to_order": False})
        subtotal = sum(line["line_total"] for line in order_lines)
        total = subtotal + 25_000
        lines += order_lines
        checkouts.append({"id": oid, "buyer_id": SHOPS + rng.randrange(1, BUYERS + 1), "token": f"t{oid}",
                          "payment_method": PaymentMethod.BANK_TRANSFER, "subtotal": subtotal,
                          "shipping_total": 25_000, "total": total, "created_at": placed, **ADDRESS})
        orders.append({"id": oid, "number": f"BNY-{YEAR}-{oid:06d}", "checkout_id": oid, "shop_id": shop,
                       "buyer_id": checkouts[-1]["buyer_id"], "status": status, "subtotal": subtotal,
                       "shipping_fee": 25_000, "total": total, "weight_grams": 300, "pickup": False,
                       "created_at": placed})
        paid = status not in (S.AWAITING_PAYMENT, S.CANCELLED)
        payments.append({"id": oid, "checkout_id": oid, "method": PaymentMethod.BANK_TRANSFER,
                         "amount": total, "currency": "IDR", "created_at": placed,
                         "status": PaymentStatus.PAID if paid else PaymentStatus.PENDING})
        if status == S.COMPLETED:
            done = placed + timedelta(days=rng.randrange(3, 15))
            entries.append({"shop_id": shop, "kind": EntryKind.SALE, "amount": total, "order_id": oid,
                            "created_at": done})
            entries.append({"shop_id": shop, "kind": EntryKind.COMMISSION, "order_id": oid,
                            "created_at": done, "amount": -(subtotal * COMMISSION_PERCENT // 100)})
    return checkouts, orders, lines, payments, entries


def build(rng):
    variants = build_people_and_catalog(rng)
    checkouts, orders, lines, payments, entries = order_rows(rng, variants)
    for model, rows in ((Checkout, checkouts), (Order, orders), (OrderLine, lines), (Payment, payments),
                        (LedgerEntry, entries)):
        bulk(model, rows)
    payout_day = datetime(YEAR, 12, 15, tzinfo=UTC)
    bulk(LedgerEntry, [{"shop_id": shop, "kind": EntryKind.PAYOUT, "amount": -100_000,
                        "reference": f"BSB-{shop}", "created_at": payout_day}
                       for shop in range(1, SHOPS + 1)])
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))  # fresh statistics, as after any bulk load
    return len(lines), len(entries) + SHOPS


def timed(name, call, runs):
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        call()
        times.append((time.perf_counter() - begin) * 1000)
        db.session.rollback()
    return name, min(times), statistics.median(times)


def measure(runs):
    year = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    shop = db.session.get(Shop, 1)
    checks = [(f"sales.{name}", lambda query=query: query(year))
              for name, (_title, query) in sales.BREAKDOWNS.items()]
    checks = [("sales.summary", lambda: sales.summary(year))] + checks + [
        ("impact.artisans", impact.artisans),
        ("impact.cohorts", impact.cohorts),
        ("impact.monthly_income", impact.monthly_income),
        ("statement (one shop, a year)", lambda: statement(shop, year)),
        ("ledger.balances_due", ledger.balances_due),
        ("ledger.entries_of (one shop)", lambda: ledger.entries_of(shop.id)),
    ]
    return [timed(name, call, runs) for name, call in checks]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="SQLAlchemy URL; default: a temporary SQLite file")
    parser.add_argument("--reset", action="store_true", help="drop and recreate every table first")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-reports-')}/bench.db"
    app = create_app(BenchConfig(url))
    with app.app_context():
        if inspect(db.engine).has_table("shops"):
            if not args.reset:
                sys.exit("The database already has tables; pass --reset to drop and recreate them.")
            db.drop_all()
        db.create_all()
        begin = time.perf_counter()
        lines, entries = build(random.Random(args.seed))
        print(f"{db.engine.url.render_as_string(hide_password=True)}: {SHOPS} shops, {ORDERS} orders, "
              f"{lines} order lines, {entries} ledger entries built in {time.perf_counter() - begin:.1f} s")
        print(f"{'report':<32} {'best ms':>9} {'median ms':>10}")
        for name, best, middle in measure(args.runs):
            print(f"{name:<32} {best:>9.1f} {middle:>10.1f}")


if __name__ == "__main__":
    main()
