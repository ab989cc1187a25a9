"""Read functions for the public pages: each page makes a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from core.extensions import db
from core.organizations.models import Organization
from marketplace.catalog.models import Product
from marketplace.expo.models import Booth, ExhibitorProfile, Hall, MemberTier

PUBLIC_ORG = Organization.status == "verified"
# What product cards and the product page show of the supplier: loading only these keeps wide
# organization rows out of every listing query.
CARD_ORG_COLUMNS = (
    Organization.name_zh,
    Organization.name_en,
    Organization.original_language,
    Organization.status,
    Organization.district,
    Organization.contact_phone,
    Organization.website,
    Organization.address_zh,
    Organization.address_en,
    Organization.uscc,
)


def published_products():
    """Published products of verified organizations, with what a product card shows."""
    return (
        select(Product)
        .join(Organization, Organization.id == Product.organization_id)
        .where(Product.status == "published", PUBLIC_ORG)
        .options(selectinload(Product.images), joinedload(Product.organization).load_only(*CARD_ORG_COLUMNS))
    )


def profiles_query():
    return (
        select(ExhibitorProfile)
        .join(Organization, Organization.id == ExhibitorProfile.organization_id)
        .options(joinedload(ExhibitorProfile.organization), joinedload(ExhibitorProfile.tier))
    )


def featured_profiles(limit: int, *where) -> list[ExhibitorProfile]:
    """Verified exhibitors of the highest tiers first: one indexed query per tier, no sort."""
    found: list[ExhibitorProfile] = []
    for code in db.session.scalars(select(MemberTier.code).order_by(MemberTier.rank.desc())).all():
        query = (
            profiles_query()
            .where(ExhibitorProfile.tier_code == code, PUBLIC_ORG, *where)
            .order_by(ExhibitorProfile.organization_id)
            .limit(limit - len(found))
        )
        found.extend(db.session.scalars(query))
        if len(found) >= limit:
            break
    return found


def booths_in_hall(hall: Hall):
    return (
        profiles_query()
        .join(Booth, Booth.organization_id == ExhibitorProfile.organization_id)
        .where(Booth.hall_id == hall.id, Booth.status == "approved", PUBLIC_ORG)
    )


def product_counts(org_ids: list[int]) -> dict[int, int]:
    if not org_ids:
        return {}
    rows = db.session.execute(
        select(Product.organization_id, func.count())
        .where(Product.organization_id.in_(org_ids), Product.status == "published")
        .group_by(Product.organization_id)
    )
    return dict(rows.all())
