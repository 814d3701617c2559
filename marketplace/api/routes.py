from flask import jsonify, url_for

from marketplace.api import bp


@bp.get("/")
def index():
    return jsonify({
        "name": "Pasar Batik & Jumputan Banyuasin API",
        "version": "v1",
        "currency": "IDR",
        "links": {"self": url_for("api.index", _external=True)},
    })
