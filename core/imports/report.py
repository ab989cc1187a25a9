"""An import's problems: collected row by row, kept in both languages, shown and downloaded.

``ProblemLog`` is what a job writes to as it checks rows: the row, the column's key, the value
found there, the message, and with the row's first problem the row's own cells (the report
repeats them, so the file can be corrected and imported again). Messages are rendered in
Chinese and English as the job goes (``render``): the report is read in the reader's language,
not the uploader's. ``rejected_rows`` groups a stored list by row for a status page, and
``rejected_rows_xlsx`` writes them as a workbook under the file's own headings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import openpyxl
from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter

from core.imports.writing import Column, file_language, workbook_bytes, write_cell
from core.mail import use_language

MAX_PROBLEMS_KEPT = 50_000
MAX_VALUE_SHOWN = 300  # characters of a cell the report repeats
LANGUAGES = ("zh", "en")


class ProblemLog:
    """The problems an import has found so far, as stored on its record (a list of dicts)."""

    def __init__(self, keys: Collection[str], max_kept: int = MAX_PROBLEMS_KEPT):
        self.keys = keys
        self.max_kept = max_kept
        self.entries: list[dict] = []
        self.dropped = 0
        self.rendered = 0  # entries whose messages ``render`` has written in both languages
        self.rows_reported: set[int] = set()

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, row: int, key: str | None, message, *, column: str | None = None, cells: dict | None = None):
        """A problem of ``row`` in column ``key``; ``column`` is a heading the file has and we do
        not know; ``cells`` the row's values (the value of ``key`` is quoted from them)."""
        if len(self.entries) >= self.max_kept:
            self.dropped += 1
            return
        entry = {"row": row, "key": key if key in self.keys else None, "message": message}
        if column is not None:
            entry["column"] = column
        if cells is not None:
            value = cells.get(key) if key else None
            if value not in (None, ""):
                entry["value"] = str(value)[:MAX_VALUE_SHOWN]
            if row not in self.rows_reported:
                self.rows_reported.add(row)
                entry["data"] = {k: str(v)[:MAX_VALUE_SHOWN] for k, v in cells.items() if v not in (None, "")}
        self.entries.append(entry)

    def render(self) -> None:
        """The messages of the problems found since the last call, in Chinese and in English."""
        pending = [e for e in self.entries[self.rendered :] if not isinstance(e["message"], dict)]
        texts: dict[str, list[str]] = {}
        for lang in LANGUAGES:
            with use_language(lang):
                texts[lang] = [str(e["message"]) for e in pending]
        for index, entry in enumerate(pending):
            entry["message"] = {lang: texts[lang][index] for lang in LANGUAGES}
        self.rendered = len(self.entries)

    def forget_after(self, count: int) -> None:
        """After a rollback: keep the first ``count`` problems, those the database kept."""
        self.rows_reported -= {e["row"] for e in self.entries[count:]}
        del self.entries[count:]
        self.rendered = min(self.rendered, count)

    def too_many_message(self):
        """What a finished import says when problems were left out, or None."""
        if not self.dropped:
            return None
        return _l("More problems were found; only the first %(n)s are listed.", n=f"{self.max_kept:,}")


@dataclass
class RejectedRow:
    """A row of an import with its problems, as the status page and the report show them."""

    row: int
    data: dict = dataclasses.field(default_factory=dict)  # the row's cells by column key
    problems: list = dataclasses.field(default_factory=list)  # (column label, value found, message)
    subject: str = ""  # what the row is about (a SKU and title, a code and name)


def message_in(message, lang: str) -> str:
    if isinstance(message, dict):  # kept in both languages
        return message.get(lang) or message.get("en") or next(iter(message.values()), "")
    return str(message)  # an import made before messages were kept in both languages


def rejected_rows(
    errors: Sequence[dict] | None,
    lang: str,
    columns: dict[str, Column],
    subject: Callable[[dict], str] | None = None,
) -> list[RejectedRow]:
    """Stored problems grouped by row, in ``lang`` (the page's, not the uploader's)."""
    rows: dict[int, RejectedRow] = {}
    for error in errors or []:
        entry = rows.setdefault(error["row"], RejectedRow(error["row"]))
        if error.get("data"):
            entry.data = error["data"]
        column = columns.get(error.get("key") or "")
        label = column.label(lang) if column else error.get("column") or ""
        entry.problems.append((label, error.get("value"), message_in(error["message"], lang)))
    if subject is not None:
        for entry in rows.values():
            entry.subject = subject(entry.data)
    return list(rows.values())


def problem_text(label: str, value, message: str) -> str:
    """``Lowest price “abc”: Enter a price such as 12.50``: the column, the value quoted, the problem."""
    quoted = f" “{value}”" if value not in (None, "") else ""
    return f"{label}{quoted}: {message}" if label else message


def rejected_rows_xlsx(columns: Sequence[Column], rows: Sequence[RejectedRow], lang: str, note=None) -> bytes:
    """The rejected rows in ``lang``: each row's number, its own cells under the file's headings,
    then its problems, so the file can be corrected and imported again. ``note`` ends the sheet
    (problems beyond those listed)."""
    lang = file_language(lang)
    workbook = openpyxl.Workbook(write_only=True)
    with use_language(lang):
        sheet = workbook.create_sheet(str(_l("Rejected rows")))
        sheet.column_dimensions["A"].width = 8
        for index, column in enumerate(columns, start=2):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 2)
        sheet.column_dimensions[get_column_letter(len(columns) + 2)].width = 90
        headings = [str(_l("Row")), *(c.header for c in columns), str(_l("Problems"))]
        sheet.append([write_cell(sheet, h, bold=True) for h in headings])
        for entry in rows:
            problems = "\n".join(problem_text(*problem) for problem in entry.problems)
            cells = [entry.row, *(entry.data.get(c.key) for c in columns), problems]
            sheet.append([write_cell(sheet, value) for value in cells])
        if note:
            sheet.append([write_cell(sheet, str(note))])
    return workbook_bytes(workbook)
