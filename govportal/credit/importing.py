"""Credit facts from a spreadsheet: the file's columns, its template, and the ``credit.import`` job.

A credit officer uploads a CSV (UTF-8 or GB18030) or XLSX file with one fact per row, under
Chinese or English headings (``COLUMNS``). The file is read through core.imports (hostile files
refused whole, before anything changes), then each row goes through the credit services, the
same rules as the staff form: ``save_enterprise`` when its code has no record yet (the row must
then name the enterprise), ``add_fact(..., source="import")``. A row with problems is left out
and reported (row, column, value, message, in Chinese and English), the others are imported.

A fact already on the record is not added twice: its identity is the enterprise, the kind, the
reference and the day of the decision (and the year, for an annual report). Facts taken out as
entered in error count too, so importing the same file again does not bring them back. An
existing record's name and representative are not changed by a file of facts.

Followers of a record are told once per import, at its end, of the facts it added (not once per
row). The import ends with an audit entry: who, which file, what it counted.
"""

from __future__ import annotations

import unicodedata

from flask_babel import LazyString, lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from core import audit, db as core_db
from core.errors import DomainError
from core.extensions import db
from core.imports.reading import RowReader, RowSpool
from core.imports.records import ImportWork, run_recorded
from core.imports.report import rejected_rows as grouped_rows, rejected_rows_xlsx
from core.imports.writing import Column, HeadingMatcher, file_language, workbook_bytes
from core.jobs import job
from core.mail import use_language
from core.organizations import uscc as uscc_rules
from core.organizations.services import uscc_message
from govportal.credit import services
from govportal.credit.models import FACT_KINDS, CreditEnterprise, CreditFact, CreditImport

BATCH_SIZE = 200

COLUMNS = (
    Column("uscc", "USCC", "统一社会信用代码"),
    Column("name_zh", "Name (Chinese)", "企业名称"),
    Column("name_en", "English name", "英文名称"),
    Column("legal_rep", "Legal representative", "法定代表人"),
    Column("kind", "Kind", "事实类型"),
    Column("grade", "Grade", "等级"),
    Column("title_zh", "Title", "事项"),
    Column("reference", "Reference", "文书编号"),
    Column("authority_zh", "Authority", "认定机关"),
    Column("decided_on", "Decided on", "决定日期"),
    Column("valid_until", "Valid until", "有效期至"),
    Column("year", "Year", "年度"),
    Column("detail_zh", "Facts", "事实"),
    Column("outcome_zh", "Outcome", "处罚内容"),
    Column("as_of", "As of", "截至日期"),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
match_heading = HeadingMatcher(
    COLUMNS,
    aliases={
        "uscc": ("信用代码", "统一代码", "code"),
        "grade": ("结果", "状态", "等级/结果/状态", "severity", "result", "status"),
        "name_en": ("name (english)",),
        "decided_on": ("日期",),
    },
)

# The kinds as the authorities' files name them; the labels of the site in either language,
# and the codes, are recognised too (``_codes``).
KIND_NAMES = {
    "登记状态": "registration",
    "对外贸易经营者备案": "trade_filing",
    "海关登记": "customs",
    "许可": "licence",
    "年度报告": "annual_report",
    "抽查检查": "inspection",
    "行政处罚": "penalty",
    "经营异常名录": "abnormal",
    "严重违法失信名单": "dishonesty",
    "表彰": "commendation",
}
GRADE_NAMES = {
    "registration": {"存续": "active", "在业": "active", "开业": "active", "吊销": "revoked", "注销": "cancelled"},
    "penalty": {"轻微": "minor", "一般": "ordinary", "严重": "serious", "较重": "serious"},
    "inspection": {"未发现问题": "pass", "合格": "pass", "发现问题已责令改正": "issues", "不合格": "fail"},
}

MSG_NO_CODE = _l("Give the enterprise's unified social credit code.")
MSG_UNKNOWN_COLUMN = _l("This column is not in the template and was ignored.")
MSG_FAILED = _l(
    "The import stopped because of an error on our side. Facts saved before it are kept:"
    " upload the same file again to import the rest (facts already imported are skipped)."
)


def _normal(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).casefold().split())


def _codes(labels: dict, extra: dict) -> dict[str, str]:
    """What a cell may say for each code: the code, its label in Chinese and English, ``extra``."""
    names = {_normal(code): code for code in labels}
    for lang in ("zh", "en"):
        with use_language(lang):
            names.update({_normal(str(label)): code for code, label in labels.items()})
    names.update({_normal(name): code for name, code in extra.items()})
    return names


