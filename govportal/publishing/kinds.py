"""The kinds of publication and the fields each adds to the shared ones.

A ``Detail`` is one field of a kind: stored in ``Publication.details`` (``name``, or
``name_zh`` and ``name_en`` when ``bilingual``), unless ``column`` says it is one of the
table's own columns (what lists sort and filter by). The staff form, the cleaning of what it
sent, the public page and the version snapshots are all built from these lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from core.organizations.choices import INDUSTRIES

# text: one line; plain: several lines of plain text; lines: a list, one item per line;
# html: rich text (sanitized); date: YYYY-MM-DD; days: a whole number of working days;
# number: a whole number; uscc: a unified social credit code; choice: one of ``choices``.
TYPES = ("text", "plain", "lines", "html", "date", "days", "number", "uscc", "choice")


@dataclass(frozen=True)
class Detail:
    name: str
    label: object
    type: str = "text"
    bilingual: bool = False
    required: bool = False
    choices: dict | None = None
    column: bool = False
    limit: int = 300
    hint: object = None


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # plural, for lists and the finder
    one: object  # singular, for a badge on a page
    path: str  # the public URL segment: /<lang>/gov/<path>/
    details: tuple[Detail, ...] = ()
    files: str = "documents"  # "documents" (downloads), "forms" (guides), "photos" (news)
    languages: tuple[str, ...] = ("zh", "en")  # content languages its page offers
    schema_type: str = "NewsArticle"  # JSON-LD
    subscribable: bool = False
    targeted: bool = False  # has target industries and districts


POLICY_TYPES = {"document": _l("Policy document"), "interpretation": _l("Interpretation")}
DECISIONS = {
    "approved": _l("Approved"),
    "approved_with_conditions": _l("Approved with conditions"),
    "refused": _l("Refused"),
}

KINDS: dict[str, Kind] = {
    "policy": Kind(
        "policy",
        _l("Policies and regulations"),
        _l("Policy"),
        "policies",
        (
            Detail(
                "policy_type",
                _l("Type"),
                "choice",
                choices=POLICY_TYPES,
                required=True,
                hint=_l("An interpretation (解读) explains a policy document."),
            ),
            Detail(
                "doc_number", _l("Document number"), column=True, limit=80, hint=_l("For example 甬商务〔2026〕12号")
            ),
            Detail("issuer", _l("Issuing authority"), bilingual=True, required=True, limit=200),
            Detail("dated_on", _l("Date of the document"), "date", required=True),
            Detail("effective_on", _l("In force from"), "date", column=True),
            Detail("expires_on", _l("In force until (optional)"), "date", column=True),
        ),
        schema_type="Legislation",
        subscribable=True,
        targeted=True,
    ),
    "announcement": Kind(
        "announcement",
        _l("Approval announcements"),
        _l("Approval announcement"),
        "announcements",
        (
            Detail("applicant_name", _l("Applicant"), bilingual=True, required=True, limit=200),
            Detail("applicant_uscc", _l("Applicant's unified social credit code"), "uscc", required=True),
            Detail("item", _l("Approval item"), bilingual=True, required=True, limit=200),
            Detail("decision", _l("Decision"), "choice", choices=DECISIONS, required=True),
            Detail("decided_on", _l("Date of the decision"), "date", required=True),
        ),
    ),
    "notice": Kind(
        "notice",
        _l("Notices"),
        _l("Notice"),
        "notices",
        (Detail("deadline", _l("Deadline (optional)"), "date", column=True),),
        subscribable=True,
        targeted=True,
    ),
    "guide": Kind(
        "guide",
        _l("Service guides"),
        _l("Service guide"),
        "guides",
        (
            Detail("item", _l("Service item"), bilingual=True, required=True, limit=200),
            Detail("legal_basis", _l("Legal basis"), "plain", bilingual=True, limit=2000),
            Detail("conditions", _l("Conditions"), "html", bilingual=True, limit=20000),
            Detail(
                "materials", _l("Materials to submit"), "lines", bilingual=True, limit=4000, hint=_l("One per line.")
            ),
            Detail("steps", _l("Steps"), "lines", bilingual=True, limit=4000, hint=_l("One per line.")),
            Detail("statutory_days", _l("Statutory time limit (working days)"), "days"),
            Detail("promised_days", _l("Promised time limit (working days)"), "days"),
            Detail("fees", _l("Fees"), bilingual=True, limit=300),
            Detail("where", _l("Where and how to apply"), "plain", bilingual=True, limit=1000),
            Detail("contact", _l("Contact"), bilingual=True, limit=300),
        ),
        files="forms",
        schema_type="GovernmentService",
    ),
    "project": Kind(
        "project",
        _l("Investment projects"),
        _l("Investment project"),
        "projects",
        (
            Detail("sector", _l("Sector"), "choice", choices=INDUSTRIES, required=True),
            Detail("location", _l("Location"), bilingual=True, required=True, limit=200),
            Detail("amount_wan", _l("Investment (10,000 yuan)"), "number"),
            Detail("contact", _l("Contact"), bilingual=True, limit=300),
        ),
        languages=("zh", "en", "ja", "ko"),
    ),
    "news": Kind("news", _l("News"), _l("News"), "news", files="photos"),
}
BY_PATH = {kind.path: kind for kind in KINDS.values()}
SUBSCRIBABLE = tuple(name for name, kind in KINDS.items() if kind.subscribable)
EXTRA_LANGUAGES = {"ja": "日本語", "ko": "한국어"}  # content languages beyond the site's own


def detail_keys(kind: Kind) -> list[str]:
    """The keys of ``details`` (and the columns) the kind's fields are stored under."""
    keys = []
    for detail in kind.details:
        keys.extend([f"{detail.name}_zh", f"{detail.name}_en"] if detail.bilingual else [detail.name])
    return keys
