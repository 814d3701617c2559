"""A large demo catalogue for benchmarks: `flask seed-demo --products N` adds generated listings,
spread over generated shops, until there are N products. The listings are varied from the demo
catalogue (kinds of cloth, motifs, dyes, fabrics, prices) and inserted in batches with bulk INSERTs,
search documents included, so 100,000 products take a minute or two. They carry no photos: a
stored image belongs to one listing, and deleting it from one must not take it from another."""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, text

from marketplace.auth.models import Role, RoleGrant, User
from marketplace.auth.passwords import hash_password
from marketplace.demo.catalog import DEMO_PRODUCTS, DEMO_SHOPS
from marketplace.demo.seed import DEMO_PASSWORD
from marketplace.extensions import db
from marketplace.products.models import DyeType, Fabric, Product, ProductStatus, Technique, Variant
from marketplace.products.search import add_documents, build_document
from marketplace.shops.models import Shop, ShopState
from marketplace.shops.services import normalize_whatsapp, slugify

PRODUCTS_PER_SHOP = 100
BATCH = 2_000
#: generated shop owners' addresses: `perajin-00001@demo.pasarbatik.id`
EMAIL = "perajin-{:05d}@demo.pasarbatik.id"
EMAIL_PATTERN = "perajin-%@demo.pasarbatik.id"

_KINDS = ("Kain", "Selendang", "Kemeja Pria", "Kerudung", "Sarung", "Taplak Meja", "Syal")
_COLOURS = ("Merah Bata", "Cokelat Soga", "Biru Indigo", "Hijau Daun", "Kuning Jelawe", "Ungu",
            "Merah Hati", "Jingga", "Hitam", "Krem")
_NAMES = ("Aisyah", "Ratna", "Wulan", "Sumiati", "Juleha", "Maryam", "Hasanah", "Lestari", "Rusmini",
          "Zubaidah", "Fitri", "Halimah")
_SHOP_WORDS = ("Batik", "Jumputan", "Rumah Batik", "Sanggar Batik", "Galeri Jumputan", "Batik Tulis")
_VILLAGES = ("Sungsang", "Pangkalan Balai", "Mariana", "Betung", "Sembawa", "Telang Jaya", "Rambutan",
             "Sukajadi", "Makarti Jaya", "Tanjung Lago", "Rantau Bayur", "Pulau Rimau")


@dataclass
class _Shop:
    id: int
    name: str
    index: int


def generated_count() -> int:
    """How many products the generated shops already hold."""
    return db.session.scalar(
        select(func.count(Product.id)).join(Shop, Shop.id == Product.shop_id)
        .join(User, User.id == Shop.owner_id).where(User.email.like(EMAIL_PATTERN))) or 0


def scale_catalog(total: int, cohort_id: int | None = None) -> int:
    """Add generated listings until the catalogue holds `total` products; returns how many were
    added. Safe to run again: it continues the numbering where the last run stopped."""
    missing = total - db.session.scalar(select(func.count(Product.id)))
    if missing <= 0:
        return 0
    start = generated_count()
    password_hash = hash_password(DEMO_PASSWORD)
    shops: dict[int, _Shop] = {}
    for first in range(start, start + missing, BATCH):
        numbers = range(first, min(first + BATCH, start + missing))
        _ensure_shops({n // PRODUCTS_PER_SHOP for n in numbers} - shops.keys(), shops, password_hash,
                      cohort_id)
        _insert_products(numbers, shops)
    analyze()
    return missing


def _ensure_shops(indexes: set[int], shops: dict[int, _Shop], password_hash: str,
                  cohort_id: int | None) -> None:
    if not indexes:
        return
    emails = {EMAIL.format(index): index for index in indexes}
    existing = db.session.execute(
        select(User.email, Shop.id, Shop.name).join(Shop, Shop.owner_id == User.id)
        .where(User.email.in_(emails))).all()
    for email, shop_id, name in existing:
        shops[emails[email]] = _Shop(shop_id, name, emails[email])
    new = sorted(index for index in indexes if index not in shops)
    if not new:
        return
    owners = [{"email": EMAIL.format(index), "name": f"{_NAMES[index % len(_NAMES)]} ({index})",
               "password_hash": password_hash, "locale": "id", "session_version": 1, "active": True}
              for index in new]
    owner_ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True),
                                   owners).all()
    db.session.execute(insert(RoleGrant), [{"user_id": owner_id, "role": role}
                                           for owner_id in owner_ids
                                           for role in (Role.CUSTOMER, Role.ARTISAN)])
    rows = [_shop_row(index, owner_id, cohort_id) for index, owner_id in zip(new, owner_ids, strict=True)]
    shop_ids = db.session.scalars(insert(Shop).returning(Shop.id, sort_by_parameter_order=True),
                                  rows).all()
    for index, row, shop_id in zip(new, rows, shop_ids, strict=True):
        shops[index] = _Shop(shop_id, row["name"], index)


