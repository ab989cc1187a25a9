"""What the expo puts in the search: products, exhibitors and buyer requests, as the public sees
them.

``load(keys)`` reads through ``public.visibility`` (the one rule of what is public): a key it
does not return is removed from the index, so an archived, rejected or unpublished product, or
the products of an organization whose verification was withdrawn, leave the results with the
next drain. The watches say which writes touch which documents; an organization's or a
category's change is expanded into its documents when the outbox is drained.

Fields and their points (the ranking help page lists them): a product's titles 10, its
category and keywords 6, its exhibitor's names 6, its description, specifications, HS code and
certifications 3; an exhibitor's names 10, its main products and category 6, its profile 3; a
buyer request's title 10, its category and destination 6, its details and certifications 3.
A request stays in the index once public, open or closed: its card, read when the results
show, says which (a deadline passes without a write).

An exhibitor that answers buyers in time (``ResponseStats.responsive``, kept by
``marketplace.sourcing.metrics``) makes its booth and its products ``responsive`` documents
(``search.model.RESPONSIVE_POINTS``). Its stats change daily, but only a change of that flag
re-indexes the organization's documents; the figures themselves are read by its pages.

Products and exhibitors carry their organization's credit standing in the ``credit`` facet
(``core.organizations.standing``; "none" without a credit record): the portal's record changes
``Organization.credit_status``, which the Organization watch re-indexes, so the "good standing"
filter follows at once. Documents indexed before the facet existed lack it until
``flask search reindex``.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import defaultdict
from decimal import Decimal

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, literal_column, select
from sqlalchemy.orm import object_session

from core import search as core_search
from core.extensions import db
from core.organizations import standing
from core.organizations.models import Organization
from i18n import current_lang
from marketplace.catalog.models import Category, Product
from marketplace.expo.models import Booth, ExhibitorProfile
from marketplace.public.categories import category_tree
from marketplace.public.reads import tiers
from marketplace.public.urls import booth_path, product_path
from marketplace.public.visibility import (
    ORGANIZATIONS as _O,
    PRODUCTS as _P,
    PROFILES as _EP,
    REQUESTS as _R,
    RESPONSE_STATS as _RS,
    public_exhibitors,
    public_products,
    public_requests,
)
from marketplace.sourcing import metrics
from marketplace.sourcing.models import BuyerRequest, ResponseStats
from search import Document, DocumentType, Facet, TextField

_B = Booth.__table__
# Prices in other currencies are compared in US dollars at these rates (the price filter).
USD_PER = {"USD": Decimal(1), "CNY": Decimal("0.14"), "EUR": Decimal("1.08"), "GBP": Decimal("1.27")}
# Certifications a buyer filters by; a product's free text is read for these names.
CERTIFICATIONS = (
    "CE", "ISO9001", "ISO14001", "ISO45001", "RoHS", "REACH", "FCC", "UL", "ETL", "CB", "GS", "SAA", "KC",
    "PSE", "CCC", "FDA", "BSCI", "SGS", "HACCP", "Halal", "Kosher", "Organic", "OEKO-TEX", "GOTS", "FSC",
    "BRC", "GMP", "IATF16949", "EMC", "LVD", "CQC", "TUV", "Energy Star",
)  # fmt: skip
_CERT_PATTERN = re.compile(
    r"(?<![A-Za-z0-9])(" + "|".join(re.escape(c).replace(r"\ ", r"\s*") for c in CERTIFICATIONS) + r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_CERT_BY_FOLDED = {re.sub(r"[\s-]", "", c).casefold(): c for c in CERTIFICATIONS}

PRODUCT_FACETS = (
    Facet("category", "keyword"),
    Facet("hall", "tags"),
    Facet("district", "keyword"),
    Facet("tier", "keyword"),
    Facet("verified", "flag"),
    Facet("credit", "keyword"),
    Facet("certification", "tags"),
    Facet("price", "number"),
    Facet("moq", "number"),
)
EXHIBITOR_FACETS = (
    Facet("category", "keyword"),
    Facet("hall", "tags"),
    Facet("district", "keyword"),
    Facet("tier", "keyword"),
    Facet("verified", "flag"),
    Facet("credit", "keyword"),
    Facet("certification", "tags"),
)


def certifications_in(text: str | None) -> list[str]:
    """The listed certifications a free text names ("CE, ISO 9001 认证" → CE, ISO9001)."""
    found = []
    for match in _CERT_PATTERN.finditer(re.sub(r"ISO\s+(\d)", r"ISO\1", text or "", flags=re.IGNORECASE)):
        name = _CERT_BY_FOLDED.get(re.sub(r"[\s-]", "", match.group(1)).casefold())
        if name:
            found.append(name)
    return list(dict.fromkeys(found))


class _Memo(dict):
    """``function``'s answers for the arguments one batch repeats."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __call__(self, argument):
        try:
            return self[argument]
        except KeyError:
            found = self[argument] = self.function(argument)
            return found


