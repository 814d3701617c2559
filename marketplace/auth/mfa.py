"""The second factor: a code from an authenticator app (TOTP, RFC 6238), or a one-time recovery
code. Functions add and flush; the caller commits.

A code is accepted for the step it belongs to and the steps either side (a phone's clock drifts),
and never twice: the last accepted step is kept on the user and moved by a guarded UPDATE, so two
requests racing with the same code cannot both pass. Recovery codes are stored as SHA-256 hashes
(they are random, so a slow hash adds nothing) and used up by a guarded UPDATE too."""

import hashlib
import hmac
import io
from datetime import datetime

import pyotp
import segno
from sqlalchemy import delete, func, or_, select, update

from marketplace.auth.exceptions import SecondFactorMandatory, SecondFactorRequired, WrongSecondFactor
from marketplace.auth.models import AGENCY_ROLES, RecoveryCode, User
from marketplace.extensions import db, utcnow

ISSUER = "Pasar Batik Banyuasin"
RECOVERY_CODES = 10
#: accepted steps around now: a phone's clock may be a step behind or ahead
_DRIFT = (0, -1, 1)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(email: str, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> bytes:
    """The enrolment QR code as an SVG image, drawn here: no script runs in the browser."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False,
                                    title="QR", dark="#000", light="#fff")
    return buffer.getvalue()


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _step_of(secret: str, code: str, now: datetime) -> int | None:
    """The 30-second step whose code `code` is, within the drift allowed; None when none is."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for offset in _DRIFT:
        if hmac.compare_digest(totp.generate_otp(current + offset), code):
            return current + offset
    return None


def _use_step(user: User, step: int) -> bool:
    # On the session's connection, not through the ORM: the page cache empties itself on any bulk
    # UPDATE of `users` (it shows their names), and a used step shows nowhere.
    used = db.session.connection().execute(
        update(User).where(User.id == user.id,
                           or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step))
    if used.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _use_recovery_code(user: User, code: str) -> bool:
    used = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                   RecoveryCode.code_hash == _hash(code),
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))
    return used.rowcount == 1


def verify(user: User, code: str | None, now: datetime | None = None) -> None:
    """Accept `code` (the app's six digits, or an unused recovery code) for `user` once, or raise
    WrongSecondFactor; SecondFactorRequired when no code was given."""
    if not code or not code.strip():
        raise SecondFactorRequired()
    if user.totp_secret is None:
        raise WrongSecondFactor()
    normal = _normal(code)
    if normal.isdigit() and len(normal) == pyotp.TOTP(user.totp_secret).digits:
        step = _step_of(user.totp_secret, normal, now or utcnow())
        accepted = step is not None and _use_step(user, step)
    else:
        accepted = _use_recovery_code(user, normal)
    if not accepted:
        raise WrongSecondFactor()


def _new_recovery_code() -> str:
    text = pyotp.random_base32()[:10].lower()  # 50 random bits
    return f"{text[:5]}-{text[5:]}"


def enrol(user: User, secret: str, code: str, now: datetime | None = None) -> list[str]:
    """Turn the second factor on with the secret shown to the user, once they have typed a code
    it makes. Returns the recovery codes, shown once; any older ones stop working."""
    step = _step_of(secret, _normal(code or ""), now or utcnow())
    if step is None:
        raise WrongSecondFactor()
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, utcnow(), step
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    db.session.flush()
    return codes


def disable(user: User, code: str) -> None:
    """Turn the second factor off, with a code; the agency's roles must keep it."""
    if user.has_role(*AGENCY_ROLES):
        raise SecondFactorMandatory()
    verify(user, code)
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


