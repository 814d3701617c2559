from flask import render_template, request

from marketplace.products import bp


@bp.route("/products")
def index():
    query = request.args.get("q", "").strip()[:100]
    return render_template("products/index.html", query=query, products=[])
