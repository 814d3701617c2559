"""The share kit pages (sharing/kit.py): per listing and for the shop, the link, the picture, the
caption and a printable QR card. Only the shop's artisan and the agency open them; anyone else
gets a 404, which says nothing about whether the listing exists."""

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.extensions import db
from marketplace.products.models import Product
from marketplace.sharing import bp, kit
from marketplace.sharing.links import whatsapp_share
from marketplace.sharing.services import preview_picture
from marketplace.shops.access import can_manage_listings, working_shop


def _product(product_id: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None or not can_manage_listings(current_user, product.shop):
        abort(404)
    return product


def _shop():
    shop = working_shop(current_user)
    if shop is None or not can_manage_listings(current_user, shop):
        abort(404)
    return shop


@bp.get("/dashboard/share/products/<int:product_id>")
@login_required
def product_kit(product_id):
    product = _product(product_id)
    picture = preview_picture(product)
    caption = kit.product_caption(product)
    return render_template("sharing/kit_product.html", product=product, link=kit.product_link(product),
                           caption=caption, whatsapp=whatsapp_share(caption),
                           picture=url_for("media.serve", key=picture[0]) if picture else None,
                           picture_size=picture[1] if picture else None)


@bp.get("/dashboard/share/products/<int:product_id>/card")
@login_required
def product_card(product_id):
    product = _product(product_id)
    link = kit.product_link(product)
    return render_template("sharing/qr_card.html", title=product.title, shop=product.shop,
                           price=product.price_range, link=link,
                           qr=kit.qr_svg(link, _("QR code of the link to %(title)s", title=product.title)),
                           back=url_for("sharing.product_kit", product_id=product.id))


@bp.get("/dashboard/share/shop")
@login_required
def shop_kit():
    shop = _shop()
    caption = kit.shop_caption(shop)
    return render_template("sharing/kit_shop.html", shop=shop, link=kit.shop_link(shop), caption=caption,
                           whatsapp=whatsapp_share(caption))


@bp.get("/dashboard/share/shop/card")
@login_required
def shop_card():
    shop = _shop()
    link = kit.shop_link(shop)
    return render_template("sharing/qr_card.html", title=shop.name, shop=shop, price=None, link=link,
                           qr=kit.qr_svg(link, _("QR code of the link to %(title)s", title=shop.name)),
                           back=url_for("sharing.shop_kit"))
