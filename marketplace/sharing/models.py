from datetime import datetime

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db, utcnow


class ShareImage(db.Model):
    """A product's link preview picture (sharing/share_image.py), drawn from its listing and stored
    as a public media file. The listing it was drawn from is known by its fingerprint: once the
    listing's fingerprint differs (a new title, price, photo or shop name), pages stop using it
    until it is drawn again."""

    __tablename__ = "share_images"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    #: ShareCard.fingerprint of what it shows
    fingerprint: Mapped[str] = mapped_column(String(64))
    drawn_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
