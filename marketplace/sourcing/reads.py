"""The public buyer-request pages' reads: the list (filtered, paginated) and one request, as
frozen read models; the home page's latest requests, search hits and the sitemap.

The list and the request's page run prebuilt Core statements (``core.reads``: straight on the
driver on PostgreSQL), built once per shape and kept in a cache region, like the expo's
product and category pages (``marketplace.public.reads``). Their read models hold everything
the page shows of a request, ``updated_at`` (every write of the row) and ``quotes_count`` and
``status`` among it, so a page is kept whole under them (``core.templating.render_shared``)
and a change shows at once, in every process. The list's total is the one figure not read per
request: counted up to ``COUNT_CAP`` and kept ``COUNT_TTL`` seconds per filter and day.

What is public and what is open is said once, in ``marketplace.public.visibility``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, func, literal_column, select, union_all
from sqlalchemy.orm import joinedload

from core import cache, reads
from core.attachments import public_files_exist
from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.pagination import Page, page_number
from marketplace.public.categories import CategoryNode, category_tree
from marketplace.public.visibility import REQUEST_IS_PUBLIC, REQUESTS as _R, public_requests, request_is_open
from marketplace.sourcing.files import RFQ
from marketplace.sourcing.models import BuyerRequest
from marketplace.sourcing.services import today

PER_PAGE = 20
POSTED_WITHIN = (7, 30, 90)  # days: the "posted" filter's choices
# The list's total: counting stops here (the page says "10,000+"), and a count is kept this
# long per filter and day in each process (a write in the process forgets it at once).
COUNT_CAP = 10_000
COUNT_TTL = 60
# The home page's latest requests: the same for every visitor, a minute old at most.
LATEST = cache.region("latest_requests", max_entries=4, ttl=60)
COUNTS = cache.region("request_counts", max_entries=2_000, ttl=COUNT_TTL, depends_on=("request",))
STATEMENTS = cache.region("request_statements", max_entries=2_000)

_FROZEN = {"frozen": True, "slots": True}


@dataclass(**_FROZEN)
class RequestCard:
    """A request as the list shows it. The fields ``marketplace.public.visibility.request_open``
    and ``services.closed_reason`` read are here, so the page asks them of the card."""

    id: int
    title: str
    language: str
    quantity: int
    unit: str | None
    country: str
    deadline: date
    published_at: datetime
    quotes_count: int
    status: str  # a core.review.ReviewStatus (a str)
    closed_at: datetime | None
    close_reason: str | None
    updated_at: datetime  # the row's version: any write changes it
    category: CategoryNode | None  # from the category tree


@dataclass(**_FROZEN)
class RequestDetail(RequestCard):
    """A request as its public page shows it."""

    details: str | None
    target_price: Decimal | None
    currency: str
    trade_term: str | None
    certifications: str | None
    notified_count: int  # matching exhibitors told (marketplace.sourcing.routing)
    has_files: bool  # public attachments: only then are they read (core.attachments.public_files)


@dataclass
class RequestFilters:
    """What a visitor chose on the list; the view fills it from the query string."""

    category_ids: list[int] | None = None
    country: str | None = None
    min_quantity: int | None = None
    posted_days: int | None = None
    closed: bool = False  # also the closed ones
    chosen: dict = field(default_factory=dict)  # the query-string values as understood, for the form

    def shape(self) -> tuple:
        """Which filters are set (what a prebuilt statement is built for)."""
        categories = None if self.category_ids is None else len(self.category_ids)
        return (self.closed, categories, bool(self.country), bool(self.min_quantity), bool(self.posted_days))

    def values(self) -> tuple:
        """The filters' values (what a count is kept under, with the day)."""
        categories = None if self.category_ids is None else tuple(self.category_ids)
        return (self.closed, categories, self.country, self.min_quantity, self.posted_days)


CARD_FIELDS = tuple(name for name in RequestCard.__dataclass_fields__ if name != "category")
DETAIL_FIELDS = tuple(RequestDetail.__dataclass_fields__)[
    len(RequestCard.__dataclass_fields__) : -1
]  # has_files: below
_NC = len(CARD_FIELDS)
# A row: the card's fields, the category's id (where the read model has the category), the rest.
_CARD_COLUMNS = (*(_R.c[name] for name in CARD_FIELDS), _R.c.category_id)
_NEWEST = (_R.c.published_at.desc(), _R.c.id.desc())


def _built(key, build):
    return STATEMENTS.get_or_set(key, build)


def _cards(rows) -> list[RequestCard]:
    categories = category_tree().by_id
    return [RequestCard(*row[:_NC], categories.get(row[_NC])) for row in rows]


