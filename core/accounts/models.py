"""Users and their staff roles. Organization member lives in core.organizations."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import TimestampMixin
from core.extensions import db
from core.organizations.models import OrganizationMember

ACCOUNT_TYPES = {"buyer": _l("Buyer"), "exhibitor": _l("Exhibitor"), "staff": _l("Bureau staff")}
STAFF_ROLE_LABELS = {
    "editor": _l("Editor"),
    "reviewer": _l("Reviewer"),
    "moderator": _l("Moderator"),
    "complaint_handler": _l("Complaint handler"),
    "credit_officer": _l("Credit officer"),
    "admin": _l("Administrator"),
}


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(100))
    company_name: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    preferred_language: Mapped[str] = mapped_column(String(8), default="zh")
    account_type: Mapped[str] = mapped_column(String(16), default="buyer", index=True)
    email_verified_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    # Staff: the unit (department or district) they act for; none: the city level (core.units).
    # No foreign key (migration 0025 says why): a unit_id naming no unit acts for nothing.
    unit_id: Mapped[int | None] = mapped_column()

    staff_roles: Mapped[list[StaffRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    organization_members: Mapped[list[OrganizationMember]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Flask-Login
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.staff_roles}

    @property
    def is_staff(self) -> bool:
        return self.account_type == "staff" and bool(self.staff_roles)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def has_any_role(self, roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def org_member(self) -> OrganizationMember | None:
        """The organization this user acts for (one per user for now: the first joined)."""
        return min(self.organization_members, key=lambda m: m.id) if self.organization_members else None

    def member_in(self, organization_id: int) -> OrganizationMember | None:
        return next((m for m in self.organization_members if m.organization_id == organization_id), None)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class StaffRole(db.Model):
    __tablename__ = "staff_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)

    user: Mapped[User] = relationship(back_populates="staff_roles")


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
