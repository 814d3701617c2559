from flask import render_template
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.shops import bp
from marketplace.shops.models import Cohort


@bp.route("/cohorts")
def cohorts():
    """The agency's training courses, newest first: where the marketplace's artisans learned."""
    listed = db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc())).all()
    return render_template("shops/cohorts.html", cohorts=listed)
