from functools import wraps

from flask import abort
from flask_login import current_user

from marketplace.auth.models import Role
from marketplace.extensions import login_manager


def role_required(*roles: Role | str):
    """Only users holding one of `roles` get in: others get 403, anonymous users the login page."""
    wanted = {Role(role) for role in roles}

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*wanted):
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = frozenset(wanted)  # read by the access tests of every guarded route
        return guarded

    return decorator
