"""A file's layout and the cells we write: columns with bilingual headings, and safe cells.

A domain's file has one record per row under a row of fixed bilingual headings (``Column``);
``HeadingMatcher`` recognises a heading in either language, whatever its case, width or
spacing, or the column's key, or an alias the domain adds. ``write_cell`` keeps text starting
with = as text (a formula we never meant), ``safe_value`` drops what XML forbids, and
``workbook_bytes`` saves a workbook, so every file we write and every file we read agree.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    zh: str

    @property
    def header(self) -> str:
        return f"{self.en} / {self.zh}"

    def label(self, lang: str) -> str:
        """The heading in one language, as an error message names the column."""
        return self.zh if lang == "zh" else self.en


def normalize_heading(text) -> str:
    """Case, width and spaces do not matter: ``Title（Chinese）`` is ``title (chinese)``."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch != "*")


class HeadingMatcher:
    """Called with a heading, returns the key of the column it names, or None.

    Headings are bilingual and fixed, not translated: they are the file format, and a file
    must import whatever language made it."""

    def __init__(self, columns: Iterable[Column], aliases: Mapping[str, Iterable[str]] | None = None):
        self.headings: dict[str, str] = {}
        for column in columns:
            for alias in (column.header, column.en, column.zh, column.key):
                self.headings[normalize_heading(alias)] = column.key
        for key, names in (aliases or {}).items():
            for name in names:
                self.headings[normalize_heading(name)] = key

    def __call__(self, text) -> str | None:
        normal = normalize_heading(text)
        if normal in self.headings:
            return self.headings[normal]
        # "货号 / SKU": the two halves in another order still name one column.
        keys = {self.headings.get(part) for part in normal.split("/") if part}
        return keys.pop() if len(keys) == 1 and None not in keys else None


def file_language(lang: str | None) -> str:
    """The language a file is written in: Chinese or, for anything else, English."""
    return "zh" if lang == "zh" else "en"


def safe_value(value):
    """A value for a cell: no characters XML forbids, and text starting with = stays text."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_cell(sheet, value, bold: bool = False):
    """A cell for a write-only sheet, holding ``value`` as the reader will see it."""
    cell = WriteOnlyCell(sheet, value=safe_value(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # openpyxl would write it as a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook_bytes(workbook) -> bytes:
    """The saved .xlsx file."""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