def read_codes(values: dict) -> dict:
    """The row as the services take it: kind and grade as codes where the cell names one
    (anything else is left as it is, for the services to refuse with the value quoted)."""
    raw = dict(values)
    kinds = _codes(FACT_KINDS, KIND_NAMES)
    kind = kinds.get(_normal(raw.get("kind")), raw.get("kind"))
    raw["kind"] = kind
    grades = services.GRADES.get(kind or "")
    if grades and raw.get("grade"):
        raw["grade"] = _codes(grades, GRADE_NAMES.get(kind, {})).get(_normal(raw["grade"]), raw["grade"])
    return raw


def read_rows(path, filename: str) -> RowReader:
    return RowReader(
        path,
        filename,
        match_heading,
        required={"uscc": _l("The file has no column for the unified social credit code (统一社会信用代码).")},
        example=COLUMNS[0].header,
        too_many=lambda n: _l("The file has more than %(n)s rows of facts. Split it into several files.", n=n),
    )


def identity(kind, reference, decided_on, year) -> tuple:
    """What makes two facts of one record the same fact, for a re-import."""
    return (kind, (reference or "").strip(), decided_on, year if kind == "annual_report" else None)


def _subject(data: dict) -> str:
    return " · ".join(p for p in (data.get("uscc"), data.get("name_zh") or data.get("name_en")) if p)


def rejected_rows(record: CreditImport, lang: str):
    return grouped_rows(record.errors, lang, COLUMN_BY_KEY, _subject)


def report_xlsx(record: CreditImport, lang: str) -> bytes:
    """The rejected rows with their problems, under the template's headings."""
    note = record.message if record.status == "done" else None
    return rejected_rows_xlsx(COLUMNS, rejected_rows(record, file_language(lang)), lang, note)


def template_xlsx(lang: str) -> bytes:
    """The template: the headings in both languages, and a sheet of the kinds and grades."""
    lang = file_language(lang)
    workbook = Workbook()
    with use_language(lang):
        sheet = workbook.active
        sheet.title = str(_l("Facts"))
        sheet.append([c.header for c in COLUMNS])
        for index, column in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 2)
            sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.freeze_panes = "B2"
        sheet["A1"].comment = Comment(str(_l("One fact per row, from the second row on.")), "TradeWindow")
        codes = workbook.create_sheet(str(_l("Kinds and grades")))
        codes.append([str(_l("Column")), str(_l("Code")), "中文", "English"])
        for cell in codes[1]:
            cell.font = Font(bold=True)
        chinese = {code: name for name, code in KIND_NAMES.items()}
        for code, label in FACT_KINDS.items():
            with use_language("en"):
                codes.append([COLUMN_BY_KEY["kind"].header, code, chinese[code], str(label)])
        for kind, grades in services.GRADES.items():
            chinese = {}
            for name, code in GRADE_NAMES.get(kind, {}).items():
                chinese.setdefault(code, name)
            for code, label in grades.items():
                zh = chinese.get(code, label)
                with use_language("en"):
                    codes.append([f"{COLUMN_BY_KEY['grade'].header} ({kind})", code, str(zh), str(label)])
        for letter, width in zip("ABCD", (34, 16, 24, 40), strict=True):
            codes.column_dimensions[letter].width = width
    return workbook_bytes(workbook)


