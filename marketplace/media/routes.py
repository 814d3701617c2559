"""Stored files over HTTP: the public folders to anyone through /media, and private files (transfer
receipts) through `private_file`, which the pages that decide who may see them call."""

import mimetypes

from flask import Response, abort

from marketplace.media import bp
from marketplace.media.pictures import picture_sources
from marketplace.media.storage import InvalidKey, get_storage, is_public

#: names are random and never reused, so a browser may keep a copy for a year
_PUBLIC_CACHE = "public, max-age=31536000, immutable"
#: nobody in between (a proxy, a shared computer's disk cache) keeps a copy
_PRIVATE_CACHE = "private, no-store"


@bp.route("/media/<path:key>")
def serve(key):
    if not is_public(key):
        abort(404)  # a private file is not even looked for: its name says nothing either way
    return _stored(key, _PUBLIC_CACHE)


def private_file(key: str) -> Response:
    """A private file for someone the caller has allowed to see it."""
    return _stored(key, _PRIVATE_CACHE)


def _stored(key: str, cache_control: str) -> Response:
    try:
        data = get_storage().load(key)
    except InvalidKey:
        abort(404)
    if data is None:
        abort(404)
    content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
    response = Response(data, content_type=content_type)
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


bp.add_app_template_global(picture_sources)
