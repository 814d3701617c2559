import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.auth.models import User
from marketplace.extensions import db, enum_column, utcnow
from marketplace.shops.zones import Zone


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
    #: flat shipping, for destinations without a zone rate: a base fee per order plus a fee for each
    #: started kilogram, in whole rupiah
    shipping_base_fee: Mapped[int] = mapped_column(default=15_000, server_default="15000")
    shipping_fee_per_kg: Mapped[int] = mapped_column(default=10_000, server_default="10000")
    #: orders of at least this subtotal ship free; None: never free
    free_shipping_from: Mapped[int | None]
    allows_pickup: Mapped[bool] = mapped_column(default=False, server_default=false())
    allows_cod: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    owner: Mapped[User] = relationship()
    cohort: Mapped[Cohort | None] = relationship()
    #: by destination zone; a zone without a rate is priced with the flat fees above
    zone_rates: Mapped[list["ZoneRate"]] = relationship(
        back_populates="shop", cascade="all, delete-orphan", passive_deletes=True, order_by="ZoneRate.id")

    def zone_rate(self, zone: Zone | None) -> "ZoneRate | None":
        return next((rate for rate in self.zone_rates if rate.zone == zone), None) if zone else None

    @property
    def is_verified(self) -> bool:
        return self.state == ShopState.VERIFIED

    @property
    def whatsapp_display(self) -> str:
        return "+" + self.whatsapp

    def __repr__(self) -> str:
        return f"<Shop {self.slug} {self.state}>"


class ZoneRate(db.Model):
    """What a shop charges to ship to one zone: the first kilogram, then each further started one."""

    __tablename__ = "shop_zone_rates"
    __table_args__ = (
        UniqueConstraint("shop_id", "zone", name="uq_shop_zone_rates_shop_id_zone"),
        CheckConstraint("first_kg_fee >= 0 AND next_kg_fee >= 0", name="fees_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    zone: Mapped[Zone] = mapped_column(enum_column(Zone))
    first_kg_fee: Mapped[int]
    next_kg_fee: Mapped[int]

    shop: Mapped[Shop] = relationship(back_populates="zone_rates")
