"""Verification and moderation of shops: the queue of applications, every shop by state, and the
decisions (approve, reject, suspend, reinstate) with the reason the artisan reads."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, select

from marketplace.admin import AGENCY, bp
from marketplace.admin.shop_forms import DecisionForm, ShopFilterForm
from marketplace.audit.models import AuditEntry
from marketplace.auth.decorators import role_required
from marketplace.extensions import db
from marketplace.shops import verification
from marketplace.shops.exceptions import ReasonRequired
from marketplace.shops.models import Shop
from marketplace.shops.queries import shops_overview
from marketplace.shops.verification import DecisionNotAllowed, ShopDecision


@bp.get("/shops")
@role_required(*AGENCY)
def shops():
    form = ShopFilterForm(request.args)
    overview = shops_overview(form.state.data if form.validate() else None)
    return render_template("admin/shops/index.html", form=form, pending=overview.pending, rows=overview.rows)


def _decision_forms(shop: Shop, submitted: tuple[ShopDecision, DecisionForm] | None = None) -> dict:
    """A form for each decision the shop's state allows; the one just sent keeps its input and errors."""
    forms = {}
    for decision in ShopDecision:
        if shop.state != decision.source:
            continue
        if submitted and submitted[0] == decision:
            form = submitted[1]
        else:
            form = DecisionForm(prefix=decision, formdata=None)
        form.submit.label.text = decision.label
        forms[decision] = form
    return forms


def _history(shop: Shop) -> list[AuditEntry]:
    """What the agency did to this shop, newest first."""
    about_shop = and_(AuditEntry.target_type == Shop.__tablename__, AuditEntry.target_id == str(shop.id))
    return list(db.session.scalars(select(AuditEntry).where(about_shop)
                                   .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())))


def _page(shop: Shop, submitted=None):
    return render_template("admin/shops/show.html", shop=shop, forms=_decision_forms(shop, submitted),
                           history=_history(shop))


@bp.get("/shops/<int:shop_id>")
@role_required(*AGENCY)
def shop(shop_id):
    return _page(db.get_or_404(Shop, shop_id))


@bp.post("/shops/<int:shop_id>/decision")
@role_required(*AGENCY)
def decide_shop(shop_id):
    shop = db.get_or_404(Shop, shop_id)
    decision = _decision_or_400(request.form.get("decision", ""))
    form = DecisionForm(prefix=decision)
    if not form.validate_on_submit():
        return _page(shop, (decision, form))
    try:
        verification.decide_shop(shop, current_user, decision, form.reason.data)
    except ReasonRequired:
        db.session.rollback()
        form.reason.errors.append(_("Write the reason: the artisan will read it."))
        return _page(shop, (decision, form))
    except DecisionNotAllowed as refusal:  # the page was out of date, or a double tap
        db.session.rollback()
        flash(str(refusal), "error")
        return redirect(url_for("admin.shop", shop_id=shop.id))
    db.session.commit()
    flash(decision.done_message(shop), "success")
    return redirect(url_for("admin.shop", shop_id=shop.id))


def _decision_or_400(name: str) -> ShopDecision:
    try:
        return ShopDecision(name)
    except ValueError:
        abort(400)
