"""Routing: a published buyer request is told to the exhibitors that can serve it.

When staff publish a request (``services._notify``), the job ``sourcing.route`` finds the
exhibitors whose published products match it **through the search library**: the request's
title within its category first, then the title alone, then the category alone, until
``CANDIDATES`` organizations are found, in the order search ranks their products (only public
products of verified organizations are ever in the index, and ``public_products`` is checked
again here). The credit issue adds "not on a negative credit list" to ``eligible``.

Of those, at most ``PER_REQUEST`` are told, and none more than ``DAILY_CAP`` times in 24 hours;
among the candidates those told least in the last ``ROTATION`` come first (relevance breaks
ties), so the same few suppliers do not take every lead. Each one's members get a
notification and a mail; a ``RequestRouting`` row records it (one per request and
organization), and the request's public page says how many were told.

Routing runs once per request (``routed_at``); rows are taken under a lock on PostgreSQL so
that two routings at once cannot pass an exhibitor's cap.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text

import search
from core import search as core_search
from core.db import utcnow
from core.extensions import db
from core.jobs import job
from marketplace.public.visibility import PRODUCTS as _P, public_products
from marketplace.sourcing.models import BuyerRequest, RequestRouting

PER_REQUEST = 5
DAILY_CAP = 3
ROTATION = timedelta(days=7)
CANDIDATES = 30
HITS = 200  # products read from each search


def candidates(request: BuyerRequest) -> list[int]:
    """Organization ids whose public products match ``request``, best first."""
    from marketplace.public.categories import category_tree

    category = None
    if request.category_id:
        category = [str(i) for i in category_tree().descendants(request.category_id)]
    attempts = []
    if category:
        attempts.append((request.title, {"category": category}))
    attempts.append((request.title, {}))
    if category:
        attempts.append(("", {"category": category}))
    found: list[int] = []
    for words, filters in attempts:
        try:
            result = core_search.backend().search(
                search.Request(words, types=("product",), filters=filters, limit=HITS, facets=False),
                synonyms=core_search.synonyms(),
            )
        except search.SearchUnavailable:
            return found
        keys = [int(hit.key) for hit in result.hits if hit.key.isdigit()]
        if not keys:
            continue
        owner = dict(db.session.execute(public_products(_P.c.id, _P.c.organization_id).where(_P.c.id.in_(keys))).all())
        for key in keys:
            organization_id = owner.get(key)
            if organization_id is not None and organization_id not in found:
                found.append(organization_id)
        if len(found) >= CANDIDATES:
            break
    return found[:CANDIDATES]


def eligible(organization_ids: list[int], request: BuyerRequest) -> list[int]:
    """Those that may be told: not the buyer's own organization (credit lists come with credit)."""
    member = request.buyer.org_member
    return [i for i in organization_ids if member is None or i != member.organization_id]


def _told_since(organization_ids: list[int], since) -> dict[int, int]:
    if not organization_ids:
        return {}
    return dict(
        db.session.execute(
            select(RequestRouting.organization_id, func.count())
            .where(RequestRouting.organization_id.in_(organization_ids), RequestRouting.created_at >= since)
            .group_by(RequestRouting.organization_id)
        ).all()
    )


def choose(organization_ids: list[int], now=None) -> list[int]:
    """Up to ``PER_REQUEST`` of the candidates (best first): under the daily cap, those told
    least over the rotation period first."""
    now = now or utcnow()
    today = _told_since(organization_ids, now - timedelta(hours=24))
    recent = _told_since(organization_ids, now - ROTATION)
    open_ = [i for i in organization_ids if today.get(i, 0) < DAILY_CAP]
    rank = {i: n for n, i in enumerate(organization_ids)}
    return sorted(open_, key=lambda i: (recent.get(i, 0), rank[i]))[:PER_REQUEST]


def _lock() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('sourcing.route'))"))


def route(request: BuyerRequest) -> list[int]:
    """Tell the matching exhibitors about ``request`` (once); returns the organizations told."""
    from core.notifications import tell_members
    from core.organizations.models import Organization
    from marketplace.sourcing.services import is_open

    if request.routed_at is not None or not is_open(request):
        return []
    _lock()
    chosen = choose(eligible(candidates(request), request))
    now = utcnow()
    for organization_id in chosen:
        db.session.add(RequestRouting(request_id=request.id, organization_id=organization_id, created_at=now))
        organization = db.session.get(Organization, organization_id)
        tell_members(organization, "request_routed", ("sourcing.detail", {"request_id": request.id}), request=request)
    request.routed_at = now
    request.notified_count = len(chosen)
    return chosen


@job("sourcing.route", label=_l("Telling matching exhibitors about a buyer request"))
def route_job(request_id: int) -> None:
    request = db.session.get(BuyerRequest, request_id)
    if request is not None:
        route(request)
        db.session.commit()
