"""Demo data for Banyuasin, loaded by `flask seed-demo`. Every step is get-or-create, so running it
again adds nothing twice and never overwrites what someone changed."""

from datetime import date

from sqlalchemy import select

from marketplace.auth import services as accounts
from marketplace.auth.models import Role
from marketplace.extensions import db
from marketplace.shops.models import Cohort

DEMO_PASSWORD = "batik-banyuasin-2024"

DEMO_COHORT = {
    "name": "Pelatihan Batik Banyuasin x Jumputan",
    "starts_on": date(2024, 2, 19),
    "ends_on": date(2024, 2, 23),
    "place": "Palembang, Sumatera Selatan",
    "organisers": "Dekranasda Kabupaten Banyuasin dan Dinas Koperasi, UKM, Perindustrian dan "
                  "Perdagangan (Koperindag) Kabupaten Banyuasin",
}

DEMO_ACCOUNTS = [
    {"email": "admin@demo.pasarbatik.id", "name": "Rahmat Hidayat", "roles": ["admin"]},
    {"email": "kurator@demo.pasarbatik.id", "name": "Siti Aminah", "roles": ["curator"]},
    {"email": "pembeli@demo.pasarbatik.id", "name": "Dewi Lestari", "roles": ["customer"]},
    {"email": "pembeli2@demo.pasarbatik.id", "name": "Andi Saputra", "roles": ["customer"]},
    {"email": "nurhayati@demo.pasarbatik.id", "name": "Nurhayati", "roles": ["customer", "artisan"]},
    {"email": "marlina@demo.pasarbatik.id", "name": "Marlina Sari", "roles": ["customer", "artisan"]},
    {"email": "yuliani@demo.pasarbatik.id", "name": "Yuliani", "roles": ["customer", "artisan"]},
    {"email": "fatimah@demo.pasarbatik.id", "name": "Fatimah Zahra", "roles": ["customer", "artisan"]},
]


def seed() -> int:
    """Add whatever demo records are missing; returns how many were created."""
    created = _ensure_cohort()
    for account in DEMO_ACCOUNTS:
        created += _ensure_account(account)
    db.session.flush()
    return created


def _ensure_cohort() -> int:
    if db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT["name"])):
        return 0
    db.session.add(Cohort(**DEMO_COHORT))
    return 1


def _ensure_account(account: dict) -> int:
    if accounts.find_user_by_email(account["email"]):
        return 0
    accounts.create_user(account["email"], account["name"], DEMO_PASSWORD,
                         roles=[Role(role) for role in account["roles"]])
    return 1
