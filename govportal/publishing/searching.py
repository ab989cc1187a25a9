"""The portal's publications in the search library: one document type, ``publication``, read
through the public read path (reads.py: only listed items; a key it leaves out leaves the
index), filtered by kind, unit, district, industry, validity and day of publication.

Fields and points: the titles (in every language) 10; document number, issuing authority,
unit and the item of a guide or announcement 6; summary and text 3.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from core import search as core_search
from core.text import plain_excerpt
from govportal.publishing import reads
from govportal.publishing.kinds import KINDS
from govportal.publishing.models import Publication, PublicationLink
from search import Document, DocumentType, Facet, TextField

FACETS = (
    Facet("gov_kind", "keyword"),
    Facet("gov_unit", "keyword"),
    Facet("gov_district", "tags"),
    Facet("gov_industry", "tags"),
    Facet("gov_validity", "keyword"),
    Facet("gov_day", "number"),
)


def _join(*parts) -> str:
    return " ".join(p for p in parts if p)


def load(keys: list[str]) -> list[Document]:
    ids = [int(k) for k in keys if k.isdigit()]
    documents = []
    for row in reads.documents_rows(ids) if ids else []:
        (
            pid,
            kind,
            title_zh,
            title_en,
            summary_zh,
            summary_en,
            body_zh,
            body_en,
            details,
            doc_number,
            industries,
            districts,
            validity,
            published_at,
            updated_at,
            _unit_id,
            unit_slug,
            unit_zh,
            unit_en,
            unit_district,
            texts,
        ) = row
        details = details or {}
        extra = texts or {}
        district_codes = [c for c in (districts or "").split(",") if c]
        if unit_district and unit_district not in district_codes:
            district_codes.append(unit_district)
        published = reads._epoch(published_at)
        documents.append(
            Document(
                "publication",
                str(pid),
                {
                    "title": _join(title_zh, title_en, *(t.get("title") for t in extra.values())),
                    "names": _join(
                        doc_number,
                        details.get("issuer_zh"),
                        details.get("issuer_en"),
                        unit_zh,
                        unit_en,
                        details.get("item_zh"),
                        details.get("item_en"),
                        details.get("applicant_name_zh"),
                        details.get("applicant_name_en"),
                        details.get("applicant_uscc"),
                    ),
                    "body": _join(
                        summary_zh, summary_en, plain_excerpt(body_zh, 20_000), plain_excerpt(body_en, 20_000)
                    ),
                },
                {
                    "gov_kind": kind,
                    "gov_unit": unit_slug,
                    "gov_district": district_codes[:6],
                    "gov_industry": [c for c in (industries or "").split(",") if c][:6],
                    "gov_validity": validity,
                    "gov_day": float(published // 86400),
                },
                verified=True,
                updated=reads._epoch(updated_at) or published,
            )
        )
    return documents


def batches(size: int = 2000):
    last = 0
    while True:
        found = reads.listed_ids_after(last, size)
        if not found:
            return
        yield [str(i) for i in found]
        last = found[-1]


PUBLICATION = DocumentType(
    "publication",
    _l("Government information"),
    (
        TextField("title", 10, pinyin=True, suggest="words"),
        TextField("names", 6),
        TextField("body", 3, characters=False),
    ),
    FACETS,
    load=load,
    batches=batches,
    count=lambda: reads.count(),
)


def _cards(keys: list[str]) -> dict:
    found = reads.cards([int(k) for k in keys if k.isdigit()])
    return {str(k): v for k, v in found.items()}


PAGE = core_search.Presentation(
    "publication",
    _l("Government information"),
    "publishing/_search_hit.html",
    _cards,
    url=lambda card: url_for("publishing.item", path=KINDS[card.kind].path, item_id=card.id),
    title=lambda card: card.title_zh or card.title_en or "",
)


def _linked(link: PublicationLink):
    return [("publication", link.source_id), ("publication", link.target_id)]


WATCHES = (
    core_search.Watch(Publication, lambda p: [("publication", p.id)]),
    core_search.Watch(PublicationLink, _linked),
)


def init_app(app) -> None:
    core_search.register(app, PUBLICATION, WATCHES)
    core_search.present(app, PAGE)
