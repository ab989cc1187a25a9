"""Product cards, rendered once and reused: listings show the same cards again and again.

A card is kept per process for ``TTL_SECONDS`` under (product, its last change, language,
heading level), so an edited product shows its new card at once; a supplier's renamed
organization shows within the TTL. Listing queries still run on every request:
``listing_page`` asks only for the page's product ids and change times, reuses the cards it
has and loads the others (products, suppliers, images) in one query.
"""

from __future__ import annotations

import time

from flask import current_app, request
from markupsafe import Markup
from sqlalchemy import bindparam, func, literal_column, select, union_all

from core import reads
from core.organizations.models import Organization
from core.pagination import Page, page_number
from i18n import current_lang
from marketplace.catalog import records
from marketplace.catalog.models import Product
from marketplace.catalog.records import PUBLISHED, VERIFIED

TTL_SECONDS = 300
MAX_CARDS = 20_000
COUNT_LIMIT = 1_000  # listings without a known total count up to here, then say "1,000+"


def product_card_html(product, heading: str = "h3") -> Markup:
    cache = current_app.extensions.setdefault("tradewindow_cards", {})
    key = (product.id, product.updated_at, current_lang(), heading, request.script_root)
    now = time.monotonic()
    hit = cache.get(key)
    if hit is not None and now - hit[0] < TTL_SECONDS:
        return hit[1]
    if len(cache) >= MAX_CARDS:
        cache.clear()
    # The template straight from Jinja: a card needs no context processors (it reads only
    # globals), and listings render up to 24 at a time.
    template = current_app.jinja_env.get_template("catalog/_product_card.html")
    html = Markup(template.render(product=product, heading=heading))  # noqa: S704 - autoescaped
    cache[key] = (now, html)
    return html


def cached_cards(rows, heading: str = "h3") -> list[Markup]:
    """Cards for (product id, updated_at) rows, in their order; misses load in one query."""
    cache = current_app.extensions.setdefault("tradewindow_cards", {})
    lang, root, now = current_lang(), request.script_root, time.monotonic()
    cards: list[Markup | None] = []
    missing: dict[int, int] = {}
    for product_id, updated_at in rows:
        hit = cache.get((product_id, updated_at, lang, heading, root))
        if hit is not None and now - hit[0] < TTL_SECONDS:
            cards.append(hit[1])
        else:
            missing[product_id] = len(cards)
            cards.append(None)
    if missing:
        for product in records.card_products(missing):
            cards[missing[product.id]] = product_card_html(product, heading)
    return [card for card in cards if card is not None]  # a product unpublished in between


_P, _O = Product.__table__, Organization.__table__


_STATEMENTS: dict = {}  # (categories, by organization, page, per page, count limit) -> statements


def _listing_statements(categories, by_organization: bool, number: int, per_page: int, count_limit: int):
    """(count up to count_limit + 1, the page's rows): built once per kind of page and reused.

    A booth's organization is the ``org`` parameter, so all booths share their statements.
    """
    offset, wanted = (number - 1) * per_page, per_page + 1
    where = [_P.c.organization_id == bindparam("org")] if by_organization else []

    def listed(*conditions):
        return (
            select(_P.c.id, _P.c.updated_at, _P.c.published_at)
            .select_from(_P.join(_O, _O.c.id == _P.c.organization_id))
            .where(_P.c.status == PUBLISHED, _O.c.status == VERIFIED, *where, *conditions)
        )

    newest = (_P.c.published_at.desc(), _P.c.id.desc())
    # The statuses, LIMIT and OFFSET are written into the SQL, not sent as parameters: then
    # PostgreSQL can reuse one generic plan of the prepared statement (it matches the partial
    # indexes' "status = 'published'" only when it can see the value) instead of planning
    # each execution anew, which took longer than running the query.
    limit, skip = literal_column(str(wanted)), literal_column(str(offset))
    if categories is None or len(categories) == 1:
        one = [] if categories is None else [_P.c.category_id == categories[0]]
        counted = listed(*one)
        rows = listed(*one).order_by(*newest).limit(limit).offset(skip)
    else:
        # Each category's newest rows come from its own index range, then the few are merged:
        # an IN list would walk the newest products of every category instead.
        counted = listed(_P.c.category_id.in_(categories))
        # Each part is a derived table: SQLite accepts no ORDER BY or LIMIT on a bare part of a
        # UNION, PostgreSQL plans the two forms alike.
        tops = (
            listed(_P.c.category_id == category_id)
            .order_by(*newest)
            .limit(literal_column(str(offset + wanted)))
            .subquery()
            for category_id in categories
        )
        parts = union_all(*(select(top.c.id, top.c.updated_at, top.c.published_at) for top in tops)).subquery()
        rows = select(parts.c.id, parts.c.updated_at).order_by(parts.c.published_at.desc(), parts.c.id.desc())
        rows = rows.limit(limit).offset(skip)
    count = select(func.count()).select_from(counted.limit(literal_column(str(count_limit + 1))).subquery())
    return count, rows


def listing_page(
    *,
    categories: list[int] | None = None,
    organization_id: int | None = None,
    total: int | None = None,
    heading: str = "h3",
    per_page: int = 24,
    max_count: int | None = None,
) -> Page:
    """A page of published products of verified suppliers, newest first, as rendered cards.

    ``categories``: the category ids to list; ``organization_id``: one supplier's products.
    One light query for the page's ids, one for cards not rendered before, and unless the
    caller knows the ``total``, a count that stops after ``max_count``.
    """
    number = page_number()
    max_count = COUNT_LIMIT if max_count is None else max_count
    by_organization = organization_id is not None
    key = (None if categories is None else tuple(categories), by_organization, number, per_page, max_count)
    statements = _STATEMENTS.get(key)
    if statements is None:
        statements = _listing_statements(categories, by_organization, number, per_page, max_count)
        if len(_STATEMENTS) >= 2_000:
            _STATEMENTS.clear()
        _STATEMENTS[key] = statements
    count, rows = statements
    params = {"org": organization_id} if by_organization else None

    capped = False
    if total is None:
        total = reads.rows(count, params)[0][0] or 0
        capped, total = total > max_count, min(total, max_count)
    found = [(row[0], row[1]) for row in reads.rows(rows, params)]
    return Page(
        items=cached_cards(found[:per_page], heading),
        page=number,
        per_page=per_page,
        total=total,
        capped=capped,
        more=len(found) > per_page,
    )
