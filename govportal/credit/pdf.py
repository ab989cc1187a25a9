"""The credit report as a PDF: ``render`` turns a public record (``reads.Record``) and what the
report was issued as (``Issued``) into the bytes of an A4 PDF, in the request's language.

Chinese stays text (copyable, searchable, read out by screen readers): fpdf2 embeds the subset
of a CJK TrueType font (config ``CREDIT_REPORT_FONT``, Debian's fonts-wqy-microhei) that the
report uses, with its ToUnicode map. The font has Latin letters too, so one face prints both
languages. A missing or unreadable font is ``FontMissing``, for the view to answer 503.

What the report says mirrors the record page (credit/record.html, credit/_fact.html): the
status with its reasons, the identity, then every public fact grouped by kind, with the repair
path of each entry that counts against the enterprise, and at the end the reference number
and the address where anyone can check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_babel import format_date, format_datetime, gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core.organizations import standing
from core.organizations.choices import DISTRICTS, INDUSTRIES
from govportal.credit import rules
from govportal.credit.models import ENDINGS, FACT_KINDS, INSPECTION_RESULTS, REGISTRATION, SEVERITIES, SOURCES
from govportal.credit.reads import Fact, Record

FONT = "report"
GREY = (85, 85, 85)  # 7:1 on white
NAVY = (16, 52, 96)
LINE = 5.5  # mm, for 10 pt text
LABEL_WIDTH = 52  # mm, the label column of the fields (a label wraps at most once)
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


class FontMissing(Exception):
    """The configured font cannot be read: no report can be printed until it is installed."""


@dataclass(frozen=True)
class Issued:
    """The report as issued (a CreditReport row) and where it can be checked."""

    reference: str
    issued_at: datetime
    verify_url: str
    issuer: str  # the bureau, as the portal names itself


class _Document(FPDF):
    def __init__(self, issued: Issued):
        super().__init__(format="A4")
        self.issued = issued

    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        # The page count is an alias that fpdf2 replaces once the last page is known.
        page = _("Page %(page)s of %(pages)s", page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(0, 5, f"{_('Reference number: %(ref)s', ref=self.issued.reference)}    {page}", align="C")


def _open(font: str | Path, issued: Issued, lang: str) -> _Document:
    if not Path(font).is_file():
        raise FontMissing(f"font file {font} does not exist")
    pdf = _Document(issued)
    try:
        pdf.add_font(FONT, fname=str(font), collection_font_number=0)
    except Exception as exc:  # fontTools raises its own errors for a file that is not a font
        raise FontMissing(f"font file {font} cannot be read: {exc}") from exc
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_lang("zh-CN" if lang == "zh" else lang)
    pdf.set_creator(issued.issuer)
    pdf.set_author(issued.issuer)
    pdf.set_creation_date(issued.issued_at)
    return pdf


def _plain(value) -> str:
    """Babel's dates and times use the narrow no-break space, which the font lacks."""
    return str(value).replace("\u202f", " ")


def _text(pdf: FPDF, text, size: float = 10, color=(0, 0, 0), height: float = LINE, **kwargs) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, height, _plain(text), align="L", **NEXT_LINE, **kwargs)


def _heading(pdf: FPDF, text, level: int) -> None:
    """A heading, and its entry in the PDF's outline (bookmarks)."""
    size = (16, 13, 11.5)[level]
    if pdf.will_page_break(size * 1.6):  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(3 if level else 5)
    pdf.start_section(str(text), level=level)
    _text(pdf, text, size=size, height=size * 0.55, color=NAVY if level else (0, 0, 0))
    pdf.ln(1)


def _fields(pdf: FPDF, rows: list[tuple[object, object]]) -> None:
    """Label and value pairs in two columns; a long value (a fact's text can be 5,000
    characters) runs on over the next pages in its column."""
    for label, value in rows:
        if not value:
            continue
        pdf.set_font(FONT, size=10)
        if pdf.will_page_break(2 * LINE):  # a label is at most two lines: keep it whole
            pdf.add_page()
        top, page = pdf.get_y(), pdf.page
        pdf.set_text_color(*GREY)
        pdf.multi_cell(LABEL_WIDTH - 3, LINE, _plain(label), align="L", **NEXT_LINE)
        below_label = pdf.get_y()
        pdf.set_xy(pdf.l_margin + LABEL_WIDTH, top)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(pdf.epw - LABEL_WIDTH, LINE, _plain(value), align="L", **NEXT_LINE)
        if pdf.page == page:
            pdf.set_y(max(pdf.get_y(), below_label))
        pdf.ln(0.8)


def _day(value) -> str | None:
    return format_date(value, "long") if value else None


