"""The one rule of what the expo shows the public, as SQL clauses.

A product is public when it is published (not a draft, not waiting for its first review, not
returned, not archived), within its supplier's member-tier quota (not ``over_quota`` after a
downgrade) and its supplier's organization is verified. An exhibitor is public
when its organization is verified and its booth profile published. An image is public when it
is not waiting for review (an image added to a published product waits with the product's
revision). A buyer request is public when staff published it; it is open (takes quotes, is in
the sitemap and the default list) until its deadline, its closing or its last quote. Every
public read (pages, cards, listings, counts, sitemaps, the home page) builds on
``public_products``, ``public_exhibitors`` or ``public_requests`` below, or puts the clauses
(``PRODUCT_IS_PUBLIC``, ``request_is_open`` ...) into its own statement; nothing else states
the rule.

The status values are written into the SQL, not sent as parameters: PostgreSQL then matches the
partial indexes' ``status = 'published'`` in a prepared statement's reusable (generic) plan.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, literal_column, select

from core.organizations.models import Organization
from marketplace.catalog.models import Product, ProductImage
from marketplace.expo.models import ExhibitorProfile
from marketplace.sourcing.models import MAX_QUOTES, BuyerRequest, ResponseStats

PRODUCTS = Product.__table__
ORGANIZATIONS = Organization.__table__
PROFILES = ExhibitorProfile.__table__
IMAGES = ProductImage.__table__
REQUESTS = BuyerRequest.__table__
RESPONSE_STATS = ResponseStats.__table__

_PUBLISHED = literal_column("'published'")
_VERIFIED = literal_column("'verified'")

ORGANIZATION_IS_VERIFIED = ORGANIZATIONS.c.status == _VERIFIED
# Needs ``organizations`` joined on the product's supplier (public_products does it).
PRODUCT_IS_PUBLIC = and_(PRODUCTS.c.status == _PUBLISHED, PRODUCTS.c.over_quota.is_(False), ORGANIZATION_IS_VERIFIED)
# Needs ``organizations`` joined on the profile's organization (public_exhibitors does it).
EXHIBITOR_IS_PUBLIC = and_(ORGANIZATION_IS_VERIFIED, PROFILES.c.status == _PUBLISHED)
IMAGE_IS_PUBLIC = IMAGES.c.pending.is_(False)
REQUEST_IS_PUBLIC = REQUESTS.c.status == _PUBLISHED


def request_is_open(today: date):
    """A public request that still takes quotes on ``today``. The day and the quota are written
    into the SQL like the statuses: a statement built for the day (``marketplace.sourcing.reads``)
    then has one plan, made knowing that most requests are still open."""
    return and_(
        REQUEST_IS_PUBLIC,
        REQUESTS.c.closed_at.is_(None),
        REQUESTS.c.deadline >= literal_column(f"'{today.isoformat()}'"),
        REQUESTS.c.quotes_count < literal_column(str(int(MAX_QUOTES))),
    )


def request_open(request, today: date) -> bool:
    """``request_is_open`` for one loaded request (a row or a BuyerRequest)."""
    return (
        request.status == "published"
        and request.closed_at is None
        and request.deadline >= today
        and request.quotes_count < MAX_QUOTES
    )


WITH_SUPPLIER = PRODUCTS.join(ORGANIZATIONS, ORGANIZATIONS.c.id == PRODUCTS.c.organization_id)
WITH_ORGANIZATION = PROFILES.join(ORGANIZATIONS, ORGANIZATIONS.c.id == PROFILES.c.organization_id)


def public_products(*columns):
    """SELECT ``columns`` FROM public products joined to their suppliers."""
    return select(*columns).select_from(WITH_SUPPLIER).where(PRODUCT_IS_PUBLIC)


def public_exhibitors(*columns):
    """SELECT ``columns`` FROM exhibitor profiles of verified organizations."""
    return select(*columns).select_from(WITH_ORGANIZATION).where(EXHIBITOR_IS_PUBLIC)


def public_requests(*columns):
    """SELECT ``columns`` FROM public buyer requests (open or closed)."""
    return select(*columns).select_from(REQUESTS).where(REQUEST_IS_PUBLIC)
