from flask import abort, render_template, request
from flask_login import current_user

from marketplace.auth.models import User
from marketplace.orders.forms import ReplyForm
from marketplace.orders.reviews import reviews_of
from marketplace.products import bp, catalog
from marketplace.products.labels import DYE_TYPE_LABELS, FABRIC_LABELS, TECHNIQUE_LABELS
from marketplace.web.page_cache import cached_page


@bp.route("/products")
@cached_page(members=True)
def index():
    filters = catalog.parse_filters(request.args)
    return render_template("products/index.html", filters=filters, page=catalog.search_catalog(filters),
                           shop_choices=catalog.shop_filter_choices(), techniques=TECHNIQUE_LABELS,
                           dye_types=DYE_TYPE_LABELS, fabrics=FABRIC_LABELS)


@bp.route("/products/<int:product_id>")
@cached_page(members=User.sees_public_pages_only)
def show(product_id):
    product = catalog.product_for_page(product_id)
    if product is None or not catalog.can_view(product, current_user):
        abort(404)
    is_owner = current_user.is_authenticated and product.shop.owner_id == current_user.id
    return render_template("products/show.html", product=product, more=catalog.more_from_shop(product),
                           reviews=reviews_of(product.id), reply_form=ReplyForm() if is_owner else None)

from marketplace.products import dashboard  # noqa: E402,F401  (the artisan pages share the blueprint)
