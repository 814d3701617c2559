"""Assisted listing: a curator chooses a shop and works on its listings on its behalf, through the
artisan's own dashboard. The choice lives in the curator's session (see `shops.access`)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, user_logged_out
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from marketplace.admin import AGENCY, bp
from marketplace.auth.decorators import role_required
from marketplace.extensions import db
from marketplace.products.models import Product
from marketplace.shops import access
from marketplace.shops.models import Shop

PER_PAGE = 50


def _assistable_shops(text: str):
    listings = (select(func.count(Product.id)).where(Product.shop_id == Shop.id)
                .correlate(Shop).scalar_subquery())
    query = (select(Shop, listings).where(Shop.state.in_(access.ASSISTABLE_STATES))
             .options(joinedload(Shop.owner)).order_by(Shop.state, Shop.name))
    if text:
        query = query.where(Shop.name.icontains(text, autoescape=True))
    return query


@bp.get("/assist")
@role_required(*AGENCY)
def assist():
    text = request.args.get("q", "").strip()[:80]
    rows = db.session.execute(_assistable_shops(text).limit(PER_PAGE + 1)).all()
    return render_template("admin/assist/index.html", rows=rows[:PER_PAGE], more=len(rows) > PER_PAGE,
                           q=text)


@bp.post("/assist/<int:shop_id>")
@role_required(*AGENCY)
def start_assisting(shop_id):
    shop = db.session.get(Shop, shop_id) or abort(404)
    if not access.can_assist(current_user, shop):
        flash(_("You cannot work on behalf of %(shop)s.", shop=shop.name), "error")
        return redirect(url_for("admin.assist"))
    access.start_assisting(current_user, shop)
    flash(_("You are now working on behalf of %(shop)s. Each change is recorded with your name.",
            shop=shop.name), "info")
    return redirect(url_for("products.dashboard"))


@bp.post("/assist/stop")
@role_required(*AGENCY)
def stop_assisting():
    shop = access.assisted_shop(current_user)
    access.stop_assisting()
    if shop is not None:
        flash(_("You stopped working on behalf of %(shop)s.", shop=shop.name), "info")
    return redirect(url_for("admin.assist"))


@bp.app_context_processor
def assisting_banner():
    """The shop a curator works on behalf of, for the banner every page shows."""
    return {"assisting_shop": access.assisted_shop(current_user)}


@user_logged_out.connect
def _stop_assisting_on_logout(sender, **extra):
    # The next login in this browser starts on the user's own pages, whoever it is.
    access.stop_assisting()
