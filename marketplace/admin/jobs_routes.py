"""Background jobs that failed after all their retries: admins see why and run them again."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from marketplace.admin import bp
from marketplace.auth.decorators import role_required
from marketplace.auth.models import Role
from marketplace.extensions import db
from marketplace.jobs import enqueue
from marketplace.jobs.models import FailedJob
from marketplace.jobs.queue import job_queue
from marketplace.ops.services import AlreadyRetried, UnknownJob, mark_retried

PER_PAGE = 50


@bp.get("/jobs")
@role_required(Role.ADMIN)
def jobs():
    # jobs still waiting for someone first, newest first within each group
    query = select(FailedJob).order_by(FailedJob.retried_at.is_not(None), FailedJob.failed_at.desc(),
                                       FailedJob.id.desc())
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False, count=True)
    queue = job_queue()
    return render_template("admin/jobs/index.html", page=page, form=FlaskForm(),
                           queued=None if queue is None else queue.count,
                           page_args=lambda **changes: {**request.args.to_dict(), **changes})


@bp.post("/jobs/<int:failed_id>/retry")
@role_required(Role.ADMIN)
def retry_job(failed_id):
    failed = db.session.get(FailedJob, failed_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        function = mark_retried(failed, current_user)
    except AlreadyRetried:
        flash(_("This job was already run again."), "info")
        return redirect(url_for("admin.jobs"))
    except UnknownJob:
        flash(_("This job no longer exists in the code, so it cannot be run again."), "error")
        return redirect(url_for("admin.jobs"))
    db.session.commit()
    enqueue(function, *failed.arguments, description=failed.description)
    flash(_("The job was started again. If it fails again, it shows up here as a new row."), "success")
    return redirect(url_for("admin.jobs"))
