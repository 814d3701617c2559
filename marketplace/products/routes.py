from flask import abort, render_template, request
from flask_login import current_user

from marketplace.auth.models import User
from marketplace.products import bp, catalog
from marketplace.products.forms import ReplyForm
from marketplace.products.models import missing_details
from marketplace.products.queries import product_page, reviews_of, shop_page
from marketplace.shops.services import can_preview
from marketplace.web.page_cache import cached_page, depends_on
from marketplace.web.page_versions import product_scope, shop_scope


@bp.route("/products")
@cached_page(members=True, reads=catalog.FILTER_PARAMS)
def index():
    filters = catalog.parse_filters(request.args)
    return render_template("products/index.html", filters=filters, page=catalog.search_catalog(filters),
                           shop_choices=catalog.shop_filter_choices())


@bp.route("/products/<int:product_id>")
@cached_page(members=User.sees_public_pages_only, lists=False)
def show(product_id):
    depends_on(product_scope(product_id))
    product = product_page(product_id)
    if product is None or not catalog.can_view(product, current_user):
        abort(404)
    depends_on(shop_scope(product.shop_id))  # its badges and "more from this shop"
    is_owner = current_user.is_authenticated and product.shop.owner_id == current_user.id
    missing = missing_details(product) if is_owner else ()
    return render_template("products/show.html", product=product, more=tuple(catalog.more_from_shop(product)),
                           reviews=reviews_of(product), reply_form=ReplyForm() if is_owner else None,
                           missing=missing)


# The public shop pages are catalogue pages: they list a shop's products, so they live with them.
@bp.route("/shops")
@cached_page(members=True, reads=("page",))
def shops():
    page = catalog.verified_shops_page(catalog.page_number(request.args), catalog.SHOPS_PER_PAGE)
    return render_template("products/shops.html", page=page,
                           page_args=lambda page: {"page": page} if page > 1 else {})


@bp.route("/shops/<slug>")
@cached_page(members=User.sees_public_pages_only, lists=False,
             reads=[name for name in catalog.FILTER_PARAMS if name != "shop"])  # the shop is in the path
def shop(slug):
    shop = shop_page(slug) or abort(404)
    depends_on(shop_scope(shop.id))
    if not can_preview(shop, current_user):
        abort(404)
    filters = catalog.parse_filters(request.args)
    filters.shop, filters.preview_shop_id = shop.slug, shop.id
    return render_template("products/shop.html", shop=shop, page=catalog.search_catalog(filters, per_page=12),
                           page_args=lambda **changes: {"slug": shop.slug,
                                                        **filters.query_args(shop=None, **changes)})


from marketplace.products import dashboard  # noqa: E402,F401  (the artisan pages share the blueprint)
