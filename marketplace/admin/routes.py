"""The agency's area. Each part lives in its own module; importing them here registers their routes."""

from flask import render_template
from sqlalchemy import func, select

from marketplace.admin import (
    AGENCY,
    assist_routes,  # noqa: F401
    audit_routes,  # noqa: F401
    bp,
    cohort_routes,  # noqa: F401
    curation_routes,  # noqa: F401
    jobs_routes,  # noqa: F401
    ledger_routes,  # noqa: F401
    moderation_routes,  # noqa: F401
    payment_routes,  # noqa: F401
    report_routes,  # noqa: F401
    shop_routes,  # noqa: F401
)
from marketplace.auth.decorators import role_required
from marketplace.auth.models import Role, RoleGrant, User
from marketplace.extensions import db


@bp.route("/")
@role_required(*AGENCY)
def index():
    counts = dict(db.session.execute(
        select(RoleGrant.role, func.count()).group_by(RoleGrant.role)).all())
    newest = db.session.scalars(select(User).order_by(User.created_at.desc(), User.id.desc())
                                .limit(20)).all()
    return render_template("admin/index.html", role_counts=counts, roles=list(Role), users=newest)
