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
    # True when counting stopped at paginate(max_count=...): "more than total".
    capped: bool = False
    more: bool = False  # a row beyond this page exists (known without counting)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.more or self.page < self.pages

    def content(self) -> tuple:
        """What the page shows, hashable (a key of ``core.templating.render_shared``): its items
        as listed (ids and versions, before they become cards), number, total and whether more follow."""
        return (tuple(self.items), self.page, self.total, self.capped, self.more)


def page_href(number: int) -> str:
    """This page's address with ``?page=number``, its other query arguments kept: a link relative
    to the page, so no URL is built for it."""
    from urllib.parse import urlencode

    args = {key: values for key, values in request.args.lists() if key != "page"}
    if number > 1:
        args["page"] = [str(number)]
    return "?" + urlencode(args, doseq=True) if args else "?"


def page_number() -> int:
    """The request's ?page=N, from 1 to 10,000 (anything else is page 1)."""
    text = request.args.get("page", "1")
    if len(text) > 6 or not text.isascii() or not text.isdigit():
        return 1
    return max(1, min(int(text), 10_000))


def in_range(page: Page) -> Page:
    """``page``, when it exists: a page number past the last page is no page (404), never an
    empty "Page 99 of 2"."""
    from flask import abort

    if page.page > 1 and not page.items:
        abort(404)
    return page


def paginate(query, per_page: int = 20, max_count: int | None = None) -> Page:
    """One page of ``query``. With ``max_count`` the count stops there (a category of 100,000
    products is counted in the time of 5,000; the page says "more than 5,000")."""
    page = page_number()
    counted = query.order_by(None)
    if max_count is not None:
        counted = counted.limit(max_count + 1)
    total = db.session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    capped = max_count is not None and total > max_count
    items = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    more = len(items) > per_page
    return in_range(
        Page(
            items=items[:per_page],
            page=page,
            per_page=per_page,
            total=max_count if capped else total,
            capped=capped,
            more=more,
        )
    )
