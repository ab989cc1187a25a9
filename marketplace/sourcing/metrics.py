"""Response metrics: how quickly an exhibitor answers buyers.

Over the inquiries an organization received in the last ``WINDOW`` (30 days), as Alibaba.com
counts them: the **response rate** is the share answered within ``IN_TIME`` (24 hours), where
a decline with a reason counts as an answer; an inquiry still inside its 24 hours and not yet
answered is not counted either way. The **median first-response time** is over the answered
ones. An exhibitor with at least ``MIN_COUNTED`` counted inquiries and a rate of at least
``RESPONSIVE_RATE`` is *responsive*: search ranks its products and booth a little higher
(search.model.RESPONSIVE_POINTS; the help page says so).

``refresh(organization_ids)`` recomputes and stores ``ResponseStats`` rows; it runs when an
exhibitor first answers an inquiry, and for everyone by the daily scheduled job (inquiries age
out of the window and into "not answered in time" without anyone acting).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from statistics import median

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.jobs import job
from marketplace.sourcing.models import Inquiry, ResponseStats

WINDOW = timedelta(days=30)
IN_TIME = timedelta(hours=24)
MIN_COUNTED = 3
RESPONSIVE_RATE = 0.8


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def measure(inquiries, now: datetime) -> tuple[int, int, float | None, int | None]:
    """(counted, answered in time, rate, median minutes) of (created_at, first_response_at) pairs."""
    counted = in_time = 0
    waits = []
    for created, answered in inquiries:
        created = _aware(created)
        if answered is not None:
            wait = _aware(answered) - created
            waits.append(wait.total_seconds() / 60)
            counted += 1
            in_time += wait <= IN_TIME
        elif now - created > IN_TIME:
            counted += 1
    rate = in_time / counted if counted else None
    return counted, in_time, rate, round(median(waits)) if waits else None


def refresh(organization_ids=None, now: datetime | None = None) -> int:
    """Recompute the stats of these organizations (every one with inquiries or stats when None);
    a row changes only when a figure does. Returns how many rows changed."""
    now = now or utcnow()
    since = now - WINDOW
    query = select(Inquiry.organization_id, Inquiry.created_at, Inquiry.first_response_at).where(
        Inquiry.created_at >= since
    )
    existing_query = select(ResponseStats)
    if organization_ids is not None:
        ids = list(set(organization_ids))
        query = query.where(Inquiry.organization_id.in_(ids))
        existing_query = existing_query.where(ResponseStats.organization_id.in_(ids))
    pairs = defaultdict(list)
    for organization_id, created, answered in db.session.execute(query):
        pairs[organization_id].append((created, answered))
    existing = {row.organization_id: row for row in db.session.scalars(existing_query)}
    changed = 0
    for organization_id in set(pairs) | set(existing):
        counted, in_time, rate, minutes = measure(pairs.get(organization_id, ()), now)
        responsive = counted >= MIN_COUNTED and rate is not None and rate >= RESPONSIVE_RATE
        row = existing.get(organization_id)
        figures = (counted, in_time, rate, minutes, responsive)
        stored = row and (row.received, row.answered_in_time, row.rate, row.median_minutes, row.responsive)
        if stored == figures:
            continue
        if row is None:
            row = ResponseStats(organization_id=organization_id)
            db.session.add(row)
        row.received, row.answered_in_time, row.rate, row.median_minutes, row.responsive = figures
        row.computed_at = now
        changed += 1
    return changed


@job("sourcing.response_metrics", label=_l("Response rates of exhibitors"))
def refresh_all(at: str | None = None) -> None:
    from core.schedule import as_of

    refresh(now=as_of(at))
    db.session.commit()


def stats_of(organization_id: int) -> ResponseStats | None:
    return db.session.get(ResponseStats, organization_id)
