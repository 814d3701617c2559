import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db, enum_column, utcnow


class Role(enum.StrEnum):
    CUSTOMER = "customer"
    ARTISAN = "artisan"
    CURATOR = "curator"
    ADMIN = "admin"


#: the agency's roles: they confirm payments, refund and verify artisans
AGENCY_ROLES = (Role.ADMIN, Role.CURATOR)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: always stored lower-cased, so uniqueness ignores case
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="id")
    #: bumped on logout and password change; sessions carrying an older number are ended
    session_version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    #: base32 secret of the authenticator app (TOTP); None until the user enrols
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_enabled_at: Mapped[datetime | None]
    #: the last 30-second step whose code was accepted: a code is never accepted twice
    totp_last_step: Mapped[int | None]

    role_grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[Role]:
        return {grant.role for grant in self.role_grants}

    def has_role(self, *roles: Role | str) -> bool:
        return bool(self.roles & {Role(role) for role in roles})

    def sees_public_pages_only(self) -> bool:
        """A member who sees what anyone sees, and so may get stored pages: no shop of their own
        (whose owner gets previews and reply forms; applying for a shop grants the artisan role)
        and no agency role."""
        return not self.has_role(Role.ARTISAN, Role.CURATOR, Role.ADMIN)

    def needs_second_factor(self) -> bool:
        """Admins and curators must sign in with a code too; others may choose to."""
        return self.totp_secret is not None or self.has_role(*AGENCY_ROLES)

    def grant(self, role: Role | str) -> None:
        if not self.has_role(role):
            self.role_grants.append(RoleGrant(role=Role(role)))

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        # The session carries the version too, so bumping it logs every copy of the cookie out.
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class RoleGrant(db.Model):
    __tablename__ = "role_grants"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, length=20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    user: Mapped[User] = relationship(back_populates="role_grants")


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: hex SHA-256 of the token the client holds
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    #: the user's session version when issued: logging out everywhere or a new password ends it too
    session_version: Mapped[int]

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app (a lost phone); shown once when
    made, stored only as its SHA-256 hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    used_at: Mapped[datetime | None]
