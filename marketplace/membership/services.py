"""What a member tier allows: the published-product quota."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from core.errors import DomainError
from core.extensions import db
from core.review import ReviewStatus
from marketplace.membership.models import FREE, MemberTier


class QuotaExceeded(DomainError):
    status = 403
    default_message = _l("Your member tier allows no more published products. Archive some or upgrade your tier.")


def quota_for(organization_id: int) -> int | None:
    """How many products the organization's tier may have published (None: no limit)."""
    from marketplace.expo.models import ExhibitorProfile

    quota = db.session.execute(
        select(MemberTier.product_quota)
        .join(ExhibitorProfile, ExhibitorProfile.tier_code == MemberTier.code)
        .where(ExhibitorProfile.organization_id == organization_id)
    ).first()
    if quota is None:  # no profile yet: the free tier
        return db.session.scalar(select(MemberTier.product_quota).where(MemberTier.code == FREE))
    return quota[0]


def published_count(organization_id: int) -> int:
    from marketplace.catalog.models import Product

    return db.session.scalar(
        select(func.count()).where(Product.organization_id == organization_id, Product.status == ReviewStatus.PUBLISHED)
    )


def check_quota(organization_id: int, adding: int = 1) -> None:
    """Refuse publishing ``adding`` more products beyond the tier's quota."""
    quota = quota_for(organization_id)
    if quota is not None and published_count(organization_id) + adding > quota:
        raise QuotaExceeded(
            _l("Your member tier allows %(n)s published products. Archive some or upgrade your tier.", n=quota)
        )
