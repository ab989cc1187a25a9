"""The sourcing panels of the signed-in overview (``/<lang>/account/``): what a buyer and what an
exhibitor should see first. Each panel's data in a handful of counting queries."""

from __future__ import annotations

from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from marketplace.public.visibility import PRODUCTS as _P, REQUESTS as _R, public_products, request_is_open
from marketplace.sourcing.models import REQUEST_STATES, BuyerRequest, Inquiry, Quote
from marketplace.sourcing.services import today

LATEST = 5


def _counts(column, condition) -> dict:
    """{value of ``column``: rows} where ``condition``."""
    return dict(db.session.execute(select(column, func.count()).where(condition).group_by(column)).all())


def buyer_panel() -> dict:
    from flask_login import current_user

    from marketplace.following.models import Follow

    user_id = current_user.id
    by_status = _counts(BuyerRequest.status, BuyerRequest.buyer_id == user_id)
    open_ids = select(_R.c.id).where(request_is_open(today()), _R.c.buyer_id == user_id)
    open_count = db.session.scalar(select(func.count()).select_from(open_ids.subquery())) or 0
    quotes = dict(
        db.session.execute(
            select(Quote.status, func.count())
            .join(BuyerRequest, BuyerRequest.id == Quote.request_id)
            .where(BuyerRequest.buyer_id == user_id)
            .group_by(Quote.status)
        ).all()
    )
    unread = db.session.scalar(
        select(func.coalesce(func.sum(Inquiry.buyer_unread), 0)).where(Inquiry.buyer_id == user_id)
    )
    threads = db.session.scalar(select(func.count()).where(Inquiry.buyer_id == user_id))
    follows = _counts(Follow.kind, Follow.user_id == user_id)
    latest = db.session.scalars(
        select(BuyerRequest)
        .where(BuyerRequest.buyer_id == user_id)
        .order_by(BuyerRequest.updated_at.desc(), BuyerRequest.id.desc())
        .limit(LATEST)
    ).all()
    return {
        "requests": by_status,
        "open_requests": open_count,
        "quotes": quotes,
        "quotes_total": sum(quotes.values()),
        "unread": unread or 0,
        "threads": threads or 0,
        "follows": follows,
        "latest": latest,
        "states": REQUEST_STATES,
    }


def exhibitor_panel() -> dict:
    from flask_login import current_user

    from marketplace.membership.services import quote_quota_for, quotes_left
    from marketplace.public.categories import category_tree
    from marketplace.sourcing.metrics import stats_of

    organization_id = current_user.org_member.organization_id
    now = utcnow()
    left, renews = quotes_left(organization_id, now)
    # "My categories": the leaves of the organization's public products, and their parents' subtrees
    # are not widened: a valve maker sees valve requests, not all machinery.
    categories = db.session.scalars(
        public_products(_P.c.category_id).where(_P.c.organization_id == organization_id).distinct()
    ).all()
    tree = category_tree()
    wanted = sorted({c for cid in categories if cid for c in tree.descendants(cid)})
    matching = []
    matching_count = 0
    if wanted:
        query = select(_R.c.id).where(request_is_open(today()), _R.c.category_id.in_(wanted))
        matching_count = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        ids = db.session.scalars(query.order_by(_R.c.published_at.desc(), _R.c.id.desc()).limit(LATEST)).all()
        from marketplace.sourcing.reads import request_cards

        matching = request_cards(list(ids))
    quotes = _counts(Quote.status, Quote.organization_id == organization_id)
    unread = db.session.scalar(
        select(func.coalesce(func.sum(Inquiry.exhibitor_unread), 0)).where(Inquiry.organization_id == organization_id)
    )
    waiting = db.session.scalar(
        select(func.count()).where(
            Inquiry.organization_id == organization_id,
            Inquiry.first_response_at.is_(None),
            Inquiry.report_outcome.is_(None),
        )
    )
    return {
        "quota": quote_quota_for(organization_id),
        "quotes_left": left,
        "renews": renews,
        "quotes": quotes,
        "quotes_total": sum(quotes.values()),
        "matching": matching,
        "matching_count": matching_count,
        "unread": unread or 0,
        "unanswered": waiting or 0,
        "stats": stats_of(organization_id),
    }
