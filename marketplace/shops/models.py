import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.auth.models import User
from marketplace.extensions import db, enum_column, utcnow


class Cohort(db.Model):
    """A training course the agency ran; artisans who took it carry its badge."""

    __tablename__ = "cohorts"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(160))
    organisers: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    @property
    def year(self) -> int:
        return self.starts_on.year


class ShopState(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Shop(db.Model):
    __tablename__ = "shops"
    __table_args__ = (
        CheckConstraint("shipping_base_fee >= 0 AND shipping_fee_per_kg >= 0",
                        name="shipping_fees_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: one shop per artisan account
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    #: derived from the name once, then never changed, so shared links keep working
    slug: Mapped[str] = mapped_column(String(90), unique=True)
    story: Mapped[str] = mapped_column(Text)
    kecamatan: Mapped[str] = mapped_column(String(40))
    village: Mapped[str] = mapped_column(String(80))
    #: normalised to 62..., the form wa.me links need
    whatsapp: Mapped[str] = mapped_column(String(16))
    nib: Mapped[str | None] = mapped_column(String(13))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"))
    logo_key: Mapped[str | None] = mapped_column(String(120))
    banner_key: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[ShopState] = mapped_column(enum_column(ShopState), default=ShopState.PENDING, index=True)
    #: why the last rejection or suspension was decided, shown to the artisan
    state_reason: Mapped[str | None] = mapped_column(Text)
    state_changed_at: Mapped[datetime | None]
    #: the artisan lets curators publish listings they prepare on the shop's behalf
    curator_publish_consent: Mapped[bool] = mapped_column(default=False)
    #: shipping: a base fee per order plus a fee for each started kilogram, in whole rupiah
    shipping_base_fee: Mapped[int] = mapped_column(default=15_000, server_default="15000")
    shipping_fee_per_kg: Mapped[int] = mapped_column(default=10_000, server_default="10000")
    #: orders of at least this subtotal ship free; None: never free
    free_shipping_from: Mapped[int | None]
    allows_pickup: Mapped[bool] = mapped_column(default=False, server_default=false())
    allows_cod: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    owner: Mapped[User] = relationship()
    cohort: Mapped[Cohort | None] = relationship()

    @property
    def is_verified(self) -> bool:
        return self.state == ShopState.VERIFIED

    @property
    def whatsapp_display(self) -> str:
        return "+" + self.whatsapp

    def __repr__(self) -> str:
        return f"<Shop {self.slug} {self.state}>"
