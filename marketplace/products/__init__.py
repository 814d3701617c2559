from flask import Blueprint

from marketplace.products import search  # noqa: F401  (registers the search index with the table)

bp = Blueprint("products", __name__)
