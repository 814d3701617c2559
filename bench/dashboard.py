"""The pages artisans and the agency work in, with a busy shop: the bench artisan's shop gets 40
listings and 1,000 orders (a year of a busy artisan: most completed, some to ship, a few to pay),
then each page is measured with wrk next to bench/ceiling_app.py, all served by gunicorn with 2
workers, as the artisan (dashboard, incoming orders, one order) and as an admin signed in with an
authenticator (the agency's start page, shops, listings, payments, one order). These pages are
never cached: every request runs its SQL and templates.

Target (issue 21): 40% of the ceiling or more.

    .venv/bin/python bench/dashboard.py --db sqlite --products 1000 --seconds 5
    .venv/bin/python bench/dashboard.py --db postgresql
"""

import random
import time
from datetime import UTC, datetime, timedelta

from common import (
    ACCOUNTS,
    against_ceiling,
    app_environment,
    argument_parser,
    count_queries,
    ensure_member,
    gunicorn,
    member_cookie,
    prepare,
    require_wrk,
    table,
    warm,
    wrk,
)
from reports import ADDRESS

ORDERS, LISTINGS = 1_000, 40
SHOP_SLUG = "batik-bench-artisan"
#: how a busy year's orders stand: mostly completed, some to prepare or ship, a few unpaid or cancelled
STATUSES = (["completed"] * 70 + ["delivered"] * 5 + ["shipped"] * 5 + ["paid"] * 6 + ["processing"] * 4
            + ["cancelled"] * 7 + ["awaiting_payment"] * 3)


def busy_shop(url: str) -> int:
    """The bench artisan's verified shop with its listings and orders (made once per database);
    its id."""
    from sqlalchemy import func, insert, select, text

    from config import DevelopmentConfig
    from marketplace import create_app
    from marketplace.auth.services import find_user_by_email
    from marketplace.extensions import db
    from marketplace.orders.models import Checkout, Order, OrderLine
    from marketplace.payments.models import EntryKind, LedgerEntry, Payment, PaymentMethod, PaymentStatus
    from marketplace.products.models import DyeType, Fabric, Product, ProductStatus, Technique, Variant
    from marketplace.shops.models import Shop, ShopState

    app = create_app(DevelopmentConfig(app_environment(url)))
    with app.app_context():
        found = db.session.scalar(select(Shop.id).where(Shop.slug == SHOP_SLUG))
        if found is not None:
            db.engine.dispose()
            return found
        rng = random.Random(2026)
        artisan = find_user_by_email(ACCOUNTS["artisan"]["email"])
        buyer = find_user_by_email(ACCOUNTS["customer"]["email"])
        shop = Shop(owner_id=artisan.id, name="Batik Bench Artisan", slug=SHOP_SLUG, story="Sejak 2019.",
                    kecamatan="Banyuasin II", village="Sungsang", whatsapp="6281234567890",
                    state=ShopState.VERIFIED)
        db.session.add(shop)
        db.session.flush()
        variants = []
        for number in range(LISTINGS):
            product = Product(shop_id=shop.id, title=f"Kain Jumputan Bench {number}", description="Kain.",
                              technique=Technique.JUMPUTAN, dye_type=DyeType.NATURAL, dye_source="pedada",
                              fabric=Fabric.KATUN_PRIMA, motif_name="Pedada", weight_grams=300,
                              status=ProductStatus.ACTIVE)
            product.variants.append(Variant(shop_id=shop.id, sku=f"BA-{number}", name="2 m",
                                            price=rng.randrange(150, 900) * 1_000, stock_on_hand=50))
            db.session.add(product)
            variants.append(product.variants[0])
        db.session.flush()
        first_id = (db.session.scalar(select(func.max(Checkout.id))) or 0) + 1
        start = datetime.now(UTC) - timedelta(days=365)
        checkouts, orders, lines, payments, entries = [], [], [], [], []
        for number, checkout_id in enumerate(range(first_id, first_id + ORDERS)):
            placed = start + timedelta(minutes=number * 525)
            status = rng.choice(STATUSES)
            variant = rng.choice(variants)
            quantity = rng.choice((1, 1, 2))
            subtotal = variant.price * quantity
            total = subtotal + 25_000
            checkouts.append({"id": checkout_id, "buyer_id": buyer.id, "token": f"bench-{checkout_id}",
                              "payment_method": PaymentMethod.BANK_TRANSFER, "subtotal": subtotal,
                              "shipping_total": 25_000, "total": total, "created_at": placed, **ADDRESS})
            orders.append({"id": checkout_id, "number": f"BNA-{checkout_id:08d}", "checkout_id": checkout_id,
                           "shop_id": shop.id, "buyer_id": buyer.id, "status": status, "subtotal": subtotal,
                           "shipping_fee": 25_000, "total": total, "weight_grams": 300 * quantity,
                           "pickup": False, "created_at": placed})
            lines.append({"order_id": checkout_id, "variant_id": variant.id, "product_id": variant.product_id,
                          "title": variant.product.title, "variant_name": variant.name, "sku": variant.sku,
                          "unit_price": variant.price, "quantity": quantity, "line_total": subtotal,
                          "made_to_order": False})
            paid = status not in ("awaiting_payment", "cancelled")
            payments.append({"checkout_id": checkout_id, "method": PaymentMethod.BANK_TRANSFER,
                             "amount": total, "currency": "IDR", "created_at": placed,
                             "status": PaymentStatus.PAID if paid else PaymentStatus.PENDING})
            if status == "completed":
                entries.append({"shop_id": shop.id, "kind": EntryKind.SALE, "amount": subtotal,
                                "order_id": checkout_id, "created_at": placed + timedelta(days=7)})
        for model, rows in ((Checkout, checkouts), (Order, orders), (OrderLine, lines), (Payment, payments),
                            (LedgerEntry, entries)):
            db.session.execute(insert(model), rows)
        if db.engine.dialect.name == "postgresql":
            # The checkouts and orders were given their ids; PostgreSQL's sequences did not see them,
            # and the next checkout placed (the hit-rate run of pages.py) would take a used id.
            for table in ("checkouts", "orders"):
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT max(id) FROM {table}))"))
        db.session.commit()
        shop_id = shop.id
        db.engine.dispose()
    return shop_id


