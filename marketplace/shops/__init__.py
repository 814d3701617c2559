from flask import Blueprint

bp = Blueprint("shops", __name__)

from marketplace.shops import routes  # noqa: E402,F401
