"""Listing moderation: curators find any listing and hide it with a reason, or show it again. The
rules live in `products.moderation`."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.admin import AGENCY, bp
from marketplace.admin.moderation_forms import VISIBILITY, HideForm, ListingFilterForm, UnhideForm
from marketplace.audit.models import AuditEntry
from marketplace.auth.decorators import role_required
from marketplace.extensions import db
from marketplace.products import moderation, notifications
from marketplace.products.catalog import page_number
from marketplace.products.exceptions import HideReasonRequired, NotHidden
from marketplace.products.models import Product

PER_PAGE = 50


@bp.get("/products")
@role_required(*AGENCY)
def moderate_products():
    form = ListingFilterForm(request.args)
    text, hidden = (form.q.data or "", VISIBILITY.get(form.hidden.data)) if form.validate() else ("", None)
    page = moderation.moderation_page(text, hidden, page_number(request.args), PER_PAGE)
    return render_template("admin/moderation/index.html", form=form, page=page,
                           page_args=lambda **changes: {**request.args.to_dict(), **changes})


def _product(product_id: int) -> Product:
    product = db.session.scalar(
        select(Product).where(Product.id == product_id)
        .options(joinedload(Product.shop), joinedload(Product.prepared_by), selectinload(Product.variants)))
    return product or abort(404)


def _show(product: Product, hide_form=None, unhide_form=None):
    history = db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_type == Product.__tablename__,
                                 AuditEntry.target_id == str(product.id))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(50)).all()
    return render_template("admin/moderation/show.html", product=product, history=history,
                           hide_form=hide_form or HideForm(formdata=None),
                           unhide_form=unhide_form or UnhideForm(formdata=None))


@bp.get("/products/<int:product_id>")
@role_required(*AGENCY)
def moderate_product(product_id):
    return _show(_product(product_id))


@bp.post("/products/<int:product_id>/hide")
@role_required(*AGENCY)
def hide_product(product_id):
    product = _product(product_id)
    form = HideForm()
    if not form.validate_on_submit():
        return _show(product, hide_form=form)
    try:
        moderation.hide_product(product, form.reason.data, current_user)
    except HideReasonRequired as refusal:
        db.session.rollback()
        form.reason.errors.append(str(refusal))
        return _show(product, hide_form=form)
    db.session.commit()
    notifications.listing_hidden(product)
    flash(_("“%(title)s” is hidden from customers.", title=product.title), "success")
    return redirect(url_for("admin.moderate_product", product_id=product.id))


@bp.post("/products/<int:product_id>/unhide")
@role_required(*AGENCY)
def unhide_product(product_id):
    product = _product(product_id)
    form = UnhideForm()
    if not form.validate_on_submit():
        return _show(product, unhide_form=form)
    try:
        moderation.unhide_product(product, current_user, form.note.data)
    except NotHidden as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        notifications.listing_unhidden(product)
        flash(_("“%(title)s” is no longer hidden.", title=product.title), "success")
    return redirect(url_for("admin.moderate_product", product_id=product.id))