def pages(url: str, shop_id: int) -> dict[str, list[tuple[str, str]]]:
    """(name, path) of the pages each account works in."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        order_id = connection.execute(text("SELECT max(id) FROM orders WHERE shop_id = :shop"),
                                      {"shop": shop_id}).scalar_one()
    engine.dispose()
    return {
        "artisan": [("dashboard", "/dashboard"), ("incoming orders", "/dashboard/orders"),
                    ("one order", f"/dashboard/orders/{order_id}")],
        "admin": [("agency start", "/admin/"), ("shops", "/admin/shops"), ("listings", "/admin/products"),
                  ("payments", "/admin/payments"), ("one order", f"/admin/orders/{order_id}")],
    }


def measure(options, url: str, worked_in: dict) -> list[dict]:
    queries = {account: count_queries(url, [path for _, path in paths], member=ACCOUNTS[account])
               for account, paths in worked_in.items()}
    env = app_environment(url)
    rows = []
    with gunicorn("bench.ceiling_app:app", env, worker_class=options.worker_class) as ceiling, \
            gunicorn("wsgi:app", env, worker_class=options.worker_class) as server:
        cookies = {account: member_cookie(server, ACCOUNTS[account], url) for account in worked_in}
        warm([ceiling + "/"])
        for account, paths in worked_in.items():
            for _, path in paths:
                wrk(server + path, options.connections, seconds=1, cookie=cookies[account])
        for account, paths in worked_in.items():
            for name, path in paths:
                bare = wrk(ceiling + "/", options.connections, options.seconds)
                figures = wrk(server + path, options.connections, options.seconds, cookie=cookies[account])
                rows.append({"page": name, "account": account,
                             **against_ceiling(figures, bare), "queries": queries[account][path]})
    return rows


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--products", type=int, default=1_000, help="the catalogue around the busy shop")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    options = parser.parse_args()
    require_wrk()
    url = prepare(options.db, options.products)
    ensure_member(url)
    shop_id = busy_shop(url)
    rows = measure(options, url, pages(url, shop_id))
    print(f"\n{options.db}, {options.products} products, a shop with {ORDERS} orders, {options.connections} "
          f"connections, {options.seconds} s per page, gunicorn -w 2 ({options.worker_class}), "
          f"{time.strftime('%Y-%m-%d')}")
    print(table(rows, ["page", "account", "rps", "p50", "p99", "ceiling rps", "ratio", "queries", "errors"]))


if __name__ == "__main__":
    main()
