"""The curators' featured list and collections. Each POST is one change: service, commit, redirect;
a refusal comes back as a message naming what was wrong."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.admin import AGENCY, bp
from marketplace.admin.curation_forms import (
    CollectionForm,
    CollectionProductForm,
    ConfirmForm,
    CoverForm,
    FeatureAddForm,
    FeatureWindowForm,
    MoveForm,
    ProductSearchForm,
)
from marketplace.auth.decorators import role_required
from marketplace.curation import collections, services
from marketplace.curation.exceptions import (
    CurationRefusal,
    EmptyCollection,
    InvalidSlug,
    PublishWindowReversed,
    SlugTaken,
)
from marketplace.curation.models import Collection, CollectionItem, FeaturedProduct
from marketplace.extensions import db
from marketplace.shops.services import slugify
from marketplace.web.forms import errors_of

EXPIRED = _l("The form expired. Please send it again.")
FEATURE_STATES = {
    "showing": _l("On the home page"),
    "scheduled": _l("Scheduled"),
    "ended": _l("Ended"),
    "sold_out": _l("Sold out: not shown"),
    "not_public": _l("No longer public: not shown"),
}


def _done(endpoint: str, message: str, **values):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def _refused(endpoint: str, message: str, **values):
    db.session.rollback()
    flash(message, "error")
    return redirect(url_for(endpoint, **values))


def _search():
    form = ProductSearchForm(request.args)
    return form, services.find_showable(form.q.data or "") if form.validate() else []


def window_prefix(feature: FeaturedProduct) -> str:
    """Each row of the list has its own dates form; the prefix keeps their field ids apart."""
    return f"window-{feature.id}"


@bp.get("/featured")
@role_required(*AGENCY)
def featured():
    search, found = _search()
    features = services.featured_list()
    return render_template("admin/curation/featured.html", features=features, search=search,
                           found=found, add_form=FeatureAddForm(), states=FEATURE_STATES,
                           state_of=services.feature_state,
                           window_form=lambda feature: FeatureWindowForm(obj=feature,
                                                                         prefix=window_prefix(feature)),
                           move_form=MoveForm(), confirm_form=ConfirmForm())


@bp.post("/featured/add")
@role_required(*AGENCY)
def add_featured():
    form = FeatureAddForm()
    if not form.validate():
        return _refused("admin.featured", errors_of(form.product_id, form.starts_at, form.ends_at)
                        or str(EXPIRED))
    try:
        feature = services.add_featured(current_user, form.product_id.data, form.starts_at.data,
                                        form.ends_at.data)
    except CurationRefusal as error:
        return _refused("admin.featured", str(error))
    return _done("admin.featured", _("%(title)s is featured.", title=feature.product.title))


def _feature_or_404(feature_id: int) -> FeaturedProduct:
    return db.get_or_404(FeaturedProduct, feature_id)


@bp.post("/featured/<int:feature_id>/move")
@role_required(*AGENCY)
def move_featured(feature_id):
    feature, form = _feature_or_404(feature_id), MoveForm()
    if not form.validate():
        return _refused("admin.featured", errors_of(form.direction) or str(EXPIRED))
    services.move_featured(current_user, feature, form.offset)
    return _done("admin.featured", _("The order is saved."))


@bp.post("/featured/<int:feature_id>/window")
@role_required(*AGENCY)
def set_feature_window(feature_id):
    feature = _feature_or_404(feature_id)
    form = FeatureWindowForm(prefix=window_prefix(feature))
    if not form.validate():
        return _refused("admin.featured", errors_of(form.starts_at, form.ends_at)
                        or str(EXPIRED))
    try:
        services.set_feature_window(current_user, feature, form.starts_at.data, form.ends_at.data)
    except CurationRefusal as error:
        return _refused("admin.featured", str(error))
    return _done("admin.featured", _("The dates of %(title)s are saved.", title=feature.product.title))


@bp.post("/featured/<int:feature_id>/remove")
@role_required(*AGENCY)
def remove_featured(feature_id):
    feature, form = _feature_or_404(feature_id), ConfirmForm()
    if not form.validate():
        return _refused("admin.featured", str(EXPIRED))
    title = feature.product.title
    services.remove_featured(current_user, feature)
    return _done("admin.featured", _("%(title)s is no longer featured.", title=title))


COLLECTION_STATES = {
    "draft": _l("Draft"),
    "scheduled": _l("Scheduled"),
    "published": _l("Published"),
    "ended": _l("Ended"),
}
ITEM_STATES = {
    "available": _l("Shown"),
    "sold_out": _l("Sold out"),
    "not_public": _l("No longer available"),
}
#: the field of the collection form each refusal belongs to
_REFUSAL_FIELDS = {SlugTaken: "slug", InvalidSlug: "slug", PublishWindowReversed: "publish_until",
                   EmptyCollection: "publish_from"}


@bp.get("/collections")
@role_required(*AGENCY)
def collections_index():
    return render_template("admin/curation/collections.html", collections=collections.all_collections(),
                           states=COLLECTION_STATES, state_of=collections.collection_state)


def _details(form: CollectionForm) -> collections.CollectionDetails:
    return collections.CollectionDetails(
        slug=form.slug.data or slugify(form.title_id.data), title_id=form.title_id.data,
        title_en=form.title_en.data, description_id=form.description_id.data,
        description_en=form.description_en.data, publish_from=form.publish_from.data,
        publish_until=form.publish_until.data)


def _saved(form: CollectionForm, save) -> Collection | None:
    """The collection `save` made from the form, or None with the refusal on its field."""
    if not form.validate_on_submit():
        return None
    try:
        return save(_details(form))
    except CurationRefusal as error:
        db.session.rollback()
        getattr(form, _REFUSAL_FIELDS.get(type(error), "title_id")).errors.append(str(error))
        return None


@bp.route("/collections/new", methods=["GET", "POST"])
@role_required(*AGENCY)
def create_collection():
    form = CollectionForm()
    collection = _saved(form, lambda details: collections.create_collection(current_user, details))
    if collection is not None:
        return _done("admin.edit_collection", _("The collection is saved. Now add its products and cover."),
                     collection_id=collection.id)
    return render_template("admin/curation/collection_new.html", form=form)


def _collection_or_404(collection_id: int) -> Collection:
    collection = collections.collection_for_editing(collection_id)
    if collection is None:
        abort(404)
    return collection


@bp.route("/collections/<int:collection_id>", methods=["GET", "POST"])
@role_required(*AGENCY)
def edit_collection(collection_id):
    collection = _collection_or_404(collection_id)
    form = CollectionForm(obj=collection)
    saved = _saved(form, lambda details: collections.update_collection(current_user, collection, details))
    if saved is not None:
        return _done("admin.edit_collection", _("The collection is saved."), collection_id=collection.id)
    search, found = _search()
    return render_template(
        "admin/curation/collection_edit.html", collection=collection, form=form, search=search,
        found=found, cover_form=CoverForm(), add_form=CollectionProductForm(), move_form=MoveForm(),
        confirm_form=ConfirmForm(), state=COLLECTION_STATES[collections.collection_state(collection)],
        item_states=ITEM_STATES, state_of=services.listing_state)


@bp.post("/collections/<int:collection_id>/cover")
@role_required(*AGENCY)
def upload_collection_cover(collection_id):
    collection, form = _collection_or_404(collection_id), CoverForm()
    back = {"endpoint": "admin.edit_collection", "collection_id": collection.id}
    if not form.validate():
        return _refused(message=errors_of(form.cover) or str(EXPIRED), **back)
    try:
        collections.set_collection_cover(current_user, collection, form.cover.data)
    except CurationRefusal as error:
        return _refused(message=str(error), **back)
    return _done(message=_("The cover is saved."), **back)


@bp.post("/collections/<int:collection_id>/products")
@role_required(*AGENCY)
def add_to_collection(collection_id):
    collection, form = _collection_or_404(collection_id), CollectionProductForm()
    back = {"endpoint": "admin.edit_collection", "collection_id": collection.id}
    if not form.validate():
        return _refused(message=errors_of(form.product_id) or str(EXPIRED),
                        **back)
    try:
        item = collections.add_to_collection(current_user, collection, form.product_id.data)
    except CurationRefusal as error:
        return _refused(message=str(error), **back)
    return _done(message=_("%(title)s is in the collection.", title=item.product.title), **back)


def _item_or_404(collection: Collection, item_id: int) -> CollectionItem:
    item = next((item for item in collection.items if item.id == item_id), None)
    if item is None:
        abort(404)
    return item


@bp.post("/collections/<int:collection_id>/items/<int:item_id>/move")
@role_required(*AGENCY)
def move_in_collection(collection_id, item_id):
    collection = _collection_or_404(collection_id)
    item, form = _item_or_404(collection, item_id), MoveForm()
    back = {"endpoint": "admin.edit_collection", "collection_id": collection.id}
    if not form.validate():
        return _refused(message=errors_of(form.direction) or str(EXPIRED),
                        **back)
    collections.move_in_collection(current_user, collection, item, form.offset)
    return _done(message=_("The order is saved."), **back)


@bp.post("/collections/<int:collection_id>/items/<int:item_id>/remove")
@role_required(*AGENCY)
def remove_from_collection(collection_id, item_id):
    collection = _collection_or_404(collection_id)
    item, form = _item_or_404(collection, item_id), ConfirmForm()
    back = {"endpoint": "admin.edit_collection", "collection_id": collection.id}
    if not form.validate():
        return _refused(message=str(EXPIRED), **back)
    title = item.product.title
    collections.remove_from_collection(current_user, collection, item)
    return _done(message=_("%(title)s is no longer in the collection.", title=title), **back)
