import mimetypes

from flask import Response, abort

from marketplace.media import bp
from marketplace.media.storage import InvalidKey, get_storage

#: names are random and never reused, so a browser may keep a copy for a year
_CACHE = "public, max-age=31536000, immutable"


@bp.route("/media/<path:key>")
def serve(key):
    try:
        data = get_storage().load(key)
    except InvalidKey:
        abort(404)
    if data is None:
        abort(404)
    content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
    response = Response(data, content_type=content_type)
    response.headers["Cache-Control"] = _CACHE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
