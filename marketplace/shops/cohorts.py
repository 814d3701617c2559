"""Training cohorts the agency runs, and which shops' artisans took them. Every change is written to
the audit log; functions flush and the caller commits."""

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, or_, select

from marketplace.audit.services import record_action, snapshot
from marketplace.auth.models import User
from marketplace.extensions import db
from marketplace.shops.exceptions import CohortDatesReversed, CohortNameTaken
from marketplace.shops.models import Cohort, Shop

_AUDITED = ("name", "starts_on", "ends_on", "place", "organisers")


@dataclass
class CohortDetails:
    name: str
    starts_on: date
    ends_on: date
    place: str
    organisers: str


def _check(details: CohortDetails, except_cohort: Cohort | None = None) -> None:
    if details.ends_on < details.starts_on:
        raise CohortDatesReversed()
    query = select(Cohort.id).where(func.lower(Cohort.name) == details.name.strip().lower())
    if except_cohort is not None:
        query = query.where(Cohort.id != except_cohort.id)
    if db.session.scalar(query) is not None:
        raise CohortNameTaken(details.name)


def _apply(cohort: Cohort, details: CohortDetails) -> None:
    for name, value in asdict(details).items():
        setattr(cohort, name, value.strip() if isinstance(value, str) else value)


def create_cohort(actor: User, details: CohortDetails) -> Cohort:
    _check(details)
    cohort = Cohort()
    _apply(cohort, details)
    db.session.add(cohort)
    record_action(actor, "cohort.create", cohort, after=snapshot(cohort, *_AUDITED))
    db.session.flush()
    return cohort


def update_cohort(cohort: Cohort, actor: User, details: CohortDetails) -> None:
    _check(details, except_cohort=cohort)
    before = snapshot(cohort, *_AUDITED)
    _apply(cohort, details)
    record_action(actor, "cohort.update", cohort, before=before, after=snapshot(cohort, *_AUDITED))
    db.session.flush()


def set_shop_cohort(shop: Shop, cohort: Cohort | None, actor: User) -> None:
    """Link the shop's artisan to a cohort, or unlink it with None; the badge follows at once."""
    if shop.cohort_id == (cohort.id if cohort else None):
        return
    before = _cohort_of(shop)
    shop.cohort = cohort
    record_action(actor, "shop.cohort", shop, before=before, after=_cohort_of(shop))
    db.session.flush()


def _cohort_of(shop: Shop) -> dict:
    return {"cohort_id": shop.cohort.id if shop.cohort else None,
            "cohort": shop.cohort.name if shop.cohort else None}


def shops_in(cohort: Cohort) -> list[Shop]:
    return list(db.session.scalars(select(Shop).where(Shop.cohort_id == cohort.id).order_by(Shop.name)))


def shops_outside(cohort: Cohort) -> list[Shop]:
    elsewhere = or_(Shop.cohort_id != cohort.id, Shop.cohort_id.is_(None))
    return list(db.session.scalars(select(Shop).where(elsewhere).order_by(Shop.name)))
