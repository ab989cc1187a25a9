"""Published products per category, held in each process for listings to show their totals.

A category page used to count its products (up to 1,000) on every request, which cost
PostgreSQL more than listing them. One GROUP BY over all published products of verified
suppliers is instead kept for ``TTL_SECONDS`` per process; any product written through the
ORM in this process drops the copy at once (mapper events), so an exhibitor or moderator
sees their own change; other processes catch up within the TTL.
"""

from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import event, func, select

from core.extensions import db
from core.organizations.models import Organization
from marketplace.catalog.models import Product

TTL_SECONDS = 120
_KEY = "tradewindow_category_counts"
_generation = [0]  # bumped by every product write in this process


def _load() -> dict[int | None, int]:
    rows = db.session.execute(
        select(Product.category_id, func.count())
        .join(Organization, Organization.id == Product.organization_id)
        .where(Product.status == "published", Organization.status == "verified")
        .group_by(Product.category_id)
    )
    return dict(rows.all())


def category_counts() -> dict[int | None, int]:
    cached = current_app.extensions.get(_KEY)
    now = time.monotonic()
    if cached is None or now - cached[0] > TTL_SECONDS or cached[1] != _generation[0]:
        generation = _generation[0]
        cached = current_app.extensions[_KEY] = (now, generation, _load())
    return cached[2]


def total(category_ids) -> int:
    counts = category_counts()
    return sum(counts.get(category_id, 0) for category_id in category_ids)


def _stale(*_args) -> None:
    _generation[0] += 1


for _name in ("after_insert", "after_update", "after_delete"):
    event.listen(Product, _name, _stale)