_TAG = re.compile(r"<[^>]*>")


def _text(html: str | None) -> str:
    """A description's words without its markup (tags are not words a buyer searches)."""
    return html_lib.unescape(_TAG.sub(" ", html)) if html and "<" in html else html or ""


def _epoch(value) -> float:
    return value.timestamp() if value else 0.0


def _join(*parts) -> str:
    return "\n".join(filter(None, parts))


def _category_names(category_id: int | None) -> str:
    """The category and its parent, in both languages (the top level is a facet, not words:
    "Machinery" in every machine's names would cost a million products' postings)."""
    chain = category_tree().chain(category_id)[-2:]
    return _join(*(name for node in chain for name in (node.name_zh, node.name_en)))


def _halls(organization_ids) -> dict[int, list[str]]:
    rows = db.session.execute(
        select(_B.c.organization_id, _B.c.hall_id).where(
            _B.c.organization_id.in_(list(organization_ids)),
            _B.c.status == literal_column("'approved'"),
            _B.c.hall_id.is_not(None),
        )
    )
    halls: dict[int, list[str]] = defaultdict(list)
    for organization_id, hall_id in rows:
        halls[organization_id].append(str(hall_id))
    return halls


def _responsive(organization_ids) -> set[int]:
    """Those of ``organization_ids`` whose exhibitors answer buyers in time (one query a batch)."""
    ids = list(organization_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(select(_RS.c.organization_id).where(_RS.c.organization_id.in_(ids), _RS.c.responsive))
    )


NO_CREDIT_RECORD = "none"  # the ``credit`` facet's value for an organization the bureau has no record of


def _credit(status: str | None) -> str:
    """The ``credit`` facet's value: the organization's standing (``core.organizations.standing``),
    or "none" without a credit record."""
    return status if status in standing.STANDINGS else NO_CREDIT_RECORD


def _tier_rank(code: str | None) -> int:
    found = tiers().get(code or "free")
    return min(int(found[2]), 2) if found else 0


# -- products -----------------------------------------------------------------------------

_PRODUCT_COLUMNS = (
    _P.c.id, _P.c.title_zh, _P.c.title_en, _P.c.keywords_zh, _P.c.keywords_en, _P.c.description_zh,
    _P.c.description_en, _P.c.specs, _P.c.hs_code, _P.c.certifications, _P.c.category_id, _P.c.price_min,
    _P.c.currency, _P.c.moq, _P.c.published_at, _P.c.updated_at, _P.c.organization_id, _O.c.name_zh,
    _O.c.name_en, _O.c.district, _O.c.credit_status,
)  # fmt: skip


