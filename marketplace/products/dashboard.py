"""The artisan's own pages: their shop's listings, stock and photos. Every route finds the shop
being worked on from the logged-in user (their own, or the one a curator assists, see
`shops.access`), so nobody reaches another artisan's products."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.media.images import ImageRejected
from marketplace.payments import ledger
from marketplace.products import bp, services
from marketplace.products.exceptions import (
    NoVariants,
    ProductError,
    PublishNeedsConsent,
    SkuTaken,
    StockBelowReserved,
    TooManyImages,
    VariantHasOrders,
)
from marketplace.products.forms import (
    ImageForm,
    PriceStockForm,
    QuickListingForm,
    listing_details,
    product_form_for,
    quick_listing,
    variant_details,
    with_spare_row,
)
from marketplace.products.labels import STATUS_LABELS
from marketplace.products.models import Product, ProductImage, ProductStatus, Variant, missing_details
from marketplace.products.queries import shop_listings
from marketplace.shops.access import can_manage_listings, is_agency, working_shop
from marketplace.transitions import InvalidTransition
from marketplace.web.forms import errors_of, show_refusal


def _my_shop():
    shop = working_shop(current_user)
    if shop is None or not can_manage_listings(current_user, shop):
        abort(404)
    return shop


def _mine(model, object_id):
    """A row of the shop being worked on, or 404 (another shop's ids are not even confirmed)."""
    row = db.session.get(model, object_id)
    product = row if isinstance(row, Product) else getattr(row, "product", None)
    if product is None or product.shop_id != _my_shop().id:
        abort(404)
    return row


@bp.route("/dashboard")
@login_required
def dashboard():
    shop = working_shop(current_user)
    if shop is None:
        return redirect(url_for("admin.assist" if is_agency(current_user) else "shops.apply"))
    listed = shop_listings(shop.id)
    return render_template("products/dashboard.html", shop=shop, listed=listed,
                           balance=ledger.balance(shop.id))


def _save_listing(form, save) -> Product | None:
    """The saved product, or None with the reason on the form."""
    try:
        return save()
    except (SkuTaken, StockBelowReserved, NoVariants, VariantHasOrders) as refusal:
        form.variants.errors.append(str(refusal))  # the variant rows are one field on the page
    except ProductError as refusal:
        show_refusal(form, refusal)
    db.session.rollback()
    return None


def _adds_a_row(form) -> bool:
    """"Add a variant" sends the form back with what was typed and one more empty row, unsaved."""
    if form.is_submitted() and form.add_variant.data:
        form.variants.append_entry()
        return True
    return False


@bp.route("/dashboard/products/new", methods=["GET", "POST"])
@login_required
def create():
    shop = _my_shop()
    form = product_form_for(None)
    if not _adds_a_row(form) and form.validate_on_submit():
        product = _save_listing(form, lambda: services.create_product(
            shop, listing_details(form), variant_details(form), current_user))
        if product:
            db.session.commit()
            flash(_("Draft saved. Add photos, then publish it."), "success")
            return redirect(url_for("products.images", product_id=product.id))
    return render_template("products/edit.html", form=with_spare_row(form), product=None)


@bp.route("/dashboard/products/quick", methods=["GET", "POST"])
@login_required
def quick():
    """The short listing page: a shop's first listing, or any listing made quickly on a phone."""
    shop = _my_shop()
    form = QuickListingForm()
    if form.validate_on_submit():
        try:
            product = services.create_quick_listing(
                shop, quick_listing(form, _("One cloth")), [(upload, "") for upload in form.chosen_photos()],
                current_user, publish=form.publish.data)
        except ImageRejected as error:
            form.photos.errors.append(str(error))
        except ProductError as refusal:
            show_refusal(form, refusal)
        else:
            db.session.commit()
            _flash_quick_listing(product, weighed=form.weight_grams.data is not None)
            return redirect(url_for("products.dashboard") + f"#product-{product.id}")
        db.session.rollback()
    return render_template("products/quick.html", form=form, default_weights=services.DEFAULT_WEIGHT_GRAMS,
                           first=not db.session.scalar(select(Product.id).where(Product.shop_id == shop.id)))


def _flash_quick_listing(product: Product, weighed: bool) -> None:
    if product.status == ProductStatus.ACTIVE:
        flash(_("“%(title)s” is published.", title=product.title), "success")
    else:
        flash(_("Draft saved. Publish it from your listings when it is ready."), "success")
    if not weighed:
        flash(_("Shipping counts %(grams)d g with packing until you enter the weight.",
                grams=product.weight_grams), "info")


@bp.route("/dashboard/products/<int:product_id>/edit", methods=["GET", "POST"])
@login_required
def update(product_id):
    product = _mine(Product, product_id)
    form = product_form_for(product)
    if not _adds_a_row(form) and form.validate_on_submit() and _save_listing(
            form, lambda: services.update_product(
                product, listing_details(form), variant_details(form), current_user) or product):
        db.session.commit()
        flash(_("Listing saved."), "success")
        return redirect(url_for("products.dashboard"))
    return render_template("products/edit.html", form=with_spare_row(form), product=product,
                           missing=missing_details(product))


@bp.route("/dashboard/products/<int:product_id>/status", methods=["POST"])
@login_required
def change_status(product_id):
    product = _mine(Product, product_id)
    try:
        services.change_status(product, ProductStatus(request.form.get("status", "")), current_user)
    except (ValueError, InvalidTransition, NoVariants):
        abort(400)
    except PublishNeedsConsent as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return redirect(url_for("products.dashboard") + f"#product-{product_id}")
    db.session.commit()
    flash(_("“%(title)s” is now %(status)s.", title=product.title,
            status=STATUS_LABELS[product.status]), "success")
    return redirect(url_for("products.dashboard"))


@bp.route("/dashboard/products/<int:product_id>/duplicate", methods=["POST"])
@login_required
def duplicate(product_id):
    copy = services.duplicate_product(_mine(Product, product_id), current_user)
    db.session.commit()
    flash(_("A draft copy was made. Change what differs and set its stock."), "success")
    return redirect(url_for("products.update", product_id=copy.id))


@bp.route("/dashboard/variants/<int:variant_id>", methods=["POST"])
@login_required
def update_variant(variant_id):
    variant = _mine(Variant, variant_id)
    form = PriceStockForm()
    if not form.validate_on_submit():
        flash(errors_of(form.price, form.stock), "error")
        return redirect(url_for("products.dashboard"))
    try:
        services.set_price_and_stock(variant, form.price.data, form.stock.data, current_user)
    except StockBelowReserved as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(sku)s saved.", sku=variant.sku), "success")
    return redirect(url_for("products.dashboard") + f"#variant-{variant.id}")


@bp.route("/dashboard/products/<int:product_id>/images", methods=["GET", "POST"])
@login_required
def images(product_id):
    product = _mine(Product, product_id)
    form = ImageForm()
    if form.validate_on_submit():
        try:
            services.add_image(product, form.image.data, form.alt_text.data, current_user)
        except ImageRejected as error:
            form.image.errors.append(str(error))
        except TooManyImages as refusal:
            show_refusal(form, refusal)
        else:
            db.session.commit()
            flash(_("Photo added."), "success")
            return redirect(url_for("products.images", product_id=product.id))
    return render_template("products/images.html", product=product, form=form,
                           max_images=services.MAX_IMAGES)


@bp.route("/dashboard/images/<int:image_id>/delete", methods=["POST"])
@login_required
def delete_image(image_id):
    image = _mine(ProductImage, image_id)
    product_id = image.product_id
    services.remove_image(image, current_user)
    db.session.commit()
    flash(_("Photo removed."), "success")
    return redirect(url_for("products.images", product_id=product_id))


@bp.route("/dashboard/images/<int:image_id>/move", methods=["POST"])
@login_required
def move_image(image_id):
    image = _mine(ProductImage, image_id)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset is None:
        abort(400)
    services.move_image(image, offset, current_user)
    db.session.commit()
    return redirect(url_for("products.images", product_id=image.product_id))
