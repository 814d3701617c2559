from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db, utcnow

if TYPE_CHECKING:  # jobs are core: the users table is known to the mapper by name
    from marketplace.auth.models import User


class FailedJob(db.Model):
    """A job that failed on its last attempt: kept until an admin runs it again, never dropped."""

    __tablename__ = "failed_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now(), index=True)
    #: "module:function" of a function marked with @job
    function: Mapped[str] = mapped_column(String(200))
    arguments: Mapped[list[Any]] = mapped_column(JSON)
    #: what admins read instead of the arguments (an email's recipient and subject, not its body)
    description: Mapped[str] = mapped_column(String(300))
    attempts: Mapped[int]
    error: Mapped[str] = mapped_column(Text)
    retried_at: Mapped[datetime | None]
    retried_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    retried_by: Mapped["User | None"] = relationship("User")

    @property
    def error_summary(self) -> str:
        """The last line of the traceback: the exception and its message."""
        lines = [line for line in self.error.strip().splitlines() if line.strip()]
        return lines[-1] if lines else ""

    @property
    def title(self) -> str:  # how the audit log names the record
        return self.description
