"""The public read path of the portal's publications: the one place that says what is public.

* In lists, feeds, search, the sitemap and the API: ``status = published`` (``LISTED``).
* A page answers for published, withdrawn (with its reason) and unpublished (explaining, or
  redirecting to the replacement) items (``ANSWERS``).

Pages read frozen read models through prebuilt statements (core.reads); the page's cache key
is the read model itself, so an amendment is a new key with nothing to invalidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ARRAY, Integer, and_, any_, bindparam, exists, func, literal, or_, select

from core import cache, reads
from core.attachments import Attachment, public_files_exist
from core.units import Unit
from govportal.publishing.models import Publication, PublicationLink, PublicationVersion
from i18n.content import Localizable

_P = Publication.__table__
_U = Unit.__table__
_L = PublicationLink.__table__
_V = PublicationVersion.__table__
LISTED = _P.c.status == "published"
# Equalities, not IN: core.reads runs statements as compiled (no expanding lists).
ANSWERS = or_(_P.c.status == "published", _P.c.status == "withdrawn", _P.c.status == "unpublished")
FILES = "publication"
_ = Attachment  # the EXISTS column below reads its table


def _epoch(when: datetime | None) -> float:
    if when is None:
        return 0.0
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True)
class Card(Localizable):
    """A publication in a list, a feed or a search result."""

    id: int
    kind: str
    slug: str
    title_zh: str | None
    title_en: str | None
    summary_zh: str | None
    summary_en: str | None
    original_language: str
    unit_id: int
    unit_zh: str | None
    unit_en: str | None
    published_at: datetime | None
    updated_at: datetime | None
    doc_number: str | None
    validity: str | None
    deadline: date | None
    version: int

    def unit_name(self, lang: str) -> str:
        return (self.unit_en if lang == "en" else self.unit_zh) or self.unit_zh or ""


_CARD_COLUMNS = (
    _P.c.id,
    _P.c.kind,
    _P.c.slug,
    _P.c.title_zh,
    _P.c.title_en,
    _P.c.summary_zh,
    _P.c.summary_en,
    _P.c.original_language,
    _P.c.unit_id,
    _U.c.name_zh,
    _U.c.name_en,
    _P.c.published_at,
    _P.c.updated_at,
    _P.c.doc_number,
    _P.c.validity,
    _P.c.deadline,
    _P.c.version,
)
_FROM = _P.join(_U, _U.c.id == _P.c.unit_id)


def _card(row) -> Card:
    return Card(*row)


_CARDS_BY_ID = (
    select(*_CARD_COLUMNS).select_from(_FROM).where(LISTED, _P.c.id == any_(bindparam("ids", type_=ARRAY(Integer))))
)
_CARDS_BY_ID_SQLITE = (
    select(*_CARD_COLUMNS).select_from(_FROM).where(LISTED, _P.c.id.in_(bindparam("ids", expanding=True)))
)


def cards(ids: list[int]) -> dict[int, Card]:
    """Listed publications by id (what search hits are shown as)."""
    if not ids:
        return {}
    from core.extensions import db

    statement = _CARDS_BY_ID if db.engine.dialect.name == "postgresql" else _CARDS_BY_ID_SQLITE
    return {row[0]: _card(row) for row in reads.rows(statement, {"ids": list(ids)})}


def latest(kinds: tuple[str, ...] = (), unit_ids: tuple[int, ...] = (), limit: int = 20, offset: int = 0) -> list[Card]:
    """The newest listed publications, of some kinds and units (none: all)."""
    query = select(*_CARD_COLUMNS).select_from(_FROM).where(LISTED)
    if kinds:
        query = query.where(_P.c.kind.in_(kinds))
    if unit_ids:
        query = query.where(_P.c.unit_id.in_(unit_ids))
    query = query.order_by(_P.c.published_at.desc(), _P.c.id.desc()).limit(limit).offset(offset)
    from core.extensions import db

    return [_card(row) for row in db.session.execute(query)]


# The site's home page lists the newest few: kept a minute (and forgotten when this process
# publishes), as the home page's other sections are.
NEWEST = cache.region("portal_newest", max_entries=8, ttl=60, depends_on=("publication",))


def newest(limit: int) -> tuple[Card, ...]:
    return NEWEST.get_or_set(limit, lambda: tuple(latest(limit=limit)))


def count(kinds: tuple[str, ...] = (), unit_ids: tuple[int, ...] = ()) -> int:
    from core.extensions import db

    query = select(func.count()).select_from(_P).where(LISTED)
    if kinds:
        query = query.where(_P.c.kind.in_(kinds))
    if unit_ids:
        query = query.where(_P.c.unit_id.in_(unit_ids))
    return db.session.scalar(query) or 0


def due(today: date, limit: int = 8) -> list[Card]:
    """Listed notices whose deadline has not passed, soonest first."""
    from core.extensions import db

    query = (
        select(*_CARD_COLUMNS)
        .select_from(_FROM)
        .where(LISTED, _P.c.kind == "notice", _P.c.deadline >= today)
        .order_by(_P.c.deadline, _P.c.id)
        .limit(limit)
    )
    return [_card(row) for row in db.session.execute(query)]


def targeting(industry: str | None, district: str | None, since: datetime, limit: int = 5) -> list[Card]:
    """Listed notices and policies that name this industry or this district among their
    targets (what an exhibitor in them is shown), newest first."""
    from core.extensions import db

    wanted = []
    if industry:
        wanted.append(_P.c.industries.like(f"%,{industry},%"))
    if district:
        wanted.append(_P.c.districts.like(f"%,{district},%"))
    if not wanted:
        return []
    query = (
        select(*_CARD_COLUMNS)
        .select_from(_FROM)
        .where(LISTED, _P.c.kind.in_(("notice", "policy")), _P.c.published_at >= since, or_(*wanted))
        .order_by(_P.c.published_at.desc(), _P.c.id.desc())
        .limit(limit)
    )
    return [_card(row) for row in db.session.execute(query)]


# -- an item's page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Item(Localizable):
    """Everything an item's page shows but its links, history and files (read when it has any)."""

    id: int
    kind: str
    slug: str
    status: str
    title_zh: str | None
    title_en: str | None
    summary_zh: str | None
    summary_en: str | None
    body_zh: str | None
    body_en: str | None
    original_language: str
    texts: dict | None
    details: dict | None
    industries: str
    districts: str
    doc_number: str | None
    validity: str | None
    effective_on: date | None
    expires_on: date | None
    deadline: date | None
    version: int
    published_at: datetime | None
    updated_at: datetime | None
    withdrawn_at: datetime | None
    withdrawn_reason: str | None
    unpublished_note: str | None
    replaced_by_id: int | None
    unit_id: int
    unit_slug: str
    unit_zh: str | None
    unit_en: str | None
    has_files: bool
    has_links: bool

    def __hash__(self):  # dicts inside: hashed by what identifies this version of the page
        return hash((self.id, self.status, self.version, self.updated_at, self.validity))

    def unit_name(self, lang: str) -> str:
        return (self.unit_en if lang == "en" else self.unit_zh) or self.unit_zh or ""

    def detail(self, name: str, lang: str | None = None):
        values = self.details or {}
        if lang is None:
            return values.get(name)
        return values.get(f"{name}_{lang}") or values.get(f"{name}_zh")

    def targets(self, name: str) -> list[str]:
        return [code for code in (getattr(self, name) or "").split(",") if code]

    def text_in(self, lang: str) -> dict | None:
        """Title, summary and body in a further content language (a project's Japanese)."""
        return (self.texts or {}).get(lang)