def load_products(keys: list[str]) -> list[Document]:
    ids = [int(k) for k in keys if k.isdigit()]
    if not ids:
        return []
    rows = db.session.execute(public_products(*_PRODUCT_COLUMNS).where(_P.c.id.in_(ids))).all()
    organizations = {row.organization_id for row in rows}
    tier_of = dict(
        db.session.execute(
            select(_EP.c.organization_id, _EP.c.tier_code).where(_EP.c.organization_id.in_(organizations))
        ).all()
    )
    halls = _halls(organizations)
    responsive = _responsive(organizations)
    # What many rows share is worked out once per batch: category paths, tiers, certifications.
    category_names = _Memo(_category_names)
    tier_rank = _Memo(_tier_rank)
    certifications = _Memo(certifications_in)
    documents = []
    for row in rows:
        specs = " ".join(
            f"{s.get('name_zh') or ''} {s.get('name_en') or ''} {s.get('value') or ''}" for s in row.specs or ()
        )
        price = None
        if row.price_min is not None and row.currency in USD_PER:
            price = float(row.price_min * USD_PER[row.currency])
        tier = tier_of.get(row.organization_id) or "free"
        documents.append(
            Document(
                "product",
                str(row.id),
                {
                    "title_zh": row.title_zh or "",
                    "title_en": row.title_en or "",
                    "names": _join(category_names(row.category_id), row.keywords_zh, row.keywords_en),
                    "supplier": _join(row.name_zh, row.name_en),  # the same for all its products: analyzed once
                    "body": _join(
                        _text(row.description_zh), _text(row.description_en), specs, row.hs_code, row.certifications
                    ),
                },
                {
                    "category": str(row.category_id) if row.category_id else None,
                    "hall": halls.get(row.organization_id, []),
                    "district": row.district,
                    "tier": tier,
                    "verified": True,  # public products are all of verified organizations
                    "credit": _credit(row.credit_status),
                    "certification": certifications(row.certifications),
                    "price": price,
                    "moq": row.moq,
                },
                verified=True,
                tier=tier_rank(tier),
                responsive=row.organization_id in responsive,
                updated=_epoch(row.published_at or row.updated_at),
                price=price,
            )
        )
    return documents


def _keys_in_batches(public_ids, id_column, size: int):
    """Every key of ``public_ids`` (a select of one id column), ``size`` at a time, in id order
    (keyset pagination: each batch one indexed range read, however far the rebuild is)."""
    last = 0
    while True:
        ids = db.session.scalars(public_ids.where(id_column > last).order_by(id_column).limit(size)).all()
        if not ids:
            return
        yield [str(i) for i in ids]
        last = ids[-1]
        db.session.expunge_all()


def product_batches(size: int = 2000):
    return _keys_in_batches(public_products(_P.c.id), _P.c.id, size)


def count_products() -> int:
    from marketplace.public.reads import count_public_products

    return count_public_products()


PRODUCT = DocumentType(
    "product",
    _l("Products"),
    (
        TextField("title_zh", 10, pinyin=True, suggest="words"),
        TextField("title_en", 10, suggest="words"),
        TextField("names", 6, pinyin=True),
        TextField("supplier", 6, pinyin=True),
        TextField("body", 3, characters=False),
    ),
    PRODUCT_FACETS,
    load=load_products,
    batches=product_batches,
    count=count_products,
)


# -- exhibitors ---------------------------------------------------------------------------

_EXHIBITOR_COLUMNS = (
    _EP.c.organization_id, _O.c.name_zh, _O.c.name_en, _O.c.district, _EP.c.main_products_zh, _EP.c.main_products_en,
    _EP.c.about_zh, _EP.c.about_en, _EP.c.main_markets_zh, _EP.c.main_markets_en, _EP.c.certifications,
    _EP.c.tier_code, _EP.c.main_category_id, _EP.c.updated_at, _O.c.verified_at, _O.c.credit_status,
)  # fmt: skip


def load_exhibitors(keys: list[str]) -> list[Document]:
    ids = [int(k) for k in keys if k.isdigit()]
    if not ids:
        return []
    rows = db.session.execute(public_exhibitors(*_EXHIBITOR_COLUMNS).where(_EP.c.organization_id.in_(ids))).all()
    halls = _halls(ids)
    responsive = _responsive(ids)
    return [
        Document(
            "exhibitor",
            str(row.organization_id),
            {
                "name_zh": row.name_zh or "",
                "name_en": row.name_en or "",
                "names": _join(row.main_products_zh, row.main_products_en, _category_names(row.main_category_id)),
                "body": _join(row.about_zh, row.about_en, row.main_markets_zh, row.main_markets_en, row.certifications),
            },
            {
                "category": str(row.main_category_id) if row.main_category_id else None,
                "hall": halls.get(row.organization_id, []),
                "district": row.district,
                "tier": row.tier_code or "free",
                "verified": True,
                "credit": _credit(row.credit_status),
                "certification": certifications_in(row.certifications),
            },
            verified=True,
            tier=_tier_rank(row.tier_code),
            responsive=row.organization_id in responsive,
            updated=_epoch(max(filter(None, (row.updated_at, row.verified_at)), default=None)),
        )
        for row in rows
    ]


