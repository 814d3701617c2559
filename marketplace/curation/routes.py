from flask import abort, render_template
from flask_login import current_user

from marketplace.auth.models import User
from marketplace.curation import bp, clock
from marketplace.curation.collections import (
    can_see,
    collection_by_slug,
    collection_cards,
    published_collections,
)
from marketplace.web.page_cache import cached_page


@bp.get("/collections")
@cached_page(members=True)
def index():
    return render_template("curation/index.html", collections=published_collections())


@bp.get("/collections/<slug>")
@cached_page(members=User.sees_public_pages_only)
def show(slug):
    collection = collection_by_slug(slug)
    now = clock.now()
    # a draft is not announced to the public, not even as "forbidden"; curators get a preview
    if collection is None or not can_see(collection, current_user, now):
        abort(404)
    return render_template("curation/show.html", collection=collection,
                           published=collection.is_published(now), cards=collection_cards(collection))
