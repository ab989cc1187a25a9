"""The file's layout, shared by the template, the import and the export: its columns.

A catalog file has one product per row under a row of fixed bilingual headings (``COLUMNS``,
then the export's read-only ``STATUS_COLUMN``); a heading is recognised in either language,
whatever its case, width or spacing. The helpers that write cells (``write_cell``, which keeps
text starting with = as text, ``safe_value``, ``workbook_bytes``), the yes/no words, the sheet
names and the text of the specifications cell live here too, so every file we write and every
file we read agree on the layout.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
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


# The order of the template and of the export. Headings are bilingual and fixed, not
# translated: they are the file format, and a file must import whatever language made it.
COLUMNS = (
    Column("sku", "SKU", "货号"),
    Column("title_zh", "Title (Chinese)", "中文名称"),
    Column("title_en", "Title (English)", "英文名称"),
    Column("description_zh", "Description (Chinese)", "中文描述"),
    Column("description_en", "Description (English)", "英文描述"),
    Column("keywords_zh", "Keywords (Chinese)", "中文关键词"),
    Column("keywords_en", "Keywords (English)", "英文关键词"),
    Column("category", "Category", "类目"),
    Column("moq", "Minimum order", "最小起订量"),
    Column("moq_unit", "Order unit", "起订单位"),
    Column("price_min", "Lowest price", "最低价"),
    Column("price_max", "Highest price", "最高价"),
    Column("currency", "Currency", "币种"),
    Column("price_negotiable", "Price negotiable", "价格面议"),
    Column("fob_port", "FOB port", "离岸港口"),
    Column("lead_time_days", "Lead time (days)", "交货期（天）"),
    Column("hs_code", "HS code", "海关编码"),
    Column("certifications", "Certifications", "认证"),
    Column("specs", "Specifications", "规格参数"),
    Column("images", "Images", "图片"),
)
# Written by the export after the template's columns; recognised on import and ignored, so an
# export goes back in as it came out. The status changes only through review, never by a file.
STATUS_COLUMN = Column("status", "Status", "状态")
READ_ONLY_KEYS = frozenset({STATUS_COLUMN.key})
COLUMN_BY_KEY = {c.key: c for c in (*COLUMNS, STATUS_COLUMN)}


def normalize_heading(text) -> str:
    """Case, width and spaces do not matter: ``Title（Chinese）`` is ``title (chinese)``."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch != "*")


_HEADINGS: dict[str, str] = {}
for _column in (*COLUMNS, STATUS_COLUMN):
    for _alias in (_column.header, _column.en, _column.zh, _column.key):
        _HEADINGS[normalize_heading(_alias)] = _column.key


def match_heading(text) -> str | None:
    """The column key a heading names: bilingual, either language, or the raw key."""
    normal = normalize_heading(text)
    if normal in _HEADINGS:
        return _HEADINGS[normal]
    # "货号 / SKU": the two halves in another order still name one column.
    keys = {_HEADINGS.get(part) for part in normal.split("/") if part}
    return keys.pop() if len(keys) == 1 and None not in keys else None


# The SKU of the templates' example row: a row with it is the example, skipped by the import,
# so a template filled in below its example imports only the exhibitor's products.
EXAMPLE_SKU = "EXAMPLE-示例"


def is_example(values: dict) -> bool:
    return str(values.get("sku") or "").strip().casefold() == EXAMPLE_SKU.casefold()


# The words of the "Price negotiable" column, and the names of the sheets we write.
YES = {"zh": "是", "en": "yes"}
NO = {"zh": "否", "en": "no"}
MSG_PRODUCTS_SHEET = _l("Products")
MSG_CATEGORIES_SHEET = _l("Categories")


def file_language(lang: str | None) -> str:
    """The language a file is written in: Chinese or, for anything else, English."""
    return "zh" if lang == "zh" else "en"


def safe_value(value):
    """A value for a cell: no characters XML forbids, and text starting with = stays text."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_cell(sheet, value, bold: bool = False):
    """A cell for a write-only sheet, holding ``value`` as the exhibitor will see it."""
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


def format_specs(specs) -> str | None:
    """The specifications as the text of their cell: ``name: value; name: value``."""
    parts = []
    for spec in specs or []:
        name = spec.get("name") or spec.get("name_zh") or spec.get("name_en")
        if name:
            parts.append(f"{name}: {spec.get('value', '')}")
    return "; ".join(parts) or None
