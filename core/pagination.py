"""Pagination for list pages: ?page=N, a fixed page size, and a count query."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy import func, select

from core.extensions import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(query, per_page: int = 20) -> Page:
    try:
        page = max(1, min(int(request.args.get("page", 1)), 10_000))
    except (TypeError, ValueError):
        page = 1
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total or 0)
