from flask import Blueprint

bp = Blueprint("products", __name__)

from marketplace.products import routes  # noqa: E402,F401