class _Import(ImportWork):
    """One run of a credit import: the rows it has counted, the records it has touched."""

    def __init__(self, record: CreditImport):
        self.processed = self.added = self.duplicates = self.created = self.rejected = 0
        # enterprise id -> (its status before this import, ids of the facts this import added)
        self.touched: dict[int, tuple[str, list[int]]] = {}
        super().__init__(record, COLUMN_BY_KEY)
        self.lang = file_language(record.lang)
        self.file_key = record.file_key
        self.user_id = record.user_id
        self.enterprise_ids: dict[str, int | None] = {}
        self.identities: dict[int, set] = {}

    def counts(self) -> tuple:
        touched = {k: (old, list(ids)) for k, (old, ids) in self.touched.items()}
        return (self.processed, self.added, self.duplicates, self.created, self.rejected, touched)

    def restore(self, counts: tuple) -> None:
        self.processed, self.added, self.duplicates, self.created, self.rejected, self.touched = counts
        self.enterprise_ids.clear()  # records created in the rolled-back batch are gone
        self.identities.clear()

    @property
    def actor(self):
        from core.accounts.models import User

        return db.session.get(User, self.user_id) if self.user_id else None

    def run(self) -> None:
        from core.storage import get_storage

        with RowSpool() as spool:
            with read_rows(get_storage().local_path(self.file_key), self.filename) as reader:
                for number, values in reader:
                    spool.add(number, values)
            db.session.get(CreditImport, self.import_id).total_rows = spool.count
            for text in reader.unknown_columns:
                self.problems.add(reader.header_row, None, MSG_UNKNOWN_COLUMN, column=text)
            self.problems.render()
            core_db.commit()
            self.mark_committed()
            for batch in spool.batches(BATCH_SIZE):
                actor = self.actor
                with use_language(self.lang):
                    for number, values in batch:
                        self.import_row(number, values, actor)
                self.problems.render()
                self.processed += len(batch)
                self.save_progress(db.session.get(CreditImport, self.import_id))
                core_db.commit()
                self.mark_committed()

    def enterprise(self, code: str) -> CreditEnterprise | None:
        if code not in self.enterprise_ids:
            found = services.enterprise_by_uscc(code)
            self.enterprise_ids[code] = found.id if found else None
        known = self.enterprise_ids[code]
        return db.session.get(CreditEnterprise, known) if known else None

    def known_facts(self, enterprise: CreditEnterprise) -> set:
        if enterprise.id not in self.identities:
            rows = db.session.execute(
                select(CreditFact.kind, CreditFact.reference, CreditFact.decided_on, CreditFact.year).where(
                    CreditFact.enterprise_id == enterprise.id
                )
            )
            self.identities[enterprise.id] = {identity(*row) for row in rows}
        return self.identities[enterprise.id]

    def import_row(self, number: int, values: dict, actor) -> None:
        problems: list = []
        raw = read_codes(values)
        code = None
        if not (values.get("uscc") or "").strip():
            problems.append(("uscc", MSG_NO_CODE))
        else:
            try:
                code = uscc_rules.validate(values["uscc"])
            except uscc_rules.USCCError as exc:  # the message names a wrong check character
                problems.append(("uscc", LazyString(uscc_message, exc)))
        enterprise = self.enterprise(code) if code else None
        if code and enterprise is None:
            services.clean_enterprise(raw, problems)  # a new record needs a name
        fact = services.clean_fact(raw, problems)
        if not problems and identity(fact["kind"], fact["reference"], fact["decided_on"], fact["year"]) in (
            self.known_facts(enterprise) if enterprise else set()
        ):
            self.duplicates += 1
            return
        if not problems:
            try:
                if enterprise is None:
                    fields = ("uscc", "name_zh", "name_en", "legal_rep")
                    enterprise = services.save_enterprise({k: raw.get(k) for k in fields}, actor)
                    self.enterprise_ids[code] = enterprise.id
                    self.created += 1
                old = enterprise.status
                added = services.add_fact(enterprise, raw, actor, source="import", tell_followers=False)
            except DomainError as exc:
                if not db.session.is_active:  # the database refused the row: the batch is lost
                    raise
                problems.append((exc.field, exc.message))
            else:
                self.added += 1
                self.touched.setdefault(enterprise.id, (old, []))[1].append(added.id)
                self.known_facts(enterprise).add(identity(added.kind, added.reference, added.decided_on, added.year))
                return
        for key, message in problems:
            self.problems.add(number, key, message, cells=values)
        self.rejected += 1

    def save_progress(self, record: CreditImport) -> None:
        record.processed_rows = self.processed
        record.added_count = self.added
        record.duplicate_count = self.duplicates
        record.records_created = self.created
        record.error_count = self.rejected

    def finished(self, record: CreditImport) -> None:
        """Followers are told once per record of what this import added; the audit entry."""
        actor = self.actor
        for enterprise_id, (old, fact_ids) in self.touched.items():
            enterprise = db.session.get(CreditEnterprise, enterprise_id)
            facts = db.session.scalars(select(CreditFact).where(CreditFact.id.in_(fact_ids))).all()
            if enterprise is not None:
                services.tell_of_import(enterprise, list(facts), old)
        audit.record(
            "credit_import.finished",
            record,
            actor=actor,
            filename=record.filename,
            status=str(record.status),
            rows=record.total_rows,
            added=record.added_count,
            duplicates=record.duplicate_count,
            rejected=record.error_count,
            records_created=record.records_created,
        )


@job("credit.import", label=_l("Credit facts import from a spreadsheet"))
def run_import(import_id: int) -> None:
    """Import one uploaded file of facts; always ends ``done`` or ``failed`` with a message."""
    run_recorded(CreditImport, import_id, _Import, failed_message=MSG_FAILED)
