"""Expo rules: exhibitor profiles (reviewed like every public content, core.review),
applications to exhibitions, staff decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import access, audit, review
from core.db import utcnow
from core.errors import Conflict, DomainError
from core.extensions import db
from core.media import delete_later
from core.organizations.models import Organization
from core.organizations.services import organization_verified
from core.review import ReviewKind, ReviewStatus
from core.text import slugify
from marketplace.expo.models import PROFILE_FIELDS, Booth, BoothStatus, Exhibition, ExhibitorProfile, Hall, SlugRedirect

MAX_GALLERY = 8
_FILE_FIELDS = ("logo_key", "banner_key", "gallery")


def _files(values: dict) -> set[str]:
    keys = {values.get("logo_key"), values.get("banner_key"), *(values.get("gallery") or ())}
    return {key for key in keys if key}


def _files_decided(profile: ExhibitorProfile, approved: bool, revision: dict) -> None:
    """Pictures no version uses any more are deleted after the commit: those the approved
    revision replaced, or those of a returned one."""
    live = _files({name: getattr(profile, name) for name in _FILE_FIELDS})
    proposed = _files({**{name: getattr(profile, name) for name in _FILE_FIELDS}, **revision})
    delete_later(live - proposed if approved else proposed - live)


def _notify(profile: ExhibitorProfile, decision: str) -> None:
    from core.organizations.services import mail_members

    mail_members(profile.organization, "profile_decision", roles=None, profile=profile, decision=decision)


PROFILE_REVIEW = ReviewKind(
    name="booth_profile",
    fields=PROFILE_FIELDS,
    decider=access.staff("moderator"),
    revision_decided=_files_decided,
    decided=_notify,
)


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
        # Published, and empty: the booth shows the verified organization and its products;
        # what the exhibitor writes or uploads for it waits for review.
        profile = ExhibitorProfile(
            organization_id=org.id,
            slug=slug,
            original_language=org.original_language,
            status=ReviewStatus.PUBLISHED,
            published_at=utcnow(),
        )
        db.session.add(profile)
        db.session.flush()
    return profile


def year_round_expo() -> Exhibition | None:
    return db.session.scalar(
        select(Exhibition).where(Exhibition.is_permanent.is_(True)).order_by(Exhibition.position).limit(1)
    )


def hall_for_category(exhibition: Exhibition, category_id: int | None) -> Hall | None:
    """The hall of ``exhibition`` whose category holds ``category_id``."""
    if category_id is None:
        return None
    from marketplace.public.categories import category_tree

    tree = category_tree()
    return next((h for h in exhibition.halls if h.category_id and category_id in tree.descendants(h.category_id)), None)


def place_in_year_round_expo(org: Organization) -> Booth | None:
    """The organization's booth in the year-round expo: made approved (no application), in the
    hall of its main category; moved when that category changes. None without such an expo."""
    expo = year_round_expo()
    if expo is None:
        return None
    profile = ensure_profile(org)
    booth = db.session.scalar(select(Booth).where(Booth.exhibition_id == expo.id, Booth.organization_id == org.id))
    if booth is None:
        booth = Booth(exhibition_id=expo.id, organization_id=org.id, status=BoothStatus.APPROVED, decided_at=utcnow())
        db.session.add(booth)
    booth.status = BoothStatus.APPROVED
    hall = hall_for_category(expo, profile.main_category_id)
    if hall is not None or booth.hall_id is None:
        booth.hall_id = hall.id if hall is not None else None
    db.session.flush()
    return booth


def set_main_category(org: Organization, category_id: int | None) -> None:
    """What the exhibitor mainly makes: it places the booth in a hall of the year-round expo
    and files it in the directory. A placement, not published text: no review."""
    profile = ensure_profile(org)
    if profile.main_category_id != category_id:
        profile.main_category_id = category_id
        place_in_year_round_expo(org)


@organization_verified.connect
def _open_booth(org: Organization, **_context) -> None:
    """A verified organization is in the year-round expo at once: its booth page opens, the
    directory lists it, and it stands in the hall of its main category. Applications are for
    timed exhibitions (``apply``)."""
    place_in_year_round_expo(org)


def profile_draft(profile: ExhibitorProfile) -> dict:
    """The profile as its exhibitor last wrote it: the public version with the revision on top."""
    values = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    values.update({k: v for k, v in (profile.pending_revision or {}).items() if k in PROFILE_FIELDS})
    return values


def update_profile(profile: ExhibitorProfile, values: dict) -> bool:
    """The exhibitor's changes; they wait for review (returns True) unless nothing changed."""
    return review.edit(profile, PROFILE_REVIEW, values)


def add_photo(profile: ExhibitorProfile, key: str) -> bool:
    gallery = list(profile_draft(profile)["gallery"] or [])
    if len(gallery) >= MAX_GALLERY:
        raise DomainError(_l("The gallery holds at most 8 photos."), field="photo")
    return update_profile(profile, {"gallery": [*gallery, key]})


def remove_photo(profile: ExhibitorProfile, index: int) -> None:
    """Removing a photo needs no review: it leaves the public booth and the revision at once."""
    gallery = list(profile_draft(profile)["gallery"] or [])
    key = gallery.pop(index)
    if key in (profile.gallery or []):
        profile.gallery = [k for k in profile.gallery if k != key]
    if "gallery" in (profile.pending_revision or {}):
        update_profile(profile, {"gallery": gallery})
    delete_later([key])


def decide_profile(profile: ExhibitorProfile, staff_user, decision: str, reason: str | None = None) -> None:
    review.decide(profile, PROFILE_REVIEW, staff_user, decision, reason)


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
    if exhibition.is_permanent:
        raise DomainError(
            _l("Every verified organization has its booth in the year-round expo: there is nothing to apply for.")
        )
    if exhibition.state() == "closed":
        raise DomainError(_l("This exhibition has closed."))
    if not org.is_verified:
        raise DomainError(_l("Your organization must be verified by the bureau before it can exhibit."))
    existing = db.session.scalar(
        select(Booth).where(Booth.exhibition_id == exhibition.id, Booth.organization_id == org.id)
    )
    if existing is not None:
        if existing.status == BoothStatus.REJECTED:
            existing.status, existing.reason, existing.message = BoothStatus.APPLIED, None, message
            return existing
        raise Conflict(_l("You have already applied to this exhibition."))
    booth = Booth(exhibition_id=exhibition.id, organization_id=org.id, status=BoothStatus.APPLIED, message=message)
    db.session.add(booth)
    db.session.flush()
    return booth


def decide(booth: Booth, staff_user, decision: str, hall_id: int | None = None, reason: str | None = None) -> None:
    if decision == BoothStatus.APPROVED:
        hall = db.session.get(Hall, hall_id) if hall_id else None
        if hall is None or hall.exhibition_id != booth.exhibition_id:
            raise DomainError(_l("Choose a hall of this exhibition."), field="hall_id")
        booth.hall_id = hall.id
        ensure_profile(booth.organization)
    elif decision == BoothStatus.REJECTED:
        if not (reason or "").strip():
            raise DomainError(_l("Give a reason: the exhibitor will see it."), field="reason")
    else:
        raise DomainError()
    booth.status = BoothStatus(decision)
    booth.reason = (reason or "").strip()[:500] or None
    booth.decided_by_id = staff_user.id
    booth.decided_at = utcnow()
    audit.record(f"booth.{decision}", booth, actor=staff_user, hall=hall_id, reason=booth.reason)
    from core.organizations.services import mail_members

    mail_members(booth.organization, "booth_decision", booth=booth)
