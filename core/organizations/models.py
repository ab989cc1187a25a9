"""Organizations (enterprises) and who belongs to them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import cache
from core.db import TimestampMixin, enum_column
from core.extensions import db
from i18n.content import Multilingual


class OrganizationStatus(StrEnum):
    """Staff check a new organization against its USCC: verified, or refused with a reason."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class MemberRole(StrEnum):
    OWNER = "owner"  # invites colleagues, manages the organization
    EDITOR = "editor"  # keeps the catalog and booth


ORG_STATUSES = {
    OrganizationStatus.PENDING: _l("Pending verification"),
    OrganizationStatus.VERIFIED: _l("Verified"),
    OrganizationStatus.REJECTED: _l("Verification refused"),
}
MEMBER_ROLES = {MemberRole.OWNER: _l("Owner"), MemberRole.EDITOR: _l("Editor")}


class Organization(Multilingual, TimestampMixin, db.Model):
    __tablename__ = "organizations"
    __multilingual__ = ("name", "address")

    id: Mapped[int] = mapped_column(primary_key=True)
    name_zh: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    district: Mapped[str | None] = mapped_column(String(6))
    industry: Mapped[str | None] = mapped_column(String(32))
    address_zh: Mapped[str | None] = mapped_column(String(300))
    address_en: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[OrganizationStatus] = mapped_column(
        enum_column(OrganizationStatus), default=OrganizationStatus.PENDING, index=True
    )
    status_reason: Mapped[str | None] = mapped_column(String(500))
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The bureau's credit record's word for it (core.organizations.standing); None: no record.
    credit_status: Mapped[str | None] = mapped_column(String(12), index=True)

    members: Mapped[list[OrganizationMember]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.status == OrganizationStatus.VERIFIED

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.uscc}>"


cache.track(Organization, "organization")


class OrganizationMember(TimestampMixin, db.Model):
    """A user's place in an organization (one organization per user for now)."""

    __tablename__ = "organization_members"
    __table_args__ = (UniqueConstraint("user_id", "organization_id", name="uq_organization_members_user_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), default=MemberRole.EDITOR)

    user: Mapped[User] = relationship(back_populates="organization_members")  # noqa: F821
    organization: Mapped[Organization] = relationship(back_populates="members")


class Invitation(TimestampMixin, db.Model):
    """An owner's invitation for a colleague to join the organization; accepted once."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), default=MemberRole.EDITOR)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