_HAS_LINKS = exists().where(or_(_L.c.source_id == _P.c.id, _L.c.target_id == _P.c.id))
_ITEM = (
    select(
        _P.c.id,
        _P.c.kind,
        _P.c.slug,
        _P.c.status,
        _P.c.title_zh,
        _P.c.title_en,
        _P.c.summary_zh,
        _P.c.summary_en,
        _P.c.body_zh,
        _P.c.body_en,
        _P.c.original_language,
        _P.c.texts,
        _P.c.details,
        _P.c.industries,
        _P.c.districts,
        _P.c.doc_number,
        _P.c.validity,
        _P.c.effective_on,
        _P.c.expires_on,
        _P.c.deadline,
        _P.c.version,
        _P.c.published_at,
        _P.c.updated_at,
        _P.c.withdrawn_at,
        _P.c.withdrawn_reason,
        _P.c.unpublished_note,
        _P.c.replaced_by_id,
        _P.c.unit_id,
        _U.c.slug,
        _U.c.name_zh,
        _U.c.name_en,
        public_files_exist(FILES, _P.c.id).label("has_files"),
        _HAS_LINKS.label("has_links"),
    )
    .select_from(_FROM)
    .where(ANSWERS, _P.c.id == bindparam("id"))
)


def item(item_id: int) -> Item | None:
    row = reads.first(_ITEM, {"id": item_id})
    return Item(*row) if row else None


