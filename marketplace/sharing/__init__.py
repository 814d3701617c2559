"""How the marketplace travels beyond itself: link previews, structured data, search engines' files
(robots.txt, the sitemaps, the favicon and web manifest) and share links."""

from flask import Blueprint

bp = Blueprint("sharing", __name__)
