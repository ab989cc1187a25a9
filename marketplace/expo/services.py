"""Expo rules: exhibitor profiles, applications to exhibitions, staff decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import audit
from core.db import utcnow
from core.errors import Conflict, DomainError
from core.extensions import db
from core.organizations.models import Organization
from core.text import slugify
from marketplace.expo.models import Booth, Exhibition, ExhibitorProfile, Hall, SlugRedirect


def unique_slug(base: str, taken) -> str:
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def ensure_profile(org: Organization) -> ExhibitorProfile:
    """The organization's booth profile, created on first use with a slug from its name."""
    profile = db.session.get(ExhibitorProfile, org.id)
    if profile is None:
        base = slugify(org.name_en or org.name_zh, max_length=60, fallback=f"exhibitor-{org.id}")
        slug = unique_slug(
            base,
            lambda s: (
                db.session.scalar(select(ExhibitorProfile.organization_id).where(ExhibitorProfile.slug == s))
                is not None
            ),
        )
        profile = ExhibitorProfile(organization_id=org.id, slug=slug, original_language=org.original_language)
        db.session.add(profile)
        db.session.flush()
    return profile


def change_slug(profile: ExhibitorProfile, new_slug: str) -> None:
    """A new slug; the old one keeps answering with a 301 to the new."""
    new_slug = slugify(new_slug, max_length=60)
    if new_slug == profile.slug:
        return
    if db.session.scalar(select(ExhibitorProfile.organization_id).where(ExhibitorProfile.slug == new_slug)):
        raise Conflict(_l("This address is taken."), field="slug")
    db.session.add(SlugRedirect(kind="booth", old_slug=profile.slug, target_id=profile.organization_id))
    profile.slug = new_slug


def apply(org: Organization, exhibition: Exhibition, message: str | None = None) -> Booth:
    if exhibition.state() == "closed":
        raise DomainError(_l("This exhibition has closed."))
    if not org.is_verified:
        raise DomainError(_l("Your organization must be verified by the bureau before it can exhibit."))
    existing = db.session.scalar(
        select(Booth).where(Booth.exhibition_id == exhibition.id, Booth.organization_id == org.id)
    )
    if existing is not None:
        if existing.status == "rejected":
            existing.status, existing.reason, existing.message = "applied", None, message
            return existing
        raise Conflict(_l("You have already applied to this exhibition."))
    booth = Booth(exhibition_id=exhibition.id, organization_id=org.id, status="applied", message=message)
    db.session.add(booth)
    db.session.flush()
    return booth


def decide(booth: Booth, staff_user, decision: str, hall_id: int | None = None, reason: str | None = None) -> None:
    if decision == "approved":
        hall = db.session.get(Hall, hall_id) if hall_id else None
        if hall is None or hall.exhibition_id != booth.exhibition_id:
            raise DomainError(_l("Choose a hall of this exhibition."), field="hall_id")
        booth.hall_id = hall.id
        ensure_profile(booth.organization)
    elif decision == "rejected":
        if not (reason or "").strip():
            raise DomainError(_l("Give a reason: the exhibitor will see it."), field="reason")
    else:
        raise DomainError()
    booth.status = decision
    booth.reason = (reason or "").strip()[:500] or None
    booth.decided_by_id = staff_user.id
    booth.decided_at = utcnow()
    audit.record(f"booth.{decision}", booth, actor=staff_user, hall=hall_id, reason=booth.reason)
    from core.organizations.services import mail_members

    mail_members(booth.organization, "booth_decision", booth=booth)