def exhibitor_batches(size: int = 2000):
    ids = db.session.scalars(public_exhibitors(_EP.c.organization_id).order_by(_EP.c.organization_id)).all()
    for start in range(0, len(ids), size):
        yield [str(i) for i in ids[start : start + size]]


def count_exhibitors() -> int:
    from marketplace.public.reads import count_public_exhibitors

    return count_public_exhibitors()


EXHIBITOR = DocumentType(
    "exhibitor",
    _l("Exhibitors"),
    (
        TextField("name_zh", 10, pinyin=True, suggest="whole"),
        TextField("name_en", 10, suggest="whole"),
        TextField("names", 6, pinyin=True),
        TextField("body", 3, characters=False),
    ),
    EXHIBITOR_FACETS,
    load=load_exhibitors,
    batches=exhibitor_batches,
    count=count_exhibitors,
)


# -- buyer requests -----------------------------------------------------------------------

_REQUEST_COLUMNS = (
    _R.c.id, _R.c.title, _R.c.details, _R.c.certifications, _R.c.category_id, _R.c.country, _R.c.target_price,
    _R.c.currency, _R.c.published_at,
)  # fmt: skip


def load_requests(keys: list[str]) -> list[Document]:
    from i18n.regions import country_name

    ids = [int(k) for k in keys if k.isdigit()]
    if not ids:
        return []
    rows = db.session.execute(public_requests(*_REQUEST_COLUMNS).where(_R.c.id.in_(ids))).all()
    category_names = _Memo(_category_names)
    documents = []
    for row in rows:
        price = None
        if row.target_price is not None and row.currency in USD_PER:
            price = float(row.target_price * USD_PER[row.currency])
        documents.append(
            Document(
                "rfq",
                str(row.id),
                {
                    "title": row.title or "",
                    "names": _join(
                        category_names(row.category_id),
                        country_name(row.country, "zh"),
                        country_name(row.country, "en"),
                    ),
                    "body": _join(row.details, row.certifications),
                },
                {
                    "category": str(row.category_id) if row.category_id else None,
                    "country": row.country,
                    "certification": certifications_in(row.certifications),
                },
                updated=_epoch(row.published_at),
                price=price,
            )
        )
    return documents


def request_batches(size: int = 2000):
    return _keys_in_batches(public_requests(_R.c.id), _R.c.id, size)


def count_requests() -> int:
    from sqlalchemy import func

    return db.session.scalar(select(func.count()).select_from(public_requests(_R.c.id).subquery())) or 0


REQUEST = DocumentType(
    "rfq",
    _l("Buyer requests"),
    (
        TextField("title", 10, pinyin=True, suggest="words"),
        TextField("names", 6, pinyin=True),
        TextField("body", 3, characters=False),
    ),
    (Facet("category", "keyword"), Facet("country", "keyword"), Facet("certification", "tags")),
    load=load_requests,
    batches=request_batches,
    count=count_requests,
)


# -- what touches them --------------------------------------------------------------------


def _organization_documents(keys: list[str]):
    ids = [int(k) for k in keys]
    for organization_id in ids:
        yield "exhibitor", organization_id
    last = 0
    while True:  # every product, public or not: load() says which stay
        found = db.session.scalars(
            select(_P.c.id).where(_P.c.organization_id.in_(ids), _P.c.id > last).order_by(_P.c.id).limit(5000)
        ).all()
        if not found:
            return
        for product_id in found:
            yield "product", product_id
        last = found[-1]


def _category_documents(keys: list[str]):
    tree = category_tree()
    ids = sorted({d for k in keys if k.isdigit() for d in tree.descendants(int(k))})
    yield from (
        ("exhibitor", i)
        for i in db.session.scalars(select(_EP.c.organization_id).where(_EP.c.main_category_id.in_(ids)))
    )
    yield from (("product", i) for i in db.session.scalars(select(_P.c.id).where(_P.c.category_id.in_(ids))))
    yield from (("rfq", i) for i in db.session.scalars(select(_R.c.id).where(_R.c.category_id.in_(ids))))


