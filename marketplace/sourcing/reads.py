"""The public buyer-request pages' reads: the list (filtered, paginated) and one request.

What is public and what is open is said once, in ``marketplace.public.visibility``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from core import cache
from core.extensions import db
from core.pagination import Page, page_number
from marketplace.public.visibility import REQUESTS as _R, public_requests, request_is_open
from marketplace.sourcing.models import BuyerRequest
from marketplace.sourcing.services import today

PER_PAGE = 20
# The home page's latest requests: the same for every visitor, a minute old at most.
LATEST = cache.region("latest_requests", max_entries=4, ttl=60)
POSTED_WITHIN = (7, 30, 90)  # days: the "posted" filter's choices


@dataclass
class RequestFilters:
    """What a visitor chose on the list; the view fills it from the query string."""

    category_ids: list[int] | None = None
    country: str | None = None
    min_quantity: int | None = None
    posted_days: int | None = None
    closed: bool = False  # also the closed ones
    chosen: dict = field(default_factory=dict)  # the query-string values as understood, for the form


def request_page(filters: RequestFilters) -> Page:
    """A page of public requests, newest first; open ones unless ``filters.closed``."""
    now = today()
    query = select(_R.c.id).where(request_is_open(now)) if not filters.closed else public_requests(_R.c.id)
    if filters.category_ids is not None:
        query = query.where(_R.c.category_id.in_(filters.category_ids))
    if filters.country:
        query = query.where(_R.c.country == filters.country)
    if filters.min_quantity:
        query = query.where(_R.c.quantity >= filters.min_quantity)
    if filters.posted_days:
        from core.db import utcnow

        query = query.where(_R.c.published_at >= utcnow() - timedelta(days=filters.posted_days))
    number = page_number()
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ids = db.session.scalars(
        query.order_by(_R.c.published_at.desc(), _R.c.id.desc()).limit(PER_PAGE + 1).offset((number - 1) * PER_PAGE)
    ).all()
    found = {
        r.id: r
        for r in db.session.scalars(
            select(BuyerRequest).where(BuyerRequest.id.in_(ids[:PER_PAGE])).options(joinedload(BuyerRequest.category))
        )
    }
    return Page(
        items=[found[i] for i in ids[:PER_PAGE] if i in found],
        page=number,
        per_page=PER_PAGE,
        total=total,
        more=len(ids) > PER_PAGE,
    )


def public_request(request_id: int) -> BuyerRequest | None:
    """One public request (open or closed), or None."""
    return db.session.scalar(
        select(BuyerRequest)
        .where(BuyerRequest.id == request_id, BuyerRequest.status == "published")
        .options(joinedload(BuyerRequest.category))
    )


def request_cards(ids: list[int]) -> list[BuyerRequest]:
    """Public requests by id (search hits), open or closed, in the order asked."""
    if not ids:
        return []
    found = {
        r.id: r
        for r in db.session.scalars(
            select(BuyerRequest)
            .where(BuyerRequest.id.in_(ids), BuyerRequest.status == "published")
            .options(joinedload(BuyerRequest.category))
        )
    }
    return [found[i] for i in ids if i in found]


def count_open_requests() -> int:
    return db.session.scalar(select(func.count()).select_from(_R).where(request_is_open(today()))) or 0


def sitemap_requests(offset: int, limit: int) -> list[tuple[int, object]]:
    """(id, updated_at) of open requests, in id order, for the sitemap."""
    return db.session.execute(
        select(_R.c.id, _R.c.updated_at).where(request_is_open(today())).order_by(_R.c.id).offset(offset).limit(limit)
    ).all()


def latest_requests(limit: int = 6) -> tuple[tuple, ...]:
    """The newest open requests as (id, title, language, quantity, unit, country, deadline)
    tuples: what the home page lists and keys its kept copy by."""

    def build():
        rows = db.session.execute(
            select(_R.c.id, _R.c.title, _R.c.language, _R.c.quantity, _R.c.unit, _R.c.country, _R.c.deadline)
            .where(request_is_open(today()))
            .order_by(_R.c.published_at.desc(), _R.c.id.desc())
            .limit(limit)
        ).all()
        return tuple(tuple(row) for row in rows)

    return LATEST.get_or_set((today(), limit), build)
