"""The file's layout, shared by the template, the import and the export: its columns.

A catalog file has one product per row under a row of fixed bilingual headings (``COLUMNS``,
then the export's read-only ``STATUS_COLUMN``); a heading is recognised in either language,
whatever its case, width or spacing (core.imports.writing, shared with the other imports).
The yes/no words, the sheet names and the text of the specifications cell live here too, so
every file we write and every file we read agree on the layout.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.imports.writing import Column, HeadingMatcher

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


# A heading is recognised in either language, as the bilingual heading, or as the raw key.
match_heading = HeadingMatcher((*COLUMNS, STATUS_COLUMN))


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


def format_specs(specs) -> str | None:
    """The specifications as the text of their cell: ``name: value; name: value``."""
    parts = []
    for spec in specs or []:
        name = spec.get("name") or spec.get("name_zh") or spec.get("name_en")
        if name:
            parts.append(f"{name}: {spec.get('value', '')}")
    return "; ".join(parts) or None
