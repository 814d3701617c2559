"""Reach figures: how often each listing and shop page is seen and shared, counted per day on the
site itself, with no cookie, no address and no third-party analytics (see `counting.py`)."""

from flask import Blueprint

bp = Blueprint("reach", __name__)
