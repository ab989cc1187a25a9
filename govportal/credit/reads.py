"""The public read path of credit records: the one place that says what of a record is public.

Every record is public (the bureau publishes them all); of its facts, ``rules.is_public`` says
which are shown today (a minor penalty never, a penalty past its period or repaired no more,
a fact taken out as entered in error never). The record page, the lookup's cards, the PDF
report, the API and the search index read through here.

Pages read frozen read models through prebuilt statements (core.reads); the record page's cache
key is ``version(code)`` and the day, so a change or a new day is a new key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ARRAY, Integer, any_, bindparam, select

from core import reads
from govportal.credit import rules
from govportal.credit.models import CreditEnterprise, CreditFact
from i18n.content import Localizable

_E = CreditEnterprise.__table__
_F = CreditFact.__table__


@dataclass(frozen=True)
class Card(Localizable):
    """An enterprise in the lookup's results."""

    id: int
    uscc: str
    name_zh: str | None
    name_en: str | None
    original_language: str
    former_names: str | None
    legal_rep: str | None
    district: str | None
    industry: str | None
    status: str

    @property
    def former_name_list(self) -> list[str]:
        return [n for n in (self.former_names or "").split("|") if n]


_CARD_COLUMNS = (
    _E.c.id,
    _E.c.uscc,
    _E.c.name_zh,
    _E.c.name_en,
    _E.c.original_language,
    _E.c.former_names,
    _E.c.legal_rep,
    _E.c.district,
    _E.c.industry,
    _E.c.status,
)
_CARDS_BY_ID = select(*_CARD_COLUMNS).where(_E.c.id == any_(bindparam("ids", type_=ARRAY(Integer))))
_CARDS_BY_ID_SQLITE = select(*_CARD_COLUMNS).where(_E.c.id.in_(bindparam("ids", expanding=True)))


def cards(ids: list[int]) -> dict[int, Card]:
    if not ids:
        return {}
    from core.extensions import db

    statement = _CARDS_BY_ID if db.engine.dialect.name == "postgresql" else _CARDS_BY_ID_SQLITE
    return {row[0]: Card(*row) for row in reads.rows(statement, {"ids": list(ids)})}


_CARD_BY_USCC = select(*_CARD_COLUMNS).where(_E.c.uscc == bindparam("uscc"))


def card_by_uscc(code: str) -> Card | None:
    row = reads.first(_CARD_BY_USCC, {"uscc": code})
    return Card(*row) if row else None


@dataclass(frozen=True)
class Fact(Localizable):
    id: int
    kind: str
    grade: str | None
    title_zh: str | None
    title_en: str | None
    reference: str | None
    authority_zh: str | None
    authority_en: str | None
    decided_on: date | None
    valid_until: date | None
    year: int | None
    detail_zh: str | None
    detail_en: str | None
    outcome_zh: str | None
    outcome_en: str | None
    as_of: date
    source: str
    shown_until: date | None
    repairable_on: date | None
    ended_on: date | None
    ended_how: str | None
    ended_reason: str | None
    public_note: str | None
    deleted_at: datetime | None
    original_language: str = "zh"

    def active(self, today: date) -> bool:
        return rules.is_active(self, today)


_FACT_COLUMNS = tuple(getattr(_F.c, name) for name in list(Fact.__dataclass_fields__)[:-1])
_FACTS = (
    select(*_FACT_COLUMNS)
    .where(_F.c.enterprise_id == bindparam("enterprise_id"), _F.c.deleted_at.is_(None))
    .order_by(_F.c.decided_on.desc(), _F.c.id.desc())
)
_RECORD = select(
    *_CARD_COLUMNS,
    _E.c.registered_on,
    _E.c.address_zh,
    _E.c.address_en,
    _E.c.status_changed_at,
    _E.c.facts_changed_at,
).where(_E.c.uscc == bindparam("uscc"))


@dataclass(frozen=True)
class Record(Localizable):
    """A credit record as the public sees it on ``today``."""

    card: Card
    registered_on: date | None
    address_zh: str | None
    address_en: str | None
    status_changed_at: datetime | None
    facts_changed_at: datetime
    facts: tuple[Fact, ...]  # the public ones, newest first
    today: date

    @property
    def original_language(self) -> str:
        return self.card.original_language

    @property
    def name_zh(self):
        return self.card.name_zh

    @property
    def name_en(self):
        return self.card.name_en

    def of_kind(self, *kinds: str) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds]

    def current(self, kind: str) -> Fact | None:
        """The latest fact of an identity kind (registration, filing, customs)."""
        return next(iter(self.of_kind(kind)), None)

    def reasons(self) -> list[rules.Reason]:
        return rules.reasons(self.facts, self.today)

    def timeline(self) -> list[Fact]:
        return sorted(self.facts, key=lambda f: (f.decided_on or f.as_of, f.id), reverse=True)


_VERSION = select(_E.c.updated_at, _E.c.facts_changed_at).where(_E.c.uscc == bindparam("uscc"))


def version(code: str) -> tuple | None:
    """What changes whenever anything a record page shows changes (the enterprise's row is
    updated with each change of its facts: ``facts_changed_at``); None without a record. With
    the day (periods end by the calendar), the page's cache key: a visit to a cached page reads
    this one row and nothing else."""
    row = reads.first(_VERSION, {"uscc": code})
    return tuple(row) if row else None


def record(code: str, today: date) -> Record | None:
    row = reads.first(_RECORD, {"uscc": code})
    if row is None:
        return None
    card = Card(*row[: len(_CARD_COLUMNS)])
    facts = tuple(
        fact
        for fact in (Fact(*r) for r in reads.rows(_FACTS, {"enterprise_id": card.id}))
        if rules.is_public(fact, today)
    )
    return Record(card, *row[len(_CARD_COLUMNS) :], facts, today)


# -- for the search index ----------------------------------------------------------------------


def document_rows(ids: list[int]):
    from core.extensions import db

    return db.session.execute(select(*_CARD_COLUMNS).where(_E.c.id.in_(ids))).all()


def ids_after(last: int, size: int) -> list[int]:
    from core.extensions import db

    return db.session.scalars(select(_E.c.id).where(_E.c.id > last).order_by(_E.c.id).limit(size)).all()


def count() -> int:
    from sqlalchemy import func

    from core.extensions import db

    return db.session.scalar(select(func.count()).select_from(_E))


def sitemap_rows(offset: int, limit: int):
    from core.extensions import db

    return db.session.execute(
        select(_E.c.uscc, _E.c.facts_changed_at).order_by(_E.c.id).offset(offset).limit(limit)
    ).all()
