"""What a member tier allows: the published-product quota, the quotes a month, inquiry analytics."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from core.errors import DomainError
from core.extensions import db
from core.review import ReviewStatus
from marketplace.membership.models import FREE, MemberTier


class QuotaExceeded(DomainError):
    status = 403
    default_message = _l("Your member tier allows no more published products. Archive some or upgrade your tier.")


def allowance(organization_id: int, column):
    """One column of the organization's tier (the tier its booth profile names, which
    ``tiers.apply_tier`` keeps; the free tier before it has a profile)."""
    from marketplace.expo.models import ExhibitorProfile

    found = db.session.execute(
        select(column)
        .join(ExhibitorProfile, ExhibitorProfile.tier_code == MemberTier.code)
        .where(ExhibitorProfile.organization_id == organization_id)
    ).first()
    if found is None:
        return db.session.scalar(select(column).where(MemberTier.code == FREE))
    return found[0]


def quota_for(organization_id: int) -> int | None:
    """How many products the organization's tier may have published (None: no limit)."""
    return allowance(organization_id, MemberTier.product_quota)


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


# ---------------------------------------------------------------- quotes a month
def quote_quota_for(organization_id: int) -> int:
    """How many quotes on buyer requests the organization's tier allows per calendar month."""
    return allowance(organization_id, MemberTier.quote_quota) or 0


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The calendar month of ``now`` (UTC, as stored): its first instant and the next month's.
    Unused quotes lapse at the month's end."""
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following


def quotes_used(organization_id: int, now: datetime) -> int:
    from marketplace.sourcing.models import Quote

    start, following = month_bounds(now)
    return db.session.scalar(
        select(func.count()).where(
            Quote.organization_id == organization_id, Quote.created_at >= start, Quote.created_at < following
        )
    )


def quotes_left(organization_id: int, now: datetime) -> tuple[int, datetime]:
    """(quotes left this month, when the quota renews)."""
    _start, renews = month_bounds(now)
    return max(0, quote_quota_for(organization_id) - quotes_used(organization_id, now)), renews


def check_quote_quota(organization_id: int, now: datetime) -> None:
    from flask_babel import format_date

    left, renews = quotes_left(organization_id, now)
    if left <= 0:
        raise QuotaExceeded(
            _l(
                "Your member tier allows %(n)s quotes a month and you have used them. "
                "The quota renews on %(date)s; a higher tier quotes more.",
                n=quote_quota_for(organization_id),
                date=format_date(renews, "long"),
            )
        )


def refit_catalog(organization_id: int) -> None:
    """After a published product left (archived): products hidden beyond the quota move up."""
    from marketplace.membership.tiers import apply_quota

    apply_quota(organization_id, quota_for(organization_id))


# ---------------------------------------------------------------- inquiry analytics
def has_inquiry_analytics(organization_id: int) -> bool:
    """Whether the organization's tier shows it the analytics of its inquiries (the free tier
    when it has no booth profile yet)."""
    return bool(allowance(organization_id, MemberTier.inquiry_analytics))