def _responsiveness_changed(stats: ResponseStats):
    """The organization, when this flush changes whether it is responsive; nothing when only
    its figures change (the daily refresh rewrites them often, and ranking reads the flag alone).

    Read from the attribute's history, which the outbox's ``after_flush`` still sees: a new row
    counts as having been unresponsive, a deleted one as becoming so; when the old value was
    not loaded (so unknown), the documents are re-indexed to be safe."""
    state = inspect(stats)
    history = state.attrs.responsive.history
    session = object_session(stats)
    if session is not None and stats in session.deleted:
        before, after = next(iter((*history.unchanged, *history.deleted)), None), False
    elif session is not None and stats in session.new:
        before, after = False, next(iter(history.added), False)
    elif history.added:
        before, after = next(iter(history.deleted), None), history.added[0]
    else:
        return []
    if before is not None and bool(before) == bool(after):
        return []
    organization_id = state.identity[0] if state.identity else stats.organization_id
    return [("organization", organization_id)]


WATCHES = (
    core_search.Watch(Product, lambda p: [("product", p.id)]),
    core_search.Watch(Organization, lambda o: [("organization", o.id)]),
    core_search.Watch(ExhibitorProfile, lambda p: [("organization", p.organization_id)]),
    core_search.Watch(Booth, lambda b: [("organization", b.organization_id)]),
    core_search.Watch(Category, lambda c: [("category", c.id)]),
    core_search.Watch(BuyerRequest, lambda r: [("rfq", r.id)]),
    core_search.Watch(ResponseStats, _responsiveness_changed),
)
EXPANSIONS = (
    core_search.Expansion("organization", _organization_documents),
    core_search.Expansion("category", _category_documents),
)


def init_app(app) -> None:
    core_search.register(app, PRODUCT, WATCHES, EXPANSIONS)
    core_search.explain(app, responsive_rate=metrics.RESPONSIVE_RATE, responsive_inquiries=metrics.MIN_COUNTED)
    core_search.register(app, EXHIBITOR)
    core_search.register(app, REQUEST)
    core_search.present(app, PRODUCT_PAGE)
    core_search.present(app, EXHIBITOR_PAGE)
    core_search.present(app, REQUEST_PAGE)


# -- how the results page shows them ------------------------------------------------------


def _product_cards(keys: list[str]) -> dict:
    from marketplace.public.reads import product_cards

    return {str(card.id): card for card in product_cards([int(k) for k in keys if k.isdigit()])}


def _exhibitor_cards(keys: list[str]) -> dict:
    from marketplace.public.reads import exhibitor_cards

    return {str(card.organization_id): card for card in exhibitor_cards([int(k) for k in keys if k.isdigit()])}


def _category_options(counts: dict, selected: list) -> list:
    """The category tree with counts summed upwards: the top level, and below each chosen
    category (or an ancestor of one) its children."""
    from i18n import current_lang

    tree = category_tree()
    lang = current_lang()
    totals: dict[int, int] = defaultdict(int)
    for value, count in counts.items():
        if value.isdigit():
            for node in tree.chain(int(value)):
                totals[node.id] += count
    chosen = {int(v) for v in selected if v.isdigit()}
    open_ = {node.id for c in chosen for node in tree.chain(c)}
    out = []

    def walk(parent, depth):
        for node in tree.children(parent):
            if totals.get(node.id) or node.id in chosen:
                out.append(
                    core_search.Option(
                        str(node.id),
                        str(node.localized("name", lang)),
                        totals.get(node.id, 0),
                        node.id in chosen,
                        depth,
                    )
                )
                if node.id in open_:
                    walk(node.id, depth + 1)

    walk(None, 0)
    return out


def _expand_categories(values: list) -> list:
    tree = category_tree()
    return [str(i) for v in values if v.isdigit() for i in tree.descendants(int(v))]


