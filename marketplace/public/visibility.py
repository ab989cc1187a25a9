"""The one rule of what the expo shows the public, as SQL clauses.

A product is public when it is published (not a draft, not waiting for its first review, not
returned, not archived) and its supplier's organization is verified. An exhibitor is public
when its organization is verified and its booth profile published. An image is public when it
is not waiting for review (an image added to a published product waits with the product's
revision). Every public read (pages, cards, listings, counts,
sitemaps, the home page) builds on ``public_products`` or ``public_exhibitors`` below, or puts
``PRODUCT_IS_PUBLIC`` / ``EXHIBITOR_IS_PUBLIC`` into its own statement; nothing else states
the rule.

The status values are written into the SQL, not sent as parameters: PostgreSQL then matches the
partial indexes' ``status = 'published'`` in a prepared statement's reusable (generic) plan.
"""

from __future__ import annotations

from sqlalchemy import and_, literal_column, select

from core.organizations.models import Organization
from marketplace.catalog.models import Product, ProductImage
from marketplace.expo.models import ExhibitorProfile

PRODUCTS = Product.__table__
ORGANIZATIONS = Organization.__table__
PROFILES = ExhibitorProfile.__table__
IMAGES = ProductImage.__table__

_PUBLISHED = literal_column("'published'")
_VERIFIED = literal_column("'verified'")

ORGANIZATION_IS_VERIFIED = ORGANIZATIONS.c.status == _VERIFIED
# Needs ``organizations`` joined on the product's supplier (public_products does it).
PRODUCT_IS_PUBLIC = and_(PRODUCTS.c.status == _PUBLISHED, ORGANIZATION_IS_VERIFIED)
# Needs ``organizations`` joined on the profile's organization (public_exhibitors does it).
EXHIBITOR_IS_PUBLIC = and_(ORGANIZATION_IS_VERIFIED, PROFILES.c.status == _PUBLISHED)
IMAGE_IS_PUBLIC = IMAGES.c.pending.is_(False)

WITH_SUPPLIER = PRODUCTS.join(ORGANIZATIONS, ORGANIZATIONS.c.id == PRODUCTS.c.organization_id)
WITH_ORGANIZATION = PROFILES.join(ORGANIZATIONS, ORGANIZATIONS.c.id == PROFILES.c.organization_id)


def public_products(*columns):
    """SELECT ``columns`` FROM public products joined to their suppliers."""
    return select(*columns).select_from(WITH_SUPPLIER).where(PRODUCT_IS_PUBLIC)


def public_exhibitors(*columns):
    """SELECT ``columns`` FROM exhibitor profiles of verified organizations."""
    return select(*columns).select_from(WITH_ORGANIZATION).where(EXHIBITOR_IS_PUBLIC)
