from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.shops import bp, services
from marketplace.shops.exceptions import AlreadyHasShop, ShopImageRejected, ShopNameTaken
from marketplace.shops.forms import ShopForm
from marketplace.shops.models import Cohort, Shop
from marketplace.web.forms import choices, show_refusal


def _shop_form(shop: Shop | None = None) -> ShopForm:
    form = ShopForm(obj=shop)
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc())).all()
    form.cohort_id.choices = choices([(0, _("None"))] + [(cohort.id, cohort.name) for cohort in cohorts])
    if shop is not None and request.method == "GET":
        form.cohort_id.data = shop.cohort_id or 0
        form.whatsapp.data = "0" + shop.whatsapp[2:]
        form.show_zone_rates(shop)
    return form


def _details(form: ShopForm) -> services.ShopDetails:
    cohort = db.session.get(Cohort, form.cohort_id.data) if form.cohort_id.data else None
    return services.ShopDetails(name=form.name.data, story=form.story.data, kecamatan=form.kecamatan.data,
                                village=form.village.data, whatsapp=form.whatsapp.data,
                                nib=form.nib.data or None, cohort=cohort)


def _save(form: ShopForm, save) -> Shop | None:
    """Run `save`, then store the images; a refusal becomes a message on its field."""
    try:
        shop = save()
        services.set_shop_images(shop, form.logo.data, form.banner.data)
    except (ShopNameTaken, ShopImageRejected) as refusal:
        show_refusal(form, refusal)
    else:
        return shop
    db.session.rollback()
    return None


@bp.route("/shops/apply", methods=["GET", "POST"])
@login_required
def apply():
    if services.shop_of(current_user):
        return redirect(url_for("products.dashboard"))
    form = _shop_form()
    for name in ShopForm.SETTINGS:
        delattr(form, name)
    if form.validate_on_submit():
        try:
            shop = _save(form, lambda: services.apply_for_shop(current_user, _details(form)))
        except AlreadyHasShop:
            return redirect(url_for("products.dashboard"))
        if shop:
            db.session.commit()
            flash(_("Your shop has been created. Curators of Dekranasda will verify it; meanwhile you "
                    "can prepare your listings."), "success")
            return redirect(url_for("products.dashboard"))
    return render_template("shops/apply.html", form=form)


@bp.route("/dashboard/shop", methods=["GET", "POST"])
@login_required
def edit():
    shop = services.shop_of(current_user) or abort(404)
    form = _shop_form(shop)
    if form.validate_on_submit():
        def save():
            services.update_shop(shop, _details(form))
            services.update_settings(shop, **form.shop_settings())
            return shop

        if _save(form, save):
            db.session.commit()
            flash(_("Shop details saved."), "success")
            return redirect(url_for("products.dashboard"))
    return render_template("shops/edit.html", form=form, shop=shop)


@bp.route("/cohorts")
def cohorts():
    """The agency's training courses, newest first: where the marketplace's artisans learned."""
    listed = db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc())).all()
    return render_template("shops/cohorts.html", cohorts=listed)
