from datetime import UTC, datetime, time, timedelta

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import false, select

from marketplace.admin import AGENCY, bp
from marketplace.admin.audit_forms import AuditFilterForm
from marketplace.audit.models import AuditEntry
from marketplace.auth.decorators import role_required
from marketplace.extensions import db
from marketplace.web.forms import choices

PER_PAGE = 50


def _distinct(column) -> list[str]:
    return list(db.session.scalars(select(column).distinct().order_by(column)))


def _filtered(form: AuditFilterForm):
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if form.actor.data:
        query = query.where(AuditEntry.actor_name.ilike(f"%{form.actor.data}%"))
    if form.action.data:
        query = query.where(AuditEntry.action == form.action.data)
    if form.target_type.data:
        query = query.where(AuditEntry.target_type == form.target_type.data)
    if form.since.data:
        query = query.where(AuditEntry.created_at >= datetime.combine(form.since.data, time(), UTC))
    if form.until.data:
        end = datetime.combine(form.until.data + timedelta(days=1), time(), UTC)
        query = query.where(AuditEntry.created_at < end)
    return query


@bp.get("/audit")
@role_required(*AGENCY)
def audit_log():
    form = AuditFilterForm(request.args)
    everything = [("", _("All"))]
    form.action.choices = choices(everything + [(a, a) for a in _distinct(AuditEntry.action)])
    form.target_type.choices = choices(everything + [(t, t) for t in _distinct(AuditEntry.target_type)])
    valid = form.validate()
    query = _filtered(form) if valid else select(AuditEntry).where(false())
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False, count=True)
    return render_template("admin/audit.html", form=form, page=page,
                           page_args=lambda **changes: {**request.args.to_dict(), **changes})
