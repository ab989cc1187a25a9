"""Exhibitions (the year-round expo and timed fairs), halls, booths and exhibitor profiles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import cache
from core.db import TimestampMixin, enum_column, utcnow
from core.extensions import db
from core.organizations.models import Organization
from core.review import Reviewable
from i18n.content import Multilingual
from marketplace.membership.models import MemberTier

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXHIBITION_STATES = {"open": _l("Open"), "upcoming": _l("Upcoming"), "closed": _l("Closed")}


class BoothStatus(StrEnum):
    """An application for a booth in an exhibition: staff approve it with a hall, or refuse it."""

    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"


BOOTH_STATES = {
    BoothStatus.APPLIED: _l("Applied"),
    BoothStatus.APPROVED: _l("Approved"),
    BoothStatus.REJECTED: _l("Rejected"),
}


class ExhibitionSchedule:
    """Open, upcoming or closed from the dates (the year-round expo is always open), and dates in
    the bureau's time zone: for the model and its public read model alike."""

    __slots__ = ()

    def state(self, now: datetime | None = None) -> str:
        if self.is_permanent:
            return "open"
        now = now or utcnow()
        if self.starts_at and now < self.starts_at:
            return "upcoming"
        if self.ends_at and now >= self.ends_at:
            return "closed"
        return "open"

    def local(self, when: datetime | None) -> datetime | None:
        return when.astimezone(SHANGHAI) if when else None


class Exhibition(ExhibitionSchedule, Multilingual, TimestampMixin, db.Model):
    __tablename__ = "exhibitions"
    __multilingual__ = ("name", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name_zh: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    description_zh: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    is_permanent: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    position: Mapped[int] = mapped_column(default=0)

    halls: Mapped[list[Hall]] = relationship(back_populates="exhibition", order_by="Hall.position")


class Hall(Multilingual, TimestampMixin, db.Model):
    __tablename__ = "halls"
    __multilingual__ = ("name", "description")
    __table_args__ = (UniqueConstraint("exhibition_id", "slug", name="uq_halls_exhibition_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibition_id: Mapped[int] = mapped_column(ForeignKey("exhibitions.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    description_zh: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)

    exhibition: Mapped[Exhibition] = relationship(back_populates="halls")


class Booth(TimestampMixin, db.Model):
    """An exhibitor's application to an exhibition and, once approved, its place in a hall."""

    __tablename__ = "booths"
    __table_args__ = (UniqueConstraint("exhibition_id", "organization_id", name="uq_booths_exhibition_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibition_id: Mapped[int] = mapped_column(ForeignKey("exhibitions.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id", ondelete="SET NULL"), index=True)
    status: Mapped[BoothStatus] = mapped_column(enum_column(BoothStatus), default=BoothStatus.APPLIED, index=True)
    message: Mapped[str | None] = mapped_column(String(1000))
    reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]

    exhibition: Mapped[Exhibition] = relationship()
    hall: Mapped[Hall | None] = relationship()
    organization: Mapped[Organization] = relationship()


class ExhibitorProfile(Reviewable, Multilingual, TimestampMixin, db.Model):
    """What the booth page shows about an organization. One per organization.

    Created published (and empty) with the organization's first booth or visit to its booth
    settings; every change after that, photos included, waits for review (``PROFILE_FIELDS``).
    """

    __tablename__ = "exhibitor_profiles"
    __multilingual__ = ("about", "main_products", "main_markets")

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    about_zh: Mapped[str | None] = mapped_column(Text)
    about_en: Mapped[str | None] = mapped_column(Text)
    main_products_zh: Mapped[str | None] = mapped_column(String(500))
    main_products_en: Mapped[str | None] = mapped_column(String(500))
    main_markets_zh: Mapped[str | None] = mapped_column(String(300))
    main_markets_en: Mapped[str | None] = mapped_column(String(300))
    year_founded: Mapped[int | None]
    staff_size: Mapped[str | None] = mapped_column(String(20))
    certifications: Mapped[str | None] = mapped_column(String(300))
    logo_key: Mapped[str | None] = mapped_column(String(200))
    banner_key: Mapped[str | None] = mapped_column(String(200))
    gallery: Mapped[list | None] = mapped_column(JSON)
    tier_code: Mapped[str] = mapped_column(ForeignKey("member_tiers.code"), default="free")
    public_email: Mapped[str | None] = mapped_column(String(254))
    public_phone: Mapped[str | None] = mapped_column(String(40))
    main_category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"), index=True)

    organization: Mapped[Organization] = relationship()
    tier: Mapped[MemberTier] = relationship()


# What an exhibitor changes through review (tier and slug are the bureau's and billing's).
PROFILE_FIELDS = (
    "about_zh", "about_en", "main_products_zh", "main_products_en", "main_markets_zh", "main_markets_en",
    "year_founded", "staff_size", "certifications", "public_email", "public_phone",
    "logo_key", "banner_key", "gallery",
)  # fmt: skip

# Featured exhibitors: a tier's profiles in a stable order, read from the index (no sort).
Index("ix_exhibitor_profiles_tier_org", ExhibitorProfile.tier_code, ExhibitorProfile.organization_id)


class SlugRedirect(db.Model):
    """An old slug that must answer 301 to the current one (booths and products)."""

    __tablename__ = "slug_redirects"
    __table_args__ = (UniqueConstraint("kind", "old_slug", name="uq_slug_redirects_kind_old"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    old_slug: Mapped[str] = mapped_column(String(200))
    target_id: Mapped[int]


# Cached public reads that depend on these rows forget them when this process writes one.
for _model in (Exhibition, Hall, Booth):
    cache.track(_model, "expo")
cache.track(ExhibitorProfile, "exhibitor")
