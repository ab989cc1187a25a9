"""The catalog going out: the export in the template's layout, and an import's error report.

``export_xlsx`` writes every product of an organization (archived ones too, with a read-only
status column) in the columns of the template, showing what the exhibitor last wrote, so the
file can be edited and imported again; ``error_report_xlsx`` repeats an import's rejected rows
with their problems (the column, the value quoted, the message) in the reader's language.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.imports import report
from core.imports.records import ImportStatus
from core.imports.report import RejectedRow
from core.imports.writing import file_language, workbook_bytes, write_cell
from core.mail import use_language
from marketplace.catalog import terms
from marketplace.catalog.imports.columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    MSG_CATEGORIES_SHEET,
    MSG_PRODUCTS_SHEET,
    NO,
    STATUS_COLUMN,
    YES,
    format_specs,
)
from marketplace.catalog.imports.job import COMPARED_FIELDS, latest_values
from marketplace.catalog.imports.templates import reference_sheet
from marketplace.catalog.models import PRODUCT_STATES, CatalogImport, Category, Product


def _product(data: dict) -> str:
    """What a row is about: its SKU and title, as far as the file gave them."""
    parts = [data.get("sku"), data.get("title_en") or data.get("title_zh")]
    return " · ".join(p for p in parts if p)


def rejected_rows(record: CatalogImport, lang: str) -> list[RejectedRow]:
    """An import's problems grouped by row, in ``lang`` (the page's, not the uploader's)."""
    return report.rejected_rows(record.errors, lang, COLUMN_BY_KEY, _product)


def error_report_xlsx(import_id: int, lang: str) -> bytes:
    """The rejected rows of an import in ``lang``: each row's own cells under the template's
    headings, then its problems, so the file can be corrected and imported again."""
    record = db.session.get(CatalogImport, import_id)
    rows = rejected_rows(record, file_language(lang)) if record else []
    # problems beyond those listed
    note = record.message if record and record.status == ImportStatus.DONE else None
    return report.rejected_rows_xlsx(COLUMNS, rows, lang, note)


def export_rows(organization_id: int, lang: str):
    """Each product of the organization as values in COLUMNS order, then its status."""
    lang = file_language(lang)
    slugs = dict(db.session.execute(select(Category.id, Category.slug)).all())
    query = (
        select(Product)
        .where(Product.organization_id == organization_id)
        .order_by(Product.id)
        .options(selectinload(Product.images))
        .execution_options(yield_per=500)
    )
    for product in db.session.scalars(query):
        values = {f: getattr(product, f) for f in COMPARED_FIELDS}
        values = latest_values(product.status, product.pending_revision, values)
        values["category"] = slugs.get(values.pop("category_id"))
        values["specs"] = format_specs(values.get("specs"))
        for field in ("price_min", "price_max"):
            if values.get(field) is not None:
                values[field] = Decimal(str(values[field]))
        values["price_negotiable"] = YES[lang] if values.get("price_negotiable") else NO[lang]
        values["moq_unit"] = terms.unit_name(values.get("moq_unit"), lang) or None
        values["fob_port"] = terms.port_name(values.get("fob_port"), lang) or None
        values["images"] = "; ".join(i.original_name for i in product.images if i.original_name) or None
        yield [values.get(c.key) for c in COLUMNS] + [str(PRODUCT_STATES.get(product.status, product.status))]


def export_xlsx(organization_id: int, lang: str) -> bytes:
    """The organization's catalog (archived products too, with a status column) in the template's
    layout: edit it and import it again."""
    lang = file_language(lang)
    workbook = openpyxl.Workbook(write_only=True)
    with use_language(lang):
        sheet = workbook.create_sheet(str(MSG_PRODUCTS_SHEET))
        sheet.freeze_panes = "B2"
        for index, column in enumerate((*COLUMNS, STATUS_COLUMN), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 2)
        sheet.append([write_cell(sheet, c.header, bold=True) for c in (*COLUMNS, STATUS_COLUMN)])
        for values in export_rows(organization_id, lang):
            sheet.append([write_cell(sheet, v) for v in values])
        reference_sheet(workbook.create_sheet(str(MSG_CATEGORIES_SHEET)), lang, write_only=True)
    return workbook_bytes(workbook)
