"""Which tier an organization has, and making the expo follow it.

``effective_tier`` is the one answer: the higher of what its Stripe subscription pays for and
what bureau grants give it today, else free. A subscription pays while Stripe says ``active``
or ``trialing``, and through a grace period after a failed renewal (``past_due``/``unpaid``
until ``BillingAccount.grace_until``).

``apply_tier`` writes the answer onto the exhibitor profile (which halls, the home page and
search read: featured places and the search boost follow at once) and ``apply_quota`` makes the
published products fit the tier: the oldest stay public up to the quota, the rest are hidden
(``Product.over_quota``), never deleted, and come back as soon as a tier allows them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.review import ReviewStatus
from marketplace.membership.models import FREE, BillingAccount, MemberTier, TierGrant

log = logging.getLogger(__name__)

PAYING = frozenset({"active", "trialing"})
DUNNING = frozenset({"past_due", "unpaid"})


@dataclass(frozen=True)
class Standing:
    """An organization's tier and where it comes from: "subscription", "grant" or "free"."""

    code: str
    source: str
    grant: TierGrant | None = None


def ranks() -> dict[str, int]:
    return dict(db.session.execute(select(MemberTier.code, MemberTier.rank)).all())


def subscribed_tier(account: BillingAccount | None, now: datetime) -> str | None:
    if account is None or account.tier_code is None or account.status is None:
        return None
    if account.status in PAYING:
        return account.tier_code
    if account.status in DUNNING and account.grace_until is not None and now < account.grace_until:
        return account.tier_code
    return None


def active_grants(organization_id: int, today: date) -> list[TierGrant]:
    return db.session.scalars(
        select(TierGrant)
        .where(
            TierGrant.organization_id == organization_id,
            TierGrant.revoked_at.is_(None),
            TierGrant.starts_on <= today,
            TierGrant.ends_on >= today,
        )
        .order_by(TierGrant.ends_on.desc(), TierGrant.id)
    ).all()


def effective_tier(organization_id: int, now: datetime | None = None) -> Standing:
    now = now or utcnow()
    rank = ranks()
    best = Standing(FREE, "free")
    paid = subscribed_tier(db.session.get(BillingAccount, organization_id), now)
    if paid is not None and rank.get(paid, 0) > rank.get(best.code, 0):
        best = Standing(paid, "subscription")
    for grant in active_grants(organization_id, now.date()):
        if rank.get(grant.tier_code, 0) > rank.get(best.code, 0):
            best = Standing(grant.tier_code, "grant", grant)
    return best


def apply_tier(organization_id: int, now: datetime | None = None) -> tuple[str, str]:
    """Put the organization on its effective tier and fit its products to it. Returns (old, new)
    tier codes; the owners are told when it changed, and when products were hidden."""
    from core.organizations.models import Organization
    from marketplace.expo.services import ensure_profile

    organization = db.session.get(Organization, organization_id)
    if organization is None:
        return FREE, FREE
    standing = effective_tier(organization_id, now)
    profile = ensure_profile(organization)
    old = profile.tier_code or FREE
    if old != standing.code:
        profile.tier_code = standing.code
        log.info("organization %s: member tier %s -> %s (%s)", organization_id, old, standing.code, standing.source)
    hidden, shown = apply_quota(organization_id, db.session.get(MemberTier, standing.code).product_quota)
    if old != standing.code or hidden:
        _tell_owners(organization, old, standing.code, hidden, shown)
    return old, standing.code


def apply_quota(organization_id: int, quota: int | None) -> tuple[int, int]:
    """Make the first ``quota`` published products (oldest first) public and hide the rest.
    Returns (newly hidden, newly shown). Only the rows that change are written (through the
    ORM, so search and the caches hear of each)."""
    from marketplace.catalog.models import Product

    rows = db.session.execute(
        select(Product.id, Product.over_quota)
        .where(Product.organization_id == organization_id, Product.status == ReviewStatus.PUBLISHED)
        .order_by(Product.published_at.asc().nulls_first(), Product.id.asc())
    ).all()
    keep = len(rows) if quota is None else quota
    hide = [row.id for i, row in enumerate(rows) if i >= keep and not row.over_quota]
    show = [row.id for i, row in enumerate(rows) if i < keep and row.over_quota]
    for ids, hidden in ((hide, True), (show, False)):
        for start in range(0, len(ids), 500):
            for product in db.session.scalars(select(Product).where(Product.id.in_(ids[start : start + 500]))):
                product.over_quota = hidden
    if hide or show:
        db.session.flush()
    return len(hide), len(show)


def hidden_count(organization_id: int) -> int:
    from sqlalchemy import func

    from marketplace.catalog.models import Product

    return db.session.scalar(
        select(func.count()).where(
            Product.organization_id == organization_id,
            Product.status == ReviewStatus.PUBLISHED,
            Product.over_quota.is_(True),
        )
    )


def tell_owners(organization, template: str, **context) -> None:
    """Tell the organization's owners (in the app and by mail) of a membership change; the
    notification opens their billing page. Every membership mail goes out through here."""
    from core.notifications import tell_members

    tell_members(organization, template, ("billing.index", {}), roles=("owner",), org=organization, **context)


def _tell_owners(organization, old: str, new: str, hidden: int, shown: int) -> None:
    tiers = {t.code: t for t in db.session.scalars(select(MemberTier))}
    tell_owners(
        organization,
        "tier_changed",
        old_tier=tiers[old],
        new_tier=tiers[new],
        upgraded=tiers[new].rank > tiers[old].rank,
        hidden=hidden,
        shown=shown,
        quota=tiers[new].product_quota,
    )
