"""Credit records in the search library: one document type, ``enterprise``, for the lookup by
name (Chinese characters and pairs, pinyin, former names) and by legal representative.
A code is looked up exactly in the database (views.lookup), not here.

Fields and points: the names 10 (with pinyin), former names 6 (with pinyin), the legal
representative and the code 4. Facets: status, district, industry.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core import search as core_search
from govportal.credit import reads
from govportal.credit.models import CreditEnterprise
from search import Document, DocumentType, Facet, TextField

FACETS = (Facet("credit_status", "keyword"), Facet("credit_district", "keyword"), Facet("credit_industry", "keyword"))


def load(keys: list[str]) -> list[Document]:
    ids = [int(k) for k in keys if k.isdigit()]
    documents = []
    for card in (reads.Card(*row) for row in (reads.document_rows(ids) if ids else ())):
        documents.append(
            Document(
                "enterprise",
                str(card.id),
                {
                    "name": " ".join(n for n in (card.name_zh, card.name_en) if n),
                    "former": " ".join(card.former_name_list),
                    "people": " ".join(n for n in (card.legal_rep, card.uscc) if n),
                },
                {
                    "credit_status": card.status,
                    "credit_district": card.district,
                    "credit_industry": card.industry,
                },
                verified=True,
            )
        )
    return documents


def batches(size: int = 5000):
    last = 0
    while True:
        found = reads.ids_after(last, size)
        if not found:
            return
        yield [str(i) for i in found]
        last = found[-1]


ENTERPRISE = DocumentType(
    "enterprise",
    _l("Enterprise credit records"),
    (
        TextField("name", 10, pinyin=True, suggest="whole"),
        TextField("former", 6, pinyin=True),
        TextField("people", 4, pinyin=True),
    ),
    FACETS,
    load=load,
    batches=batches,
    count=reads.count,
)

WATCHES = (core_search.Watch(CreditEnterprise, lambda e: [("enterprise", e.id)]),)


def init_app(app) -> None:
    core_search.register(app, ENTERPRISE, WATCHES)
