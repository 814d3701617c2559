"""Verification and moderation of shops: the queue of applications, every shop by state, and the
decisions (approve, reject, suspend, reinstate) with the reason the artisan reads."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from marketplace.admin import AGENCY, bp
from marketplace.admin.shop_forms import DecisionForm, ShopFilterForm
from marketplace.audit.models import AuditEntry
from marketplace.auth.decorators import role_required
from marketplace.extensions import db
from marketplace.shops.exceptions import ReasonRequired
from marketplace.shops.labels import SHOP_STATE_LABELS
from marketplace.shops.models import Shop, ShopState
from marketplace.shops.verification import decide, notify_decision
from marketplace.transitions import InvalidTransition

#: each decision: the state it is taken from, the state it leads to, its button
DECISIONS = {
    "approve": (ShopState.PENDING, ShopState.VERIFIED, _l("Approve and verify")),
    "reject": (ShopState.PENDING, ShopState.REJECTED, _l("Reject")),
    "suspend": (ShopState.VERIFIED, ShopState.SUSPENDED, _l("Suspend")),
    "reinstate": (ShopState.SUSPENDED, ShopState.VERIFIED, _l("Reinstate")),
}
_DONE = {
    "approve": lambda shop: _("%(shop)s is verified; its active listings are public.", shop=shop.name),
    "reject": lambda shop: _("The application of %(shop)s is rejected.", shop=shop.name),
    "suspend": lambda shop: _("%(shop)s is suspended; its listings left the catalog.", shop=shop.name),
    "reinstate": lambda shop: _("%(shop)s is reinstated; its active listings are public again.",
                                shop=shop.name),
}


def _shops(state: str | None):
    query = select(Shop).options(selectinload(Shop.owner), selectinload(Shop.cohort))
    return db.session.scalars(query.where(Shop.state == state) if state else query)


@bp.get("/shops")
@role_required(*AGENCY)
def shops():
    form = ShopFilterForm(request.args)
    state = form.state.data if form.validate() else None
    pending = _shops(ShopState.PENDING).all()
    listed = sorted(_shops(state), key=lambda shop: shop.name.lower())
    return render_template("admin/shops/index.html", form=form, pending=sorted(pending, key=_applied),
                           shops=listed, state_labels=SHOP_STATE_LABELS)


def _applied(shop: Shop):
    return shop.created_at, shop.id


def _decision_forms(shop: Shop, submitted: tuple[str, DecisionForm] | None = None) -> dict:
    forms = {}
    for name, (source, _wanted, label) in DECISIONS.items():
        if shop.state != source:
            continue
        if submitted and submitted[0] == name:
            form = submitted[1]
        else:
            form = DecisionForm(prefix=name, formdata=None)
        form.submit.label.text = label
        forms[name] = form
    return forms


def _history(shop: Shop) -> list[AuditEntry]:
    """What the agency did to this shop, newest first."""
    about_shop = and_(AuditEntry.target_type == Shop.__tablename__, AuditEntry.target_id == str(shop.id))
    return list(db.session.scalars(select(AuditEntry).where(about_shop)
                                   .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())))


def _page(shop: Shop, submitted=None):
    return render_template("admin/shops/show.html", shop=shop, forms=_decision_forms(shop, submitted),
                           history=_history(shop), state_labels=SHOP_STATE_LABELS)


@bp.get("/shops/<int:shop_id>")
@role_required(*AGENCY)
def shop(shop_id):
    return _page(db.get_or_404(Shop, shop_id))


@bp.post("/shops/<int:shop_id>/decision")
@role_required(*AGENCY)
def decide_shop(shop_id):
    shop = db.get_or_404(Shop, shop_id)
    name = request.form.get("decision", "")
    if name not in DECISIONS:
        abort(400)
    form = DecisionForm(prefix=name)
    if not form.validate_on_submit():
        return _page(shop, (name, form))
    source, wanted, _label = DECISIONS[name]
    try:
        if shop.state != source:  # the page was out of date: someone decided meanwhile
            raise InvalidTransition(shop.state, wanted)
        decide(shop, current_user, wanted, form.reason.data)
    except ReasonRequired:
        db.session.rollback()
        form.reason.errors.append(_("Write the reason: the artisan will read it."))
        return _page(shop, (name, form))
    except InvalidTransition:
        db.session.rollback()
        flash(_("This decision is not possible now: the shop is %(state)s.",
                state=SHOP_STATE_LABELS[shop.state]), "error")
        return redirect(url_for("admin.shop", shop_id=shop.id))
    db.session.commit()
    notify_decision(shop)
    flash(_DONE[name](shop), "success")
    return redirect(url_for("admin.shop", shop_id=shop.id))
