"""The agency's area. Each part lives in its own module; importing them here registers their routes."""

from flask import render_template
from sqlalchemy import func, select

from marketplace.admin import (
    AGENCY,
    audit_routes,  # noqa: F401
    bp,
    jobs_routes,  # noqa: F401
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
