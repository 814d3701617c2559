from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from marketplace.auth.models import User
from marketplace.extensions import db, login_manager

login_manager.login_message = _l("Please log in to open that page.")


def load_user_from_session(session_user_id: str) -> User | None:
    """The user of a session, unless the session's version has been ended since it was made."""
    user_id, _, version = session_user_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    # With its roles in the same query: this runs on every request a logged-in user makes.
    user = db.session.get(User, int(user_id), options=[joinedload(User.role_grants)])
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user