def _fact(pdf: FPDF, fact: Fact, today, lang: str, first: bool) -> None:
    """One fact under its kind's heading: its title (if it has one), fields and repair path."""
    if not first:  # a rule between the facts of a kind
        pdf.ln(1.5)
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(1.5)
    heading = str(fact.localized("title", lang))
    if fact.kind == "annual_report" and fact.year:
        heading = f"{FACT_KINDS[fact.kind]} {_('for %(year)s', year=fact.year)}"
    if heading:
        _text(pdf, heading, size=10.5, height=6)
    grading = {
        "penalty": (_("Severity"), SEVERITIES),
        "inspection": (_("Result"), INSPECTION_RESULTS),
        "registration": (_("Status"), REGISTRATION),
    }.get(fact.kind)
    rows = [(grading[0], grading[1].get(fact.grade))] if grading and fact.grade else []
    rows += [
        (_("Number"), fact.reference),
        (_("Date"), _day(fact.decided_on)),
        (_("Valid until"), _day(fact.valid_until)),
        (_("Facts"), fact.localized("detail", lang)),
        (_("Penalty") if fact.kind == "penalty" else _("Outcome"), fact.localized("outcome", lang)),
        (_("Authority"), fact.localized("authority", lang)),
        (_("As of"), _day(fact.as_of)),
        (_("Source"), SOURCES.get(fact.source)),
        (_("Shown publicly until"), _day(fact.shown_until)),
    ]
    if fact.ended_on and fact.ended_how in ENDINGS:
        ended = _day(fact.ended_on) + (f": {fact.ended_reason}" if fact.ended_reason else "")
        rows.append((ENDINGS[fact.ended_how], ended))
    _fields(pdf, rows)
    if fact.public_note:
        _text(pdf, fact.public_note, size=9.5, color=GREY)
    if fact.kind in rules.REPAIR_PATHS and fact.active(today):
        when = ""
        if fact.repairable_on and fact.repairable_on > today:
            when = _("From %(day)s.", day=_day(fact.repairable_on))
        elif fact.kind in ("penalty", "abnormal", "dishonesty"):
            when = _("Now.")
        pdf.ln(0.5)
        _text(pdf, _("How it can be repaired"), size=9.5)
        _text(pdf, f"{when} {rules.REPAIR_PATHS[fact.kind]}".strip(), size=9.5, color=GREY)


def render(record: Record, issued: Issued, lang: str, font: str | Path) -> bytes:
    """The report of ``record`` as PDF bytes; FontMissing when ``font`` cannot be read."""
    pdf = _open(font, issued, lang)
    card = record.card
    name_zh = card.name_zh or card.name_en or card.uscc
    pdf.set_title(f"{_('Enterprise credit report')}: {name_zh}")
    pdf.set_subject(card.uscc)
    pdf.add_page()

    _text(pdf, issued.issuer, size=9, color=GREY)
    pdf.ln(2)
    _heading(pdf, _("Enterprise credit report"), 0)
    _text(pdf, name_zh, size=13, height=7)
    if lang != "zh" and card.name_en and card.name_en != name_zh:
        _text(pdf, card.name_en, size=12, height=7)
    pdf.ln(1)
    _fields(
        pdf,
        [
            (_("Unified social credit code"), card.uscc),
            (_("Reference number"), issued.reference),
            (_("Issued"), format_datetime(issued.issued_at, "medium")),
        ],
    )

    _heading(pdf, _("Status: %(status)s", status=standing.STANDINGS[card.status]), 1)
    reasons = record.reasons()
    if reasons:
        _text(pdf, _("Why:"))
        for reason in reasons:
            _text(pdf, f"•  {reason.text}")
    else:
        _text(pdf, _("Nothing on the record counts against it today."))
    _text(pdf, _("Record as of %(day)s.", day=_day(record.facts_changed_at)), size=9.5, color=GREY)

    _heading(pdf, _("Registration"), 1)
    _fields(
        pdf,
        [
            (_("Legal representative"), card.legal_rep),
            (_("Registered on"), _day(record.registered_on)),
            (_("Address"), record.localized("address", lang)),
            (_("District"), DISTRICTS.get(card.district) if card.district else None),
            (_("Industry"), INDUSTRIES.get(card.industry) if card.industry else None),
            (_("Former names"), "; ".join(card.former_name_list)),
        ],
    )

    for kind, label in FACT_KINDS.items():
        _heading(pdf, label, 2)
        facts = record.of_kind(kind)
        if not facts:
            _text(pdf, _("No entry on the record."), size=9.5, color=GREY)
        for number, fact in enumerate(facts):
            _fact(pdf, fact, record.today, lang, first=number == 0)

    _heading(pdf, _("About this report"), 1)
    _text(pdf, _("This report states the public credit record as the bureau held it when the report was issued."))
    pdf.ln(1)
    _fields(
        pdf,
        [
            (_("Reference number"), issued.reference),
            (_("Issued"), format_datetime(issued.issued_at, "medium")),
            (_("Issued by"), issued.issuer),
        ],
    )
    pdf.ln(1)
    _text(pdf, _("Anyone can check that this report is genuine, and whether the record has changed since, at:"))
    _text(pdf, issued.verify_url, color=(0, 60, 160), link=issued.verify_url)
    return bytes(pdf.output())
