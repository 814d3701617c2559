"""The agency's area. Each part lives in its own module; importing them here registers their routes."""

from flask import render_template

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
from marketplace.auth.queries import accounts_overview


@bp.route("/")
@role_required(*AGENCY)
def index():
    return render_template("admin/index.html", overview=accounts_overview())
