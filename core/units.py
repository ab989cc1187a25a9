"""Organizational units of the bureau: its departments (处室) and the districts' bureaus (区县
商务局). Staff belong to one unit or, with none, to the city level.

Editors and reviewers act within their unit; city-level staff act over all units
(``acts_for``). Other domains (complaints) route work to units the same way.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from core import cache
from core.db import enum_column
from core.extensions import db
from i18n.content import Multilingual


class UnitKind(StrEnum):
    DEPARTMENT = "department"
    DISTRICT = "district"


UNIT_KINDS = {UnitKind.DEPARTMENT: _l("Department"), UnitKind.DISTRICT: _l("District")}


class Unit(Multilingual, db.Model):
    __tablename__ = "units"
    __multilingual__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind), default=UnitKind.DEPARTMENT)
    name_zh: Mapped[str | None] = mapped_column(String(100))
    name_en: Mapped[str | None] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(6))  # a district unit's division code
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Unit {self.slug}>"


cache.track(Unit, "unit")
UNITS = cache.region("units", max_entries=4, ttl=300, depends_on=("unit",))


def all_units() -> tuple[Unit, ...]:
    """Every unit, departments first, in their order (kept detached; a handful of rows)."""

    def load():
        found = db.session.scalars(select(Unit).order_by(Unit.kind, Unit.position, Unit.id)).all()
        for unit in found:
            db.session.expunge(unit)
        return tuple(found)

    return UNITS.get_or_set("all", load)


def by_id(unit_id: int | None) -> Unit | None:
    return next((u for u in all_units() if u.id == unit_id), None)


def by_slug(slug: str | None) -> Unit | None:
    return next((u for u in all_units() if u.slug == slug), None)


def districts() -> tuple[Unit, ...]:
    return tuple(u for u in all_units() if u.kind == UnitKind.DISTRICT)


def acts_for(user, unit_id: int | None) -> bool:
    """Whether ``user`` (staff) acts for ``unit_id``: its own unit, or every unit at city level
    (no unit) and for administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return False
    if user.has_role("admin") or user.unit_id is None:
        return True
    return user.unit_id == unit_id


def choices(lang: str, blank: str | None = None) -> list[tuple[str, str]]:
    out = [("", blank)] if blank is not None else []
    return out + [(str(u.id), u.localized("name", lang).text) for u in all_units()]
