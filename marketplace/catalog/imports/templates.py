"""The import template, in Excel and CSV, and its sheet of categories and currencies.

``template_xlsx`` writes the headings of ``COLUMNS``, one example row (``EXAMPLE``) and a
second sheet listing the category codes and currencies exhibitors pick from, with drop-down
lists pointing at it; ``template_csv`` writes the same headings and example as UTF-8 with a BOM.
The export writes the same reference sheet (``reference_sheet``) after the products.
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from flask_babel import lazy_gettext as _l
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select

from core.extensions import db
from core.imports.reading import MAX_ROWS
from core.imports.writing import file_language, workbook_bytes, write_cell
from core.mail import use_language
from marketplace.catalog import terms
from marketplace.catalog.imports.columns import (
    COLUMNS,
    EXAMPLE_SKU,
    MSG_CATEGORIES_SHEET,
    MSG_PRODUCTS_SHEET,
    NO,
    YES,
)
from marketplace.catalog.models import CURRENCIES, Category

EXAMPLE = {
    "sku": EXAMPLE_SKU,
    "title_zh": "【示例】304不锈钢球阀 DN50",
    "title_en": "[Example] Stainless steel ball valve DN50, 304",
    "description_zh": "两片式球阀，适用于水、油、气。",
    "description_en": "Two-piece ball valve for water, oil and gas.",
    "keywords_zh": "球阀, 不锈钢阀门",
    "keywords_en": "ball valve, stainless valve",
    "category": "industrial-valves",
    "moq": 100,
    "moq_unit": "pieces",
    "price_min": Decimal("12.50"),
    "price_max": Decimal("15.00"),
    "currency": "USD",
    "price_negotiable": False,
    "fob_port": "ningbo",
    "lead_time_days": 25,
    "hs_code": "84818040",
    "certifications": "CE, ISO 9001",
    "specs": "材质 / Material: SS304; 公称压力 / Pressure: PN16",
    "images": "bv-dn50-front.jpg; bv-dn50-side.jpg",
}


def _example(lang: str) -> dict:
    """The example row in the file's language: its yes/no, order unit and port as names."""
    return dict(
        EXAMPLE,
        price_negotiable=NO[lang],
        moq_unit=terms.unit_name(EXAMPLE["moq_unit"], lang),
        fob_port=terms.port_name(EXAMPLE["fob_port"], lang),
    )


def _category_rows() -> list[tuple[int, Category]]:
    """Categories in tree order, with their depth."""
    categories = list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[tuple[int, Category]] = []

    def walk(parent_id, depth):
        for category in children.get(parent_id, []):
            ordered.append((depth, category))
            walk(category.id, depth + 1)

    walk(None, 0)
    return ordered


def reference_sheet(sheet, lang: str, write_only: bool) -> int:
    """Category codes with their names, and the currencies: what exhibitors pick from."""
    headings = (_l("Category code"), _l("Name (Chinese)"), _l("Name (English)"), "", _l("Currency"))
    rows = _category_rows()
    for letter, width in zip("ABCDE", (28, 18, 34, 3, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    if write_only:
        sheet.append([write_cell(sheet, str(h), bold=True) for h in headings])
    else:
        sheet.append([str(h) for h in headings])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for index in range(max(len(rows), len(CURRENCIES))):
        depth, category = rows[index] if index < len(rows) else (0, None)
        values = [category.slug, category.name_zh, category.name_en] if category else [None, None, None]
        values += [None, CURRENCIES[index] if index < len(CURRENCIES) else None]
        if write_only:
            sheet.append([write_cell(sheet, v) for v in values])
        else:
            sheet.append(values)
            if category and depth:
                for cell in sheet[sheet.max_row][:3]:
                    cell.alignment = Alignment(indent=depth * 2)
    return len(rows)


def template_xlsx(lang: str) -> bytes:
    """The import template: headings, one example row, and a sheet of categories and currencies."""
    lang = file_language(lang)
    workbook = openpyxl.Workbook()
    with use_language(lang):
        sheet = workbook.active
        sheet.title = str(MSG_PRODUCTS_SHEET)
        sheet.append([c.header for c in COLUMNS])
        sheet.append([_example(lang)[c.key] for c in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        for index, column in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 2)
        sheet["A2"].comment = Comment(
            str(_l("An example: the import skips this row. Write your products in the rows below it.")), "TradeWindow"
        )
        for cell in sheet[2]:
            cell.font = Font(italic=True, color="666666")
        reference = workbook.create_sheet(str(MSG_CATEGORIES_SHEET))
        count = reference_sheet(reference, lang, write_only=False)
        # Drop-down lists; typing something else stays possible (a category's name also works).
        quoted = reference.title.replace("'", "''")
        lists = {
            "currency": f'"{",".join(CURRENCIES)}"',
            "price_negotiable": f'"{YES[lang]},{NO[lang]}"',
            "moq_unit": f'"{",".join(name for _code, name in terms.unit_choices(lang))}"',
            "fob_port": f'"{",".join(name for _code, name in terms.port_choices(lang))}"',
        }
        if count:
            lists["category"] = f"'{quoted}'!$A$2:$A${count + 1}"
        for key, formula in lists.items():
            letter = get_column_letter([c.key for c in COLUMNS].index(key) + 1)
            validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
    return workbook_bytes(workbook)


def template_csv(lang: str) -> bytes:
    """The same headings and example as CSV, in UTF-8 with a BOM so Excel shows the Chinese."""
    import csv

    lang = file_language(lang)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    example = _example(lang)
    writer.writerow(["" if example[c.key] is None else str(example[c.key]) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
