"""Inquiry analytics: what an exhibitor's inquiries of the last twelve months say.

A benefit of the paid tiers (``MemberTier.inquiry_analytics``; the view checks it with
``membership.services.has_inquiry_analytics`` and computes nothing for the others).
Everything counts the inquiries the organization received in the twelve calendar months up to
and including the current one, in the site's time zone:

- per month: received, and how many of those got a reply (a reply or a decline with a reason,
  as the response metrics count it);
- by the buyer's country (from the buyer's account; "not given" when it has none);
- the products that drew the most inquiries (an inquiry about the booth has no product);
- the reply rate, the share answered within 24 hours and the median first-reply time, with
  ``metrics.measure`` (the same rules as the 30-day response rate search uses).

One organization's rows only: every statement filters on ``Inquiry.organization_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from babel.dates import format_skeleton
from flask_babel import get_locale, get_timezone, gettext as _
from sqlalchemy import func, select

from core.accounts.models import User
from core.db import utcnow
from core.extensions import db
from marketplace.catalog.models import Product
from marketplace.sourcing.metrics import measure
from marketplace.sourcing.models import Inquiry

MONTHS = 12
TOP_PRODUCTS = 10


@dataclass(frozen=True)
class Month:
    start: date  # the first day of the month
    received: int
    replied: int


@dataclass(frozen=True)
class Share:
    key: str | None  # a country code (None: not given)
    count: int


@dataclass(frozen=True)
class ProductCount:
    product_id: int
    product: Product
    count: int


@dataclass(frozen=True)
class Analytics:
    since: date
    months: tuple[Month, ...]  # oldest first, every month (zeros included)
    countries: tuple[Share, ...]  # most inquiries first
    products: tuple[ProductCount, ...]
    received: int
    replied: int
    counted: int  # answered, or unanswered with their 24 hours over (metrics.measure)
    in_time: int  # answered within 24 hours
    median_minutes: int | None

    @property
    def reply_rate(self) -> float | None:
        return self.replied / self.received if self.received else None

    @property
    def in_time_rate(self) -> float | None:
        return self.in_time / self.counted if self.counted else None


def _month_starts(now: datetime) -> list[date]:
    local = now.astimezone(get_timezone())
    year, month = local.year, local.month
    starts = []
    for _month in range(MONTHS):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def _local_midnight_utc(day: date) -> datetime:
    # Flask-Babel's zones are pytz's: a zone is attached with localize, not tzinfo=.
    return get_timezone().localize(datetime(day.year, day.month, day.day)).astimezone(UTC)


def of_organization(organization_id: int, now: datetime | None = None) -> Analytics:
    now = now or utcnow()
    starts = _month_starts(now)
    since = _local_midnight_utc(starts[0])
    mine = (Inquiry.organization_id == organization_id, Inquiry.created_at >= since, Inquiry.created_at <= now)

    rows = db.session.execute(select(Inquiry.created_at, Inquiry.first_response_at).where(*mine)).all()
    zone = get_timezone()
    received = dict.fromkeys(starts, 0)
    replied = dict.fromkeys(starts, 0)
    for created, answered in rows:
        local = created.astimezone(zone)
        month = date(local.year, local.month, 1)
        if month in received:
            received[month] += 1
            replied[month] += answered is not None
    counted, in_time, _rate, median_minutes = measure(rows, now)

    countries = db.session.execute(
        select(User.country, func.count())
        .select_from(Inquiry)
        .join(User, User.id == Inquiry.buyer_id)
        .where(*mine)
        .group_by(User.country)
    ).all()
    # Most first; "not given" after the countries with as many (NULLs sort apart by database).
    countries = sorted(countries, key=lambda row: (-row[1], row[0] is None, row[0] or ""))
    top = db.session.execute(
        select(Inquiry.product_id, func.count())
        .where(*mine, Inquiry.product_id.is_not(None))
        .group_by(Inquiry.product_id)
        .order_by(func.count().desc(), Inquiry.product_id)
        .limit(TOP_PRODUCTS)
    ).all()
    products = {
        p.id: p
        for p in db.session.scalars(
            select(Product).where(
                Product.id.in_([product_id for product_id, _ in top]), Product.organization_id == organization_id
            )
        )
    }
    return Analytics(
        since=starts[0],
        months=tuple(Month(start, received[start], replied[start]) for start in starts),
        countries=tuple(Share(code or None, count) for code, count in countries),
        products=tuple(
            ProductCount(product_id, products[product_id], count) for product_id, count in top if product_id in products
        ),
        received=len(rows),
        replied=sum(answered is not None for _created, answered in rows),
        counted=counted,
        in_time=in_time,
        median_minutes=median_minutes,
    )


# ---------------------------------------------------------------- how the page shows them
def month_label(start: date) -> str:
    """ "December 2026", "2026年12月"."""
    return format_skeleton("yMMMM", start, locale=get_locale())


def wait_label(minutes: int) -> str:
    """A first-reply time to the minute: "45 min", "3 h 20 min", "2 d 4 h"."""
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s d %(hours)s h", days=days, hours=hours)
    if hours:
        return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
    return _("%(minutes)s min", minutes=minutes)
