"""Featured products on the home page and the curators' collections."""

from flask import Blueprint

bp = Blueprint("curation", __name__)