def _shop_row(index: int, owner_id: int, cohort_id: int | None) -> dict:
    model = DEMO_SHOPS[index % len(DEMO_SHOPS)]
    village = _VILLAGES[index % len(_VILLAGES)]
    name = f"{_SHOP_WORDS[index % len(_SHOP_WORDS)]} {village} {index + 1}"
    return {
        "owner_id": owner_id, "name": name, "slug": slugify(name), "story": model["story"],
        "kecamatan": model["kecamatan"], "village": village,
        "whatsapp": normalize_whatsapp(f"0812{index:08d}"), "nib": None,
        "cohort_id": cohort_id if index % 3 else None,
        # One shop in fifty waits for verification, so the catalogue also has listings nobody sees.
        "state": ShopState.PENDING if index % 50 == 49 else ShopState.VERIFIED,
        "curator_publish_consent": bool(index % 2), "allows_cod": bool(index % 4 == 0),
    }


def _insert_products(numbers: range, shops: dict[int, _Shop]) -> None:
    now = datetime.now(UTC)
    generated = [_product(number, shops[number // PRODUCTS_PER_SHOP], now) for number in numbers]
    rows = [row for row, _variants in generated]
    ids = db.session.scalars(insert(Product).returning(Product.id, sort_by_parameter_order=True),
                             rows).all()
    variants = [dict(variant, product_id=product_id)
                for product_id, (_row, product_variants) in zip(ids, generated, strict=True)
                for variant in product_variants]
    db.session.execute(insert(Variant), variants)
    add_documents([(product_id, row["search_document"]) for product_id, row in zip(ids, rows, strict=True)])


def _product(number: int, shop: _Shop, now: datetime) -> tuple[dict, list[dict]]:
    rng = random.Random(number)
    model = DEMO_PRODUCTS[number % len(DEMO_PRODUCTS)]
    motif = DEMO_PRODUCTS[rng.randrange(len(DEMO_PRODUCTS))]
    kind = rng.choice(_KINDS)
    title = f"{kind} {_technique_words(model)} {motif['motif_name']} {rng.choice(_COLOURS)} No. {number + 1}"
    made_to_order = rng.random() < 0.1
    row = {
        "shop_id": shop.id, "title": title[:120], "description": model["description"],
        "technique": Technique(model["technique"]), "dye_type": DyeType(model["dye_type"]),
        "dye_source": model["dye_source"], "fabric": Fabric(model["fabric"]),
        "motif_name": motif["motif_name"], "motif_meaning": motif["motif_meaning"],
        "length_cm": model["length_cm"], "width_cm": model["width_cm"],
        "weight_grams": model["weight_grams"], "made_to_order": made_to_order,
        "production_days": rng.randint(7, 30) if made_to_order else None,
        "status": _status(rng), "hidden": rng.random() < 0.01, "prepared_by_id": None,
        # Spread over two years, older than the hand-made demo listings, so those stay the newest.
        "created_at": now - timedelta(days=1, minutes=number % (2 * 365 * 24 * 60)),
        "updated_at": now,
    }
    row["search_document"] = build_document(_Text(row), shop)
    return row, _variants(number, shop, model, rng)


def _technique_words(model: dict) -> str:
    return {"batik_tulis": "Batik Tulis", "batik_cap": "Batik Cap", "batik_kombinasi": "Batik Kombinasi",
            "jumputan": "Jumputan", "tekstil_motif_batik": "Motif Batik (Print)"}[model["technique"]]


def _status(rng: random.Random) -> ProductStatus:
    draw = rng.random()
    if draw < 0.05:
        return ProductStatus.DRAFT
    return ProductStatus.ARCHIVED if draw < 0.08 else ProductStatus.ACTIVE


def _variants(number: int, shop: _Shop, model: dict, rng: random.Random) -> list[dict]:
    scale = rng.uniform(0.8, 1.3)
    return [{"shop_id": shop.id, "sku": f"G{number + 1}-{position + 1}", "name": variant["name"],
             "price": max(1_000, round(variant["price"] * scale, -3)),
             "stock_on_hand": rng.choice((0, 1, 2, 3, 5, 8, 12)), "stock_reserved": 0,
             "position": position}
            for position, variant in enumerate(model["variants"])]


class _Text:
    """The fields `build_document` reads, from a row about to be inserted."""

    def __init__(self, row: dict):
        self.__dict__.update(row)


def analyze() -> None:
    """Fresh planner statistics after a bulk load, so the first queries use the indexes."""
    db.session.flush()
    db.session.execute(text("ANALYZE"))
