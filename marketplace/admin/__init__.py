from flask import Blueprint, abort
from flask_login import current_user

from marketplace.auth.models import Role
from marketplace.extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: who may enter the agency's area at all; money and accounts narrow this to admins per route
AGENCY = (Role.CURATOR, Role.ADMIN)


@bp.before_request
def agency_only():
    # A route that forgets its decorator is still closed to everyone outside the agency.
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.has_role(*AGENCY):
        abort(403)
    return None
