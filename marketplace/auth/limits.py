"""What the account limits count by: the email a form or a JSON body is about, and for logins,
whether this browser is one the account has proved itself from (auth/devices.py)."""

from flask import request

from marketplace.auth import devices
from marketplace.auth.services import find_user_by_email, normalize_email


def submitted_email() -> str:
    """The email a form (website) or a JSON body (API) is about, normalised; empty when none."""
    email = request.form.get("email")
    if email is None:
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # nested too deep to parse: the API's own parsing answers 400
            body = None
        email = body.get("email") if isinstance(body, dict) else None
    return normalize_email(email) if isinstance(email, str) else ""


def email_key(prefix: str):
    """A key function counting per target email, whichever door (page or API) it comes through."""
    return lambda: f"{prefix}:{submitted_email()}"


def _known_device() -> str | None:
    email = submitted_email()
    return devices.device_id_for(find_user_by_email(email)) if email else None


def login_account_key() -> str:
    """Failed logins count per account; a browser the account knows keeps a count of its own."""
    device = _known_device()
    return f"login:{submitted_email()}" + (f":device:{device}" if device else "")


def login_address_exempt() -> bool:
    """A browser the account knows is not held back by what others did from its address (a
    village's phones often share one); its own per-account count still applies."""
    return _known_device() is not None
