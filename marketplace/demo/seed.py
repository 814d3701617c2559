"""Demo data for Banyuasin, loaded by `flask seed-demo`. Every step is get-or-create, so running it
again adds nothing twice and never overwrites what someone changed since."""

import zlib
from datetime import date
from io import BytesIO

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from marketplace.auth import services as accounts
from marketplace.auth.models import Role
from marketplace.demo import curation as curation_demo
from marketplace.demo.catalog import DEMO_PRODUCTS, DEMO_SHOPS
from marketplace.demo.images import render_banner, render_logo, render_pattern
from marketplace.extensions import db
from marketplace.media.images import store_generated_image
from marketplace.products import services as listings
from marketplace.products.models import DyeType, Fabric, Product, ProductImage, ProductStatus, Technique
from marketplace.shops import services as shops
from marketplace.shops.models import Cohort, Shop, ShopState
from marketplace.shops.zones import Zone

DEMO_PASSWORD = "kain-pedada-musi-2024"

DEMO_COHORT = {
    "name": "Pelatihan Batik Banyuasin x Jumputan",
    "starts_on": date(2024, 2, 19),
    "ends_on": date(2024, 2, 23),
    "place": "Palembang, Sumatera Selatan",
    "organisers": "Dekranasda Kabupaten Banyuasin dan Dinas Koperasi, UKM, Perindustrian dan "
                  "Perdagangan (Koperindag) Kabupaten Banyuasin",
}

_STAFF_AND_CUSTOMERS = [
    {"email": "admin@demo.pasarbatik.id", "name": "Rahmat Hidayat", "roles": ["admin"]},
    {"email": "kurator@demo.pasarbatik.id", "name": "Siti Aminah", "roles": ["curator"]},
    {"email": "pembeli@demo.pasarbatik.id", "name": "Dewi Lestari", "roles": ["customer"]},
    {"email": "pembeli2@demo.pasarbatik.id", "name": "Andi Saputra", "roles": ["customer"]},
]
DEMO_ACCOUNTS = _STAFF_AND_CUSTOMERS + [
    {"email": shop["owner_email"], "name": shop["owner_name"], "roles": ["customer", "artisan"]}
    for shop in DEMO_SHOPS
]


#: (first kilogram, each further kilogram) from Banyuasin, close to what JNE REG and J&T EZ charged
#: from Palembang in 2024, with a little for the box and the ride to the courier's counter
DEMO_ZONE_RATES = {
    Zone.BANYUASIN: (9_000, 5_000),
    Zone.SOUTH_SUMATRA: (12_000, 8_000),
    Zone.SUMATRA: (22_000, 18_000),
    Zone.JAVA_BALI: (26_000, 20_000),
    Zone.KALIMANTAN: (42_000, 35_000),
    Zone.SULAWESI_NUSA_TENGGARA: (55_000, 45_000),
    Zone.MALUKU_PAPUA: (95_000, 80_000),
}


def seed(with_images: bool = True) -> int:
    """Add whatever demo records are missing; returns how many were created."""
    cohort, created = _ensure_cohort()
    for account in DEMO_ACCOUNTS:
        created += _ensure_account(account)
    for details in DEMO_SHOPS:
        created += _ensure_shop(details, cohort, with_images)
    for details in DEMO_PRODUCTS:
        created += _ensure_product(details, with_images)
    db.session.flush()
    created += curation_demo.seed(with_images)
    return created


def _ensure_cohort() -> tuple[Cohort, int]:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT["name"]))
    if cohort:
        return cohort, 0
    cohort = Cohort(**DEMO_COHORT)
    db.session.add(cohort)
    return cohort, 1


def _ensure_account(account: dict) -> int:
    if accounts.find_user_by_email(account["email"]):
        return 0
    accounts.create_user(account["email"], account["name"], DEMO_PASSWORD,
                         roles=[Role(role) for role in account["roles"]])
    return 1


def _ensure_shop(details: dict, cohort: Cohort, with_images: bool) -> int:
    if db.session.scalar(select(Shop.id).where(Shop.name == details["name"])):
        return 0
    owner = accounts.find_user_by_email(details["owner_email"])
    shop = shops.apply_for_shop(owner, shops.ShopDetails(
        name=details["name"], story=details["story"], kecamatan=details["kecamatan"],
        village=details["village"], whatsapp=details["whatsapp"], nib=details["nib"],
        cohort=cohort if details["in_cohort"] else None))
    shop.curator_publish_consent = details["curator_publish_consent"]
    shop.allows_cod = details.get("allows_cod", False)
    shops.set_zone_rates(shop, DEMO_ZONE_RATES)
    if details["state"] == ShopState.VERIFIED:
        shops.change_shop_state(shop, ShopState.VERIFIED)
    if with_images:
        palette = _palette_of(details["name"])
        initials = "".join(word[0] for word in details["name"].split()[:2]).upper()
        banner = render_banner("tumpal", palette, _seed(details["name"]))
        shops.set_shop_images(shop, _as_upload(render_logo(initials, palette), "logo.jpg"),
                              _as_upload(banner, "banner.jpg"))
    return 1


def _ensure_product(details: dict, with_images: bool) -> int:
    shop = db.session.scalar(select(Shop).where(Shop.name == details["shop"]))
    exists = select(Product.id).where(Product.shop_id == shop.id, Product.title == details["title"])
    if db.session.scalar(exists):
        return 0
    product = listings.create_product(shop, _listing(details), _variants(details), shop.owner)
    if details["status"] != ProductStatus.DRAFT:
        listings.change_status(product, ProductStatus(details["status"]), shop.owner)
    if with_images:
        stored = store_generated_image(
            render_pattern(details["pattern"], details["palette"], _seed(details["title"])), "kain.jpg")
        product.images.append(ProductImage(
            position=0, alt_text=f"{details['title']}: motif {details['motif_name']}",
            thumb_key=stored.thumb_key, large_key=stored.large_key, width=stored.width,
            height=stored.height))
    return 1


def _listing(details: dict) -> listings.ListingDetails:
    return listings.ListingDetails(
        title=details["title"], description=details["description"],
        technique=Technique(details["technique"]), dye_type=DyeType(details["dye_type"]),
        dye_source=details["dye_source"], fabric=Fabric(details["fabric"]),
        motif_name=details["motif_name"], motif_meaning=details["motif_meaning"],
        weight_grams=details["weight_grams"], length_cm=details["length_cm"],
        width_cm=details["width_cm"], made_to_order=details["made_to_order"],
        production_days=details["production_days"])


def _variants(details: dict) -> list[listings.VariantDetails]:
    return [listings.VariantDetails(sku=variant["sku"], name=variant["name"], price=variant["price"],
                                    stock_on_hand=variant["stock"]) for variant in details["variants"]]


def _palette_of(shop_name: str) -> list[str]:
    return next(product["palette"] for product in DEMO_PRODUCTS if product["shop"] == shop_name)


def _seed(text: str) -> int:
    """A stable number per name, so the same demo cloth is drawn the same way on every machine."""
    return zlib.crc32(text.encode())


def _as_upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(BytesIO(data), filename)