def _hall_options(counts: dict, selected: list) -> list:
    from i18n import current_lang
    from marketplace.public.reads import exhibitions

    lang = current_lang()
    names = {}
    for exhibition in exhibitions():
        for hall in exhibition.halls:
            names[str(hall.id)] = f"{hall.localized('name', lang)} · {exhibition.localized('name', lang)}"
    keys = sorted(set(counts) | set(selected), key=lambda v: -counts.get(v, 0))
    return [core_search.Option(v, names.get(v, v), counts.get(v, 0), v in selected) for v in keys if v in names]


def _district_options(counts: dict, selected: list) -> list:
    from core.organizations.choices import DISTRICTS

    keys = sorted(set(counts) | set(selected), key=lambda v: -counts.get(v, 0))
    return [core_search.Option(v, str(DISTRICTS[v]), counts.get(v, 0), v in selected) for v in keys if v in DISTRICTS]


def _tier_options(counts: dict, selected: list) -> list:
    from i18n import current_lang

    lang = current_lang()
    return [
        core_search.Option(code, name_zh if lang == "zh" else name_en, counts.get(code, 0), code in selected)
        for code, (name_zh, name_en, _rank) in tiers().items()
        if counts.get(code) or code in selected
    ]


def _credit_options(counts: dict, selected: list) -> list:
    """The standings best first, then "No credit record"; those found or chosen."""
    labels = {**standing.STANDINGS, NO_CREDIT_RECORD: _l("No credit record")}
    return [
        core_search.Option(value, str(labels[value]), counts.get(value, 0), value in selected)
        for value in (*standing.ORDER, NO_CREDIT_RECORD)
        if counts.get(value) or value in selected
    ]


def _request_cards(keys: list[str]) -> dict:
    from marketplace.sourcing.reads import request_cards

    return {str(card.id): card for card in request_cards([int(k) for k in keys if k.isdigit()])}


def _country_options(counts: dict, selected: list) -> list:
    from i18n.regions import country_name

    lang = current_lang()
    keys = sorted(set(counts) | set(selected), key=lambda v: (-counts.get(v, 0), v))
    return [core_search.Option(v, country_name(v, lang), counts.get(v, 0), v in selected) for v in keys]


def _certification_options(counts: dict, selected: list) -> list:
    keys = sorted(set(counts) | set(selected), key=lambda v: (-counts.get(v, 0), v))
    return [core_search.Option(v, v, counts.get(v, 0), v in selected) for v in keys if v in CERTIFICATIONS]


COMMON_FACETS = (
    core_search.FacetView("category", _l("Category"), "keyword", _category_options, _expand_categories),
    core_search.FacetView("hall", _l("Expo hall"), "tags", _hall_options),
    core_search.FacetView("district", _l("District"), "keyword", _district_options),
    core_search.FacetView("tier", _l("Member tier"), "keyword", _tier_options),
    core_search.FacetView("verified", _l("Verified by the bureau"), "flag"),
    core_search.FacetView("credit", _l("Supplier's credit standing"), "keyword", _credit_options),
    core_search.FacetView("certification", _l("Certification"), "tags", _certification_options),
)
PRODUCT_PAGE = core_search.Presentation(
    "product",
    _l("Products"),
    "catalog/_search_hit.html",
    _product_cards,
    url=lambda card: product_path(card.id, card.slug),
    title=lambda card: str(card.localized("title", current_lang())),
    facets=(
        *COMMON_FACETS,
        core_search.FacetView("price", _l("Lowest price (US$)"), "number"),
        core_search.FacetView("moq", _l("Minimum order"), "number"),
    ),
)
EXHIBITOR_PAGE = core_search.Presentation(
    "exhibitor",
    _l("Exhibitors"),
    "expo/_search_hit.html",
    _exhibitor_cards,
    url=lambda card: booth_path(card.slug),
    title=lambda card: str(card.organization.localized("name", current_lang())),
    facets=COMMON_FACETS,
)
REQUEST_PAGE = core_search.Presentation(
    "rfq",
    _l("Buyer requests"),
    "sourcing/_search_hit.html",
    _request_cards,
    url=lambda card: url_for("sourcing.detail", request_id=card.id),
    title=lambda card: card.title,
    facets=(
        COMMON_FACETS[0],
        core_search.FacetView("country", _l("Destination"), "keyword", _country_options),
        COMMON_FACETS[-1],
    ),
)
