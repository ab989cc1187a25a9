"""Reading uploaded spreadsheets safely: the rows of a CSV or XLSX file, and ZIP checks.

Everything here treats the upload as hostile. A workbook is a ZIP: its directory is checked
(member count, unpacked size, compression ratio) before openpyxl opens it, and openpyxl parses
its XML through defusedxml. Macro-enabled workbooks and cells holding formulas are refused, so
what we import is exactly what the uploader sees in Excel. A CSV must be UTF-8 (with or
without BOM), UTF-16 with BOM or GB18030, which is what Chinese Excel saves. Whole-file problems
raise one ``ImportRefused`` with a message for the uploader; row problems are the import job's
business.

``RowReader`` knows nothing of a domain's columns: it is handed a heading matcher (see
``core.imports.writing.HeadingMatcher``), the columns a file must have, and the columns it
recognises but ignores.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import posixpath
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from datetime import date, datetime, time

import openpyxl
from flask_babel import lazy_gettext as _l

from core.errors import DomainError

MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# A workbook: what it may unpack to, and how many parts it may have.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 1_000
# Deflate cannot do much better than 1:1032; real spreadsheets and photos stay far below 1:100.
# Parts under 1 MB are left alone: they cannot hurt, and tiny XML parts compress very well.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024


class ImportRefused(DomainError):
    """The whole file is refused; ``message`` tells the uploader what to do."""

    default_message = _l("This file could not be imported.")


MSG_NOT_XLSX = _l(
    "This file is not a valid Excel workbook (.xlsx). Save it again from Excel as .xlsx or as CSV, and upload that."
)
MSG_FORMAT = _l("Upload an Excel workbook (.xlsx) or a CSV file.")
MSG_MACROS = _l("Workbooks with macros (.xlsm) are not accepted. Save the workbook as .xlsx without macros.")
MSG_OLD_EXCEL = _l(
    "This is an old Excel file (.xls) or a workbook with a password. Save it as .xlsx without a password."
)
MSG_ENCODING = _l(
    "The CSV file is not in UTF-8 or GB18030. In Excel choose Save As, \u201cCSV UTF-8\u201d, and upload that file."
)
MSG_EMPTY = _l("The file is empty.")


def refuse_too_large(limit: int) -> ImportRefused:
    return ImportRefused(_l("The file is larger than %(mb)s MB.", mb=limit // (1024 * 1024)))


def too_many_rows(n: str):
    return _l("The file has more than %(n)s rows. Split it into several files.", n=n)


# ---------------------------------------------------------------- ZIP containers
def check_zip(
    archive: zipfile.ZipFile, max_members: int = MAX_MEMBERS, max_unpacked: int = MAX_UNPACKED_BYTES
) -> list[zipfile.ZipInfo]:
    """Refuse zip bombs by the sizes in the ZIP's directory.

    zipfile never inflates a member beyond its declared size (it stops and fails the CRC),
    so checking the directory bounds what reading can cost.
    """
    members = archive.infolist()
    if len(members) > max_members:
        raise ImportRefused(
            _l("The file holds more than %(n)s files inside. Split it into smaller files.", n=max_members)
        )
    total = 0
    for info in members:
        total += info.file_size
        if total > max_unpacked:
            raise ImportRefused(
                _l(
                    "The file unpacks to more than %(mb)s MB. Split it into smaller files.",
                    mb=max_unpacked // (1024 * 1024),
                )
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(_l("The file is compressed in a way we do not accept (it may be a zip bomb)."))
    return members


def member_name(info: zipfile.ZipInfo) -> str:
    """Chinese ZIP tools write names in GBK without saying so; Python reads them as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _open_zip(path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportRefused(MSG_NOT_XLSX) from None


def _check_workbook_container(path) -> None:
    with _open_zip(path) as archive:
        members = check_zip(archive)
        names = {info.filename.lower() for info in members}
        if any(posixpath.basename(name) == "vbaproject.bin" for name in names):
            raise ImportRefused(MSG_MACROS)
        if "[content_types].xml" not in names:  # every Office Open XML file has one
            raise ImportRefused(MSG_NOT_XLSX)
        content_types = next(i for i in members if i.filename.lower() == "[content_types].xml")
        if content_types.file_size > 1024 * 1024:
            raise ImportRefused(MSG_NOT_XLSX)
        try:
            declared = archive.read(content_types).lower()
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
            raise ImportRefused(MSG_NOT_XLSX) from None
        if b"macroenabled" in declared:
            raise ImportRefused(MSG_MACROS)


# ---------------------------------------------------------------- rows
def cell_text(value) -> str | None:
    """A cell as the text the uploader sees; blank cells are None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # 10001 typed into Excel comes back as 10001.0: an SKU or a quantity, not a fraction.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


class RowReader:
    """Iterates ``(row_number, {column key: text or None})`` over the data rows of an upload.

    ``match_heading`` turns a heading into a column key (None: not ours); ``required`` maps the
    keys a file must have to the message refusing a file without them; ``ignored`` are keys
    recognised and left out of the rows (an export's read-only columns); ``example`` is a heading
    the "headings not found" message quotes; ``too_many`` words the row limit for the domain.

    Row numbers are the ones Excel shows (the heading row is usually row 1). Entirely empty
    rows are skipped. After construction, ``columns`` holds the key of each column position,
    and ``unknown_columns`` the headings we did not recognise (they are ignored).
    """

    def __init__(
        self,
        path,
        filename: str,
        match_heading: Callable[[str], str | None],
        *,
        required: Mapping[str, object] | None = None,
        ignored: frozenset[str] = frozenset(),
        example: str = "",
        max_rows: int = MAX_ROWS,
        too_many: Callable[[str], object] = too_many_rows,
    ):
        self.path = path
        self.filename = filename or ""
        self.match_heading = match_heading
        self.required = dict(required or {})
        self.ignored = ignored
        self.example = example
        self.max_rows = max_rows
        self.too_many = too_many
        self.header_row = 0
        self.columns: list[str | None] = []
        self.unknown_columns: list[str] = []
        self.data_rows = 0
        size = os.path.getsize(path)
        if size > MAX_SHEET_BYTES:
            raise refuse_too_large(MAX_SHEET_BYTES)
        if size == 0:
            raise ImportRefused(MSG_EMPTY)
        with open(path, "rb") as f:
            head = f.read(8)
        ext = os.path.splitext(self.filename.lower())[1]
        if ext in (".xlsm", ".xltm", ".xlsb", ".xlam"):
            raise ImportRefused(MSG_MACROS)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .xls, or an encrypted .xlsx
            raise ImportRefused(MSG_OLD_EXCEL)
        if ext in (".xlsx", ".xltx") or (ext == ".csv" and head.startswith(b"PK\x03\x04")):
            raw_rows = _xlsx_rows(path)
        elif ext in (".csv", ".txt"):
            raw_rows = _csv_rows(path)
        elif ext == ".xls":
            raise ImportRefused(MSG_OLD_EXCEL)
        else:
            raise ImportRefused(MSG_FORMAT)
        self._raw = raw_rows
        try:
            self._read_header()
        except ImportRefused:
            self.close()
            raise
        self._rows = self._data()

    def _read_header(self) -> None:
        for number, values in self._raw:
            if any(cell_text(v) for v in values):
                self.header_row = number
                break
        else:
            raise ImportRefused(MSG_EMPTY)
        seen: dict[str, str] = {}
        for value in values:
            text = (cell_text(value) or "").strip()
            key = self.match_heading(text) if text else None
            if key and key in seen:
                raise ImportRefused(_l("The column %(column)s appears twice.", column=text))
            if key:
                seen[key] = text
            elif text:
                self.unknown_columns.append(text)
            self.columns.append(key)
        if not seen:
            raise ImportRefused(
                _l(
                    "The column headings were not found. The first row must hold the headings of the template,"
                    " like %(example)s.",
                    example=self.example,
                )
            )
        for key, message in self.required.items():
            if key not in seen:
                raise ImportRefused(message)

    def _data(self):
        # Every column of the file is in every row, even where a short row leaves it out.
        wanted = [(i, key) for i, key in enumerate(self.columns) if key is not None and key not in self.ignored]
        for number, values in self._raw:
            width = len(values)
            row = {key: cell_text(values[i]) if i < width else None for i, key in wanted}
            if not any(v is not None and v.strip() for v in row.values()):
                continue
            self.data_rows += 1
            if self.data_rows > self.max_rows:
                self.close()
                raise ImportRefused(self.too_many(f"{self.max_rows:,}"))
            yield number, row

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._rows)

    def close(self) -> None:
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def read_rows(path, filename: str, match_heading, **options) -> RowReader:
    """Open an uploaded .xlsx or .csv: refuses bad files at once, then yields its data rows."""
    return RowReader(path, filename, match_heading, **options)


def count_rows(path, filename: str, match_heading, **options) -> int:
    """Read the whole file once: the number of data rows, or ImportRefused for any file problem."""
    with read_rows(path, filename, match_heading, **options) as reader:
        for _row in reader:
            pass
        return reader.data_rows


def _xlsx_rows(path):
    _check_workbook_container(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises whatever its parsers meet in a broken file
        raise ImportRefused(MSG_NOT_XLSX) from None
    return _sheet_rows(workbook)


def _sheet_rows(workbook):
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise ImportRefused(MSG_NOT_XLSX)
        many = len(sheets) > 1
        # Any formula anywhere refuses the file; the other sheets are checked before we import.
        for sheet in sheets[1:]:
            sheet.reset_dimensions()  # trust the cells, not the size the file claims
            for row in _iter(sheet):
                for cell in row:
                    _refuse_formula(cell, sheet, many)
        sheet = sheets[0]
        sheet.reset_dimensions()
        for number, row in enumerate(_iter(sheet), start=1):
            values = []
            for cell in row:
                _refuse_formula(cell, sheet, many)
                values.append(cell.value)
            yield number, values
    finally:
        workbook.close()


def _iter(sheet):
    try:
        yield from sheet.iter_rows(min_row=1)
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused(MSG_NOT_XLSX) from None


def _refuse_formula(cell, sheet, many_sheets: bool) -> None:
    if cell.data_type == "f":
        where = f"{sheet.title}!{cell.coordinate}" if many_sheets else cell.coordinate
        raise ImportRefused(
            _l(
                "Cell %(cell)s holds a formula. Formulas are not accepted: copy the cells, paste them as values,"
                " and upload the file again.",
                cell=where,
            )
        )


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8", data[3:])]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        candidates = [("utf-8", data), ("gb18030", data)]
    for encoding, raw in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ImportRefused(MSG_ENCODING)


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the heading line uses most (headings hold none of them)."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=counts.get)
            return best if counts[best] else ","
    return ","


def _csv_rows(path):
    with open(path, "rb") as f:
        data = f.read(MAX_SHEET_BYTES + 1)
    text = decode_csv(data)
    # strict: a quote opened and never closed is an error at its row, not the rest of the file
    # swallowed into one cell without a word.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ImportRefused(
                _l(
                    "Row %(row)s of the CSV file could not be read. Check its quotation marks, or save the file"
                    " again from Excel.",
                    row=number + 1,
                )
            ) from None
        number += 1
        yield number, row


class RowSpool:
    """The rows of a file, read once in full before anything changes (a bad file changes
    nothing), waiting in a temporary file for the importing pass, in batches."""

    def __init__(self):
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.count = 0

    def add(self, number: int, values: dict) -> None:
        self.file.write(json.dumps([number, values], ensure_ascii=False) + "\n")
        self.count += 1

    def batches(self, size: int):
        """Lists of at most ``size`` ``(row number, values)``, in the file's order."""
        self.file.seek(0)
        batch: list = []
        for line in self.file:
            number, values = json.loads(line)
            batch.append((number, values))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def close(self) -> None:
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