@dataclass(frozen=True)
class Link(Localizable):
    relation: str
    outgoing: bool  # this item amends/repeals/interprets the other
    id: int
    kind: str
    title_zh: str | None
    title_en: str | None
    original_language: str
    doc_number: str | None
    validity: str | None


def links(item_id: int) -> tuple[Link, ...]:
    from core.extensions import db

    out = []
    for outgoing, mine, other in ((True, _L.c.source_id, _L.c.target_id), (False, _L.c.target_id, _L.c.source_id)):
        query = (
            select(
                _L.c.relation,
                literal(outgoing),
                _P.c.id,
                _P.c.kind,
                _P.c.title_zh,
                _P.c.title_en,
                _P.c.original_language,
                _P.c.doc_number,
                _P.c.validity,
            )
            .select_from(_L.join(_P, _P.c.id == other))
            .where(mine == item_id, ANSWERS if outgoing else LISTED)
            .order_by(_P.c.published_at, _P.c.id)
        )
        out.extend(Link(*row) for row in db.session.execute(query))
    return tuple(out)


@dataclass(frozen=True)
class Change:
    number: int
    note_zh: str | None
    note_en: str | None
    at: datetime

    def note(self, lang: str) -> str:
        return (self.note_en if lang == "en" else self.note_zh) or self.note_zh or self.note_en or ""


def history(item_id: int) -> tuple[Change, ...]:
    """The public history: first publication and major changes, newest first."""
    from core.extensions import db

    query = (
        select(_V.c.number, _V.c.note_zh, _V.c.note_en, _V.c.created_at)
        .where(_V.c.publication_id == item_id, _V.c.major.is_(True))
        .order_by(_V.c.number.desc())
    )
    return tuple(Change(*row) for row in db.session.execute(query))


# -- search and sitemap ----------------------------------------------------------------------


def listed_ids_after(last: int, size: int) -> list[int]:
    from core.extensions import db

    return list(db.session.scalars(select(_P.c.id).where(LISTED, _P.c.id > last).order_by(_P.c.id).limit(size)))


def sitemap_rows(offset: int, limit: int):
    from core.extensions import db

    return db.session.execute(
        select(_P.c.id, _P.c.kind, _P.c.updated_at).where(LISTED).order_by(_P.c.id).offset(offset).limit(limit)
    ).all()


def documents_rows(ids: list[int]):
    """The rows search documents are built from (listed only: others leave the index)."""
    from core.extensions import db

    return db.session.execute(
        select(
            _P.c.id,
            _P.c.kind,
            _P.c.title_zh,
            _P.c.title_en,
            _P.c.summary_zh,
            _P.c.summary_en,
            _P.c.body_zh,
            _P.c.body_en,
            _P.c.details,
            _P.c.doc_number,
            _P.c.industries,
            _P.c.districts,
            _P.c.validity,
            _P.c.published_at,
            _P.c.updated_at,
            _P.c.unit_id,
            _U.c.slug,
            _U.c.name_zh,
            _U.c.name_en,
            _U.c.district,
            _P.c.texts,
        )
        .select_from(_FROM)
        .where(LISTED, _P.c.id.in_(ids))
    ).all()


def and_listed(*clauses):
    return and_(LISTED, *clauses)
