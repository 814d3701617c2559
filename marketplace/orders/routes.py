from flask import render_template

from marketplace.orders import bp


@bp.route("/cart")
def cart():
    return render_template("orders/cart.html", lines=[])
