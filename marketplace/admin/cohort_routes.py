"""Training cohorts: create and edit them, and link the shops whose artisans took them (the cohort
badge on shop pages and listings comes from this link)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from marketplace.admin import AGENCY, bp
from marketplace.admin.cohort_forms import CohortForm, LinkShopForm
from marketplace.auth.decorators import role_required
from marketplace.extensions import db
from marketplace.orders.forms import ActionForm
from marketplace.shops import cohorts as cohort_rules
from marketplace.shops.exceptions import CohortDatesReversed, CohortNameTaken
from marketplace.shops.models import Cohort, Shop
from marketplace.web.forms import choices, show_refusal


@bp.get("/cohorts")
@role_required(*AGENCY)
def cohorts():
    rows = db.session.execute(
        select(Cohort, func.count(Shop.id)).outerjoin(Shop, Shop.cohort_id == Cohort.id)
        .group_by(Cohort.id).order_by(Cohort.starts_on.desc(), Cohort.id.desc())).all()
    return render_template("admin/cohorts/index.html", rows=rows)


def _refused(form: CohortForm, error: CohortNameTaken | CohortDatesReversed) -> None:
    """A refusal of the cohort rules becomes a message on its field."""
    db.session.rollback()
    show_refusal(form, error)


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required(*AGENCY)
def create_cohort():
    form = CohortForm()
    if form.validate_on_submit():
        try:
            cohort = cohort_rules.create_cohort(current_user, form.details())
        except (CohortNameTaken, CohortDatesReversed) as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Cohort %(name)s created.", name=cohort.name), "success")
            return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    return render_template("admin/cohorts/edit.html", form=form, cohort=None)


def _link_form(cohort: Cohort) -> LinkShopForm:
    form = LinkShopForm()
    form.shop_id.choices = choices([(shop.id, f"{shop.name} ({shop.owner.name})")
                                    for shop in cohort_rules.shops_outside(cohort)])
    return form


def _page(cohort: Cohort, form: CohortForm, link_form: LinkShopForm | None = None):
    return render_template("admin/cohorts/edit.html", form=form, cohort=cohort,
                           shops=cohort_rules.shops_in(cohort), link_form=link_form or _link_form(cohort),
                           unlink_form=ActionForm())


@bp.route("/cohorts/<int:cohort_id>", methods=["GET", "POST"])
@role_required(*AGENCY)
def cohort(cohort_id):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = CohortForm(obj=cohort)
    if form.validate_on_submit():
        try:
            cohort_rules.update_cohort(cohort, current_user, form.details())
        except (CohortNameTaken, CohortDatesReversed) as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Cohort %(name)s saved.", name=cohort.name), "success")
            return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    return _page(cohort, form)


@bp.post("/cohorts/<int:cohort_id>/shops")
@role_required(*AGENCY)
def link_shop(cohort_id):
    cohort = db.get_or_404(Cohort, cohort_id)
    link_form = _link_form(cohort)
    if not link_form.validate_on_submit():
        return _page(cohort, CohortForm(obj=cohort, formdata=None), link_form)
    shop = db.session.get(Shop, link_form.shop_id.data)
    cohort_rules.set_shop_cohort(shop, cohort, current_user)
    db.session.commit()
    flash(_("%(shop)s is now in %(cohort)s.", shop=shop.name, cohort=cohort.name), "success")
    return redirect(url_for("admin.cohort", cohort_id=cohort.id))


@bp.post("/cohorts/<int:cohort_id>/shops/<int:shop_id>/unlink")
@role_required(*AGENCY)
def unlink_shop(cohort_id, shop_id):
    cohort = db.get_or_404(Cohort, cohort_id)
    shop = db.get_or_404(Shop, shop_id)
    if ActionForm().validate_on_submit() and shop.cohort_id == cohort.id:
        cohort_rules.set_shop_cohort(shop, None, current_user)
        db.session.commit()
        flash(_("%(shop)s is no longer in %(cohort)s.", shop=shop.name, cohort=cohort.name), "success")
    return redirect(url_for("admin.cohort", cohort_id=cohort.id))
