"""The catalog going out: the export in the template's layout, and an import's error report.

``export_xlsx`` writes every product of an organization (archived ones too, with a read-only
status column) in the columns of the template, showing what the exhibitor last wrote, so the
file can be edited and imported again; ``error_report_xlsx`` lists an import's problems (row,
column, message) in the uploader's language.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.mail import use_language
from marketplace.catalog.imports.columns import (
    COLUMNS,
    MSG_CATEGORIES_SHEET,
    MSG_PRODUCTS_SHEET,
    NO,
    STATUS_COLUMN,
    YES,
    file_language,
    format_specs,
    workbook_bytes,
    write_cell,
)
from marketplace.catalog.imports.job import COMPARED_FIELDS, latest_values
from marketplace.catalog.imports.templates import reference_sheet
from marketplace.catalog.models import PRODUCT_STATES, CatalogImport, Category, ImportStatus, Product


def error_report_xlsx(import_id: int) -> bytes:
    """The problems of an import (row, column, message) in the uploader's language."""
    record = db.session.get(CatalogImport, import_id)
    lang = file_language(record.lang if record else None)
    workbook = openpyxl.Workbook(write_only=True)
    with use_language(lang):
        sheet = workbook.create_sheet(str(_l("Problems")))
        sheet.column_dimensions["A"].width = 8
        sheet.column_dimensions["B"].width = 22
        sheet.column_dimensions["C"].width = 90
        sheet.append([write_cell(sheet, str(h), bold=True) for h in (_l("Row"), _l("Column"), _l("Problem"))])
        for error in (record.errors if record else None) or []:
            sheet.append([write_cell(sheet, error.get(k)) for k in ("row", "column", "message")])
        if record and record.status == ImportStatus.DONE and record.message:  # problems beyond those listed
            sheet.append([None, None, write_cell(sheet, record.message)])
    return workbook_bytes(workbook)


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
