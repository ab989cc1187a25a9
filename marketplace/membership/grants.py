"""Tiers the bureau grants: to an organization, for a period, with a reason (for example the
SMEs the international-market fund sponsors). A grant counts from its first to its last day
(``tiers.effective_tier`` takes the higher of it and a subscription); it ends by itself, the
owners mailed a week before. Granting and revoking are admin actions, in the audit log.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import audit, inputs
from core.db import utcnow
from core.errors import Conflict, NotFound
from core.extensions import db
from core.organizations import uscc as uscc_rules
from core.organizations.models import Organization
from marketplace.membership import tiers
from marketplace.membership.models import FREE, MemberTier, TierGrant

REMIND_DAYS = 7
MAX_DAYS = 3 * 366  # a grant of at most three years; the bureau renews it after


def paid_tiers() -> list[MemberTier]:
    return db.session.scalars(select(MemberTier).where(MemberTier.code != FREE).order_by(MemberTier.rank)).all()


def clean_grant(raw: dict, today: date) -> tuple[dict, list]:
    """The grant form's values, checked: (clean, [(field, message)])."""
    fields = inputs.Fields(raw)
    clean: dict = {}
    # Not cut to 18 characters: a code with extra characters typed after it is not that code.
    code = uscc_rules.normalize(str(raw.get("uscc") or "")[:100])
    organization = db.session.scalar(select(Organization).where(Organization.uscc == code)) if len(code) == 18 else None
    if not code:
        fields.error("uscc", _l("This field is required."))
    elif len(code) != 18:
        fields.error("uscc", _l("A unified social credit code has 18 characters."))
    elif organization is None:
        fields.error("uscc", _l("No organization on the platform has this unified social credit code."))
    clean["organization"] = organization
    clean["tier_code"] = fields.choice(
        "tier", [t.code for t in paid_tiers()], _l("Choose gold or premium."), default=None
    )
    if clean["tier_code"] is None and not fields.has_error("tier"):
        fields.error("tier", _l("Choose gold or premium."))
    clean["starts_on"] = fields.day("starts_on", low=today - timedelta(days=31), high=today + timedelta(days=366)) or (
        None if fields.has_error("starts_on") else today
    )
    clean["ends_on"] = fields.day("ends_on", low=today, high=today + timedelta(days=MAX_DAYS))
    if clean["ends_on"] is None and not fields.has_error("ends_on"):
        fields.error("ends_on", _l("This field is required."))
    if clean["starts_on"] and clean["ends_on"] and clean["ends_on"] < clean["starts_on"]:
        fields.error("ends_on", _l("The last day comes on or after the first."))
    # A reason is the bureau's words, shown to the organization: < and > are kept as text.
    clean["reason"] = fields.text("reason", 500, required=True, multiline=True, markup=True)
    return clean, fields.errors


def grant(clean: dict, actor, now: datetime | None = None) -> TierGrant:
    now = now or utcnow()
    organization = clean["organization"]
    overlapping = db.session.scalar(
        select(TierGrant.id).where(
            TierGrant.organization_id == organization.id,
            TierGrant.tier_code == clean["tier_code"],
            TierGrant.revoked_at.is_(None),
            TierGrant.starts_on <= clean["ends_on"],
            TierGrant.ends_on >= clean["starts_on"],
        )
    )
    if overlapping is not None:
        raise Conflict(
            _l("This organization already has this tier granted for part of that period."), field="starts_on"
        )
    row = TierGrant(
        organization_id=organization.id,
        tier_code=clean["tier_code"],
        starts_on=clean["starts_on"],
        ends_on=clean["ends_on"],
        reason=clean["reason"],
        granted_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "membership.grant",
        row,
        actor=actor,
        organization_id=organization.id,
        tier=row.tier_code,
        starts_on=row.starts_on.isoformat(),
        ends_on=row.ends_on.isoformat(),
        reason=row.reason,
    )
    tiers.apply_tier(organization.id, now)
    return row


def state(row: TierGrant, today: date) -> str:
    """ "active", "upcoming", "ended" or "revoked" on ``today``."""
    if row.revoked_at is not None:
        return "revoked"
    if row.ends_on < today:
        return "ended"
    return "upcoming" if row.starts_on > today else "active"


def revoke(grant_id: int, actor, now: datetime | None = None) -> TierGrant:
    now = now or utcnow()
    row = db.session.get(TierGrant, grant_id)
    if row is None:
        raise NotFound()
    if row.revoked_at is not None:
        raise Conflict(_l("This grant was already revoked."))
    if row.ends_on < now.date():  # its period is over: revoking it would rewrite history
        raise Conflict(_l("This grant has already ended."))
    row.revoked_at = now
    row.revoked_by_id = actor.id
    audit.record("membership.revoke", row, actor=actor, organization_id=row.organization_id, tier=row.tier_code)
    db.session.flush()
    tiers.apply_tier(row.organization_id, now)
    return row


def daily(now: datetime) -> dict:
    """Apply grants that started or ended, and remind owners a week before a grant ends.

    Every organization with a grant in force is put on its tier again, not only those whose
    grant starts today: a day the job did not run (the scheduler runs a missed day once, with
    the next day's date) must not leave a grant unapplied. ``apply_tier`` writes and tells
    only what changed, so running it again is harmless."""
    today = now.date()
    changed = db.session.scalars(
        select(TierGrant).where(
            TierGrant.revoked_at.is_(None),
            ((TierGrant.ends_on < today) & TierGrant.ended_at.is_(None))
            | ((TierGrant.starts_on <= today) & (TierGrant.ends_on >= today)),
        )
    ).all()
    for row in changed:
        if row.ends_on < today:
            row.ended_at = now
    applied = 0
    for organization_id in sorted({row.organization_id for row in changed}):
        old, new = tiers.apply_tier(organization_id, now)
        applied += old != new
    due = db.session.scalars(
        select(TierGrant).where(
            TierGrant.revoked_at.is_(None),
            TierGrant.reminded_at.is_(None),
            TierGrant.ends_on >= today,
            TierGrant.ends_on <= today + timedelta(days=REMIND_DAYS),
            TierGrant.starts_on <= today,
        )
    ).all()
    reminded = 0
    for row in due:
        if _continued(row):  # renewed: the tier does not end, so no mail (until a renewal is revoked)
            continue
        _remind(row)
        row.reminded_at = now
        reminded += 1
    return {"grants_applied": applied, "grants_reminded": reminded}


def _continued(row: TierGrant) -> bool:
    """Whether another grant, of this tier or a higher one, runs on from the day after ``row``."""
    rank = tiers.ranks()
    higher = [code for code, value in rank.items() if value >= rank.get(row.tier_code, 0)]
    return (
        db.session.scalar(
            select(TierGrant.id).where(
                TierGrant.organization_id == row.organization_id,
                TierGrant.id != row.id,
                TierGrant.revoked_at.is_(None),
                TierGrant.tier_code.in_(higher),
                TierGrant.starts_on <= row.ends_on + timedelta(days=1),
                TierGrant.ends_on > row.ends_on,
            )
        )
        is not None
    )


def _remind(row: TierGrant) -> None:
    tiers.tell_owners(row.organization, "grant_ending", grant=row, tier=row.tier)


def of_organization(organization_id: int) -> list[TierGrant]:
    return db.session.scalars(
        select(TierGrant)
        .where(TierGrant.organization_id == organization_id)
        .order_by(TierGrant.ends_on.desc(), TierGrant.id.desc())
    ).all()
