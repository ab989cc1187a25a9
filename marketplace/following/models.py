"""What a user follows (an exhibitor by its organization, or a category) and how often the digest
of what is new there is mailed."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.accounts.models import User
from core.db import utcnow
from core.extensions import db

KINDS = ("exhibitor", "category")
FREQUENCIES = {
    "daily": _l("Every day"),
    "weekly": _l("Every week (Mondays)"),
    "off": _l("Never: no digest mail"),
}
MAX_FOLLOWS = 200


class Follow(db.Model):
    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "target_id", name="uq_follows_user_target"),
        Index("ix_follows_target", "kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # KINDS
    target_id: Mapped[int]  # an organization's or a category's id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DigestSetting(db.Model):
    """One per user who ever followed something: how often, and up to when the last digest told."""

    __tablename__ = "digest_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(8), default="weekly")  # FREQUENCIES
    covered_until: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