# ---------------------------------------------------------------- the list
def _filtered(shape: tuple, day: date, *columns):
    """SELECT ``columns`` of the requests the filters of ``shape`` let through on ``day`` (but
    categories); their values are the parameters ``country``, ``min_quantity`` and ``since``."""
    closed, _categories, country, min_quantity, posted = shape
    shown = REQUEST_IS_PUBLIC if closed else request_is_open(day)  # the closed ones too, or the open
    query = select(*columns).select_from(_R).where(shown)
    if country:
        query = query.where(_R.c.country == bindparam("country"))
    if min_quantity:
        query = query.where(_R.c.quantity >= bindparam("min_quantity"))
    if posted:
        query = query.where(_R.c.published_at >= bindparam("since", type_=UTCDateTime()))
    return query


def _listing_statement(shape: tuple, day: date, number: int):
    """A page's cards, newest first, for one shape of filters.

    LIMIT and OFFSET are written into the SQL (one generic plan per page number on PostgreSQL).
    Requests of several categories (a category and its descendants) come from each category's
    own index range, then the few are merged, as the product listings do: an IN list would walk
    the newest requests of every category instead. The category ids are ``c0``, ``c1``...
    """
    offset, wanted = (number - 1) * PER_PAGE, PER_PAGE + 1
    columns = _CARD_COLUMNS
    limit, skip = literal_column(str(wanted)), literal_column(str(offset))
    categories = shape[1]
    if categories is None:
        return _filtered(shape, day, *columns).order_by(*_NEWEST).limit(limit).offset(skip)
    tops = (
        _filtered(shape, day, *columns)
        .where(_R.c.category_id == bindparam(f"c{i}"))
        .order_by(*_NEWEST)
        .limit(literal_column(str(offset + wanted)))
        .subquery()
        for i in range(categories)
    )
    parts = union_all(*(select(*top.c) for top in tops)).subquery()
    return select(*parts.c).order_by(parts.c.published_at.desc(), parts.c.id.desc()).limit(limit).offset(skip)


def _params(filters: RequestFilters) -> dict:
    params: dict = {}
    if filters.country:
        params["country"] = filters.country
    if filters.min_quantity:
        params["min_quantity"] = filters.min_quantity
    if filters.posted_days:
        params["since"] = utcnow() - timedelta(days=filters.posted_days)
    for i, category_id in enumerate(filters.category_ids or ()):
        params[f"c{i}"] = category_id
    return params


def _count(filters: RequestFilters, day: date) -> tuple[int, bool]:
    """(the requests the filters let through, up to COUNT_CAP; whether there are more), kept
    COUNT_TTL seconds per filter and day."""

    def build() -> tuple[int, bool]:
        query = _filtered(filters.shape(), day, _R.c.id)
        if filters.category_ids is not None:
            query = query.where(_R.c.category_id.in_(filters.category_ids))
        counted = select(func.count()).select_from(query.limit(COUNT_CAP + 1).subquery())
        found = db.session.scalar(counted, _params(filters)) or 0
        return min(found, COUNT_CAP), found > COUNT_CAP

    return COUNTS.get_or_set((filters.values(), day), build)


def request_page(filters: RequestFilters) -> Page:
    """A page of public requests as ``RequestCard``s, newest first; open ones unless
    ``filters.closed``."""
    day, number = today(), page_number()
    shape = filters.shape()
    statement = _built(("listing", shape, day, number), lambda: _listing_statement(shape, day, number))
    found = _cards(reads.rows(statement, _params(filters)))
    total, capped = _count(filters, day)
    return Page(
        items=found[:PER_PAGE],
        page=number,
        per_page=PER_PAGE,
        total=total,
        capped=capped,
        more=len(found) > PER_PAGE,
    )


# ---------------------------------------------------------------- one request
_DETAIL = public_requests(
    *_CARD_COLUMNS, *(_R.c[name] for name in DETAIL_FIELDS), public_files_exist(RFQ, _R.c.id).label("has_files")
).where(_R.c.id == bindparam("rid"))


def request_detail(request_id: int) -> RequestDetail | None:
    """One public request (open or closed) as its page shows it, or None."""
    row = reads.first(_DETAIL, {"rid": request_id})
    if row is None:
        return None
    return RequestDetail(*row[:_NC], category_tree().by_id.get(row[_NC]), *row[_NC + 1 :])


def public_request(request_id: int) -> BuyerRequest | None:
    """One public request (open or closed) as an entity, for the pages that act on it (a quote)."""
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


# ---------------------------------------------------------------- sitemap and home page
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
            .order_by(*_NEWEST)
            .limit(limit)
        ).all()
        return tuple(tuple(row) for row in rows)

    return LATEST.get_or_set((today(), limit), build)
