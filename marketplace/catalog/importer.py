"""Bulk catalog import and export: templates, the import job, the error report, the export.

An exhibitor uploads a spreadsheet (and optionally a ZIP of images); the view stores them,
creates a ``CatalogImport`` and enqueues ``catalog.import``. The job reads the file twice:
once to count its rows (and refuse a bad file before anything changes), once to import in
batches of ``BATCH_SIZE`` rows, committing after each so a progress bar can follow. Each row
goes through ``clean_product``, the same rules as the product form. Products are matched by
SKU within the organization, so importing a file again, or an export of the catalog, changes
nothing. Reading the files safely lives in ``spreadsheet``.
"""

from __future__ import annotations

import io
import json
import logging
import posixpath
import re
import tempfile
from decimal import Decimal

import openpyxl
from flask_babel import lazy_gettext as _l
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core import db as core_db
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.jobs import job
from core.mail import use_language
from core.storage import get_storage
from marketplace.catalog.images import MAX_IMAGE_BYTES, MAX_IMAGES, ImageRejected, store_image
from marketplace.catalog.models import CURRENCIES, PRODUCT_STATES, CatalogImport, Category, Product, ProductImage
from marketplace.catalog.services import EDITABLE_FIELDS, clean_product, create_product, update_product
from marketplace.catalog.spreadsheet import (
    COLUMN_BY_KEY,
    COLUMNS,
    MAX_ROWS,
    MAX_SHEET_BYTES,
    MAX_ZIP_BYTES,
    STATUS_COLUMN,
    AmbiguousImage,
    ImageZip,
    ImportRefused,
    RowReader,
    open_image_zip,
    read_rows,
)

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "MAX_SHEET_BYTES",
    "MAX_ZIP_BYTES",
    "ImageZip",
    "ImportRefused",
    "RowReader",
    "error_report_xlsx",
    "export_xlsx",
    "open_image_zip",
    "read_rows",
    "run_import",
    "template_csv",
    "template_xlsx",
]

log = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_ERRORS_KEPT = 50_000
# Compared to tell "unchanged" from "updated"; original_language is derived from the titles.
COMPARED_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "original_language")
IMPORTED_KEYS = tuple(c.key for c in COLUMNS if c.key != "images")
YES = {"zh": "是", "en": "yes"}
NO = {"zh": "否", "en": "no"}
EXAMPLE = {
    "sku": "BV-DN50-304",
    "title_zh": "304不锈钢球阀 DN50",
    "title_en": "Stainless steel ball valve DN50, 304",
    "description_zh": "两片式球阀，适用于水、油、气。",
    "description_en": "Two-piece ball valve for water, oil and gas.",
    "keywords_zh": "球阀, 不锈钢阀门",
    "keywords_en": "ball valve, stainless valve",
    "category": "industrial-valves",
    "moq": 100,
    "moq_unit": "pcs",
    "price_min": Decimal("12.50"),
    "price_max": Decimal("15.00"),
    "currency": "USD",
    "price_negotiable": False,
    "fob_port": "Ningbo",
    "lead_time_days": 25,
    "hs_code": "84818040",
    "certifications": "CE, ISO 9001",
    "specs": "Material: SS304; Pressure: PN16",
    "images": "bv-dn50-front.jpg; bv-dn50-side.jpg",
}

MSG_SKU_REQUIRED = _l("The SKU is required: the import recognises each product by it.")
MSG_UNKNOWN_COLUMN = _l("This column is not in the template and was ignored.")
MSG_FAILED = _l(
    "The import stopped because of an error on our side. Products saved before it are kept:"
    " upload the same file again to import the rest."
)
MSG_PRODUCTS_SHEET = _l("Products")
MSG_CATEGORIES_SHEET = _l("Categories")


def _lang(lang: str | None) -> str:
    return "zh" if lang == "zh" else "en"


def _safe(value):
    """A value for a cell: no characters XML forbids, and text starting with = stays text."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _cell(sheet, value, bold: bool = False):
    cell = WriteOnlyCell(sheet, value=_safe(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # openpyxl would write it as a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _to_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- templates
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


def _reference_sheet(sheet, lang: str, write_only: bool) -> int:
    """Category codes with their names, and the currencies: what exhibitors pick from."""
    headings = (_l("Category code"), _l("Name (Chinese)"), _l("Name (English)"), "", _l("Currency"))
    rows = _category_rows()
    for letter, width in zip("ABCDE", (28, 18, 34, 3, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    if write_only:
        sheet.append([_cell(sheet, str(h), bold=True) for h in headings])
    else:
        sheet.append([str(h) for h in headings])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for index in range(max(len(rows), len(CURRENCIES))):
        depth, category = rows[index] if index < len(rows) else (0, None)
        values = [category.slug, category.name_zh, category.name_en] if category else [None, None, None]
        values += [None, CURRENCIES[index] if index < len(CURRENCIES) else None]
        if write_only:
            sheet.append([_cell(sheet, v) for v in values])
        else:
            sheet.append(values)
            if category and depth:
                for cell in sheet[sheet.max_row][:3]:
                    cell.alignment = Alignment(indent=depth * 2)
    return len(rows)


def template_xlsx(lang: str) -> bytes:
    """The import template: headings, one example row, and a sheet of categories and currencies."""
    lang = _lang(lang)
    workbook = openpyxl.Workbook()
    with use_language(lang):
        sheet = workbook.active
        sheet.title = str(MSG_PRODUCTS_SHEET)
        sheet.append([c.header for c in COLUMNS])
        example = dict(EXAMPLE, price_negotiable=NO[lang])
        sheet.append([example[c.key] for c in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        for index, column in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 2)
        sheet["A2"].comment = Comment(str(_l("An example: replace this row with your products.")), "TradeWindow")
        reference = workbook.create_sheet(str(MSG_CATEGORIES_SHEET))
        count = _reference_sheet(reference, lang, write_only=False)
        # Drop-down lists; typing something else stays possible (a category's name also works).
        quoted = reference.title.replace("'", "''")
        lists = {
            "currency": f'"{",".join(CURRENCIES)}"',
            "price_negotiable": f'"{YES[lang]},{NO[lang]}"',
        }
        if count:
            lists["category"] = f"'{quoted}'!$A$2:$A${count + 1}"
        for key, formula in lists.items():
            letter = get_column_letter([c.key for c in COLUMNS].index(key) + 1)
            validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
    return _to_bytes(workbook)


def template_csv(lang: str) -> bytes:
    """The same headings and example as CSV, in UTF-8 with a BOM so Excel shows the Chinese."""
    import csv

    lang = _lang(lang)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    example = dict(EXAMPLE, price_negotiable=NO[lang])
    writer.writerow(["" if example[c.key] is None else str(example[c.key]) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- comparing
def _normal(field: str, value):
    if value is None or value == "":
        return None
    if field in ("price_min", "price_max"):
        return Decimal(str(value))
    if field == "price_negotiable":
        return bool(value)
    return value


def is_unchanged(current: dict, clean: dict) -> bool:
    return all(
        _normal(field, current.get(field)) == _normal(field, clean[field])
        for field in COMPARED_FIELDS
        if field in clean
    )


def _latest_values(status: str, revision: dict | None, values: dict) -> dict:
    """What the exhibitor last wrote: a published product's pending revision, if any."""
    if status == "published" and revision:
        return {**values, **{k: v for k, v in revision.items() if k in COMPARED_FIELDS}}
    return values


def _as_cells(values: dict) -> dict:
    """A product's values as the text of the import columns (the export's cells, in short)."""
    cells = {key: values.get(key) for key in IMPORTED_KEYS if key in values}
    cells["category"] = str(values["category_id"]) if values.get("category_id") else None
    cells["specs"] = _format_specs(values.get("specs"))
    for field in ("price_min", "price_max"):
        cells[field] = None if values.get(field) is None else str(values[field])
    cells["price_negotiable"] = "yes" if values.get("price_negotiable") else "no"
    return cells


def _split_names(text: str | None) -> list[str]:
    names: list[str] = []
    for part in re.split(r"[;；\n]", text or ""):
        name = posixpath.basename(part.strip().replace("\\", "/"))
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


# ---------------------------------------------------------------- the import job
class _Import:
    """One run of an import: what it has preloaded, and what it has counted so far."""

    def __init__(self, record: CatalogImport):
        self.import_id = record.id
        self.organization_id = record.organization_id
        self.lang = _lang(record.lang)
        self.filename = record.filename
        self.file_key, self.zip_key = record.file_key, record.zip_key
        self.zip: ImageZip | None = None
        self.errors: list[dict] = []
        self.dropped_errors = 0
        self.processed = self.created = self.updated = self.unchanged = self.rejected = 0
        self.committed = self._counters()
        self.seen_skus: dict[str, int] = {}

    def _counters(self) -> tuple:
        return (self.processed, self.created, self.updated, self.unchanged, self.rejected, len(self.errors))

    def forget_uncommitted(self) -> None:
        """After a rollback: count only what the database kept."""
        *counts, errors = self.committed
        self.processed, self.created, self.updated, self.unchanged, self.rejected = counts
        del self.errors[errors:]

    # -- preloading: a few queries for the whole file instead of some per row
    def preload(self) -> None:
        self._load_categories()
        fields = [getattr(Product, f) for f in COMPARED_FIELDS]
        query = select(Product.id, Product.sku, Product.status, Product.pending_revision, *fields).where(
            Product.organization_id == self.organization_id, Product.sku.is_not(None)
        )
        self.existing: dict[str, tuple[int, dict]] = {}
        for row in db.session.execute(query):
            values = dict(zip(COMPARED_FIELDS, row[4:], strict=True))
            self.existing[row.sku] = (row.id, _latest_values(row.status, row.pending_revision, values))
        self.image_names: dict[int, set[str]] = {}
        self.image_counts: dict[int, int] = {}
        images = (
            select(ProductImage.product_id, ProductImage.original_name)
            .join(Product, Product.id == ProductImage.product_id)
            .where(Product.organization_id == self.organization_id)
        )
        for product_id, name in db.session.execute(images):
            self.image_counts[product_id] = self.image_counts.get(product_id, 0) + 1
            if name:
                self.image_names.setdefault(product_id, set()).add(name.casefold())

    def _load_categories(self) -> None:
        # Held here, the Category objects stay in the session's identity map, so clean_product's
        # lookup by id finds them without a query; loading again after each commit refreshes them.
        self.categories = list(db.session.scalars(select(Category)))
        self.category_ids: dict[str, str] = {}
        for category in self.categories:
            for name in (category.name_en, category.name_zh, str(category.id), category.slug):
                if name:
                    self.category_ids[name.strip().casefold()] = str(category.id)

    def _category(self, value: str | None) -> str:
        # Unknown values become "", which clean_product reports as "choose a category" too.
        return self.category_ids.get((value or "").strip().casefold(), "")

    # -- errors
    def error(self, row: int, key: str, message) -> None:
        if len(self.errors) >= MAX_ERRORS_KEPT:
            self.dropped_errors += 1
            return
        column = COLUMN_BY_KEY.get(key)
        self.errors.append({"row": row, "column": column.label(self.lang) if column else key, "message": str(message)})

    # -- rows
    def check_row(self, number: int, values: dict):
        """Validate one row without touching the database: an action, or None if rejected."""
        raw = dict(values)
        known = self.existing.get((values.get("sku") or "").strip())
        if known:
            # A file may hold only some columns ("SKU" and "Lowest price" to change prices): the
            # product keeps what the file does not mention. An empty cell does clear a value.
            for key, value in _as_cells(known[1]).items():
                raw.setdefault(key, value)
        raw["category"] = self._category(raw.get("category"))
        clean, problems = clean_product(raw)
        sku = clean.get("sku")
        if not sku and not any(field == "sku" for field, _message in problems):
            problems.append(("sku", MSG_SKU_REQUIRED))
        if sku:
            if sku in self.seen_skus:
                problems.append(
                    ("sku", _l("This SKU already appears in row %(row)s of this file.", row=self.seen_skus[sku]))
                )
            else:
                self.seen_skus[sku] = number
        existing = self.existing.get(sku) if sku else None
        attached = self.image_names.get(existing[0], set()) if existing else set()
        new_images = []
        for name in _split_names(values.get("images")):
            if name.casefold() in attached:
                continue  # already there: importing the file again adds nothing
            problem = None
            try:
                info = self.zip.find(name) if self.zip else None
            except AmbiguousImage:
                problem = _l("Several files in the ZIP are called %(name)s.", name=name)
            else:
                if self.zip is None:
                    problem = _l("%(name)s: no ZIP of images was uploaded with this file.", name=name)
                elif info is None:
                    problem = _l("%(name)s is not in the ZIP of images.", name=name)
                elif info.file_size > MAX_IMAGE_BYTES:
                    problem = _l("%(name)s: %(problem)s", name=name, problem=_l("An image may be at most 10 MB."))
            if problem:
                problems.append(("images", problem))
            else:
                new_images.append((name, info))
        count = self.image_counts.get(existing[0], 0) if existing else 0
        if new_images and count + len(new_images) > MAX_IMAGES:
            problems.append(("images", _l("A product has at most 10 images.")))
        if problems:
            for field, message in problems:
                self.error(number, field, message)
            self.rejected += 1
            return None
        if existing is None:
            return ("create", number, clean, None, new_images)
        if is_unchanged(existing[1], clean):
            return ("keep", number, clean, existing[0], new_images)
        return ("update", number, clean, existing[0], new_images)

    def apply(self, actions: list) -> None:
        ids = [a[3] for a in actions if a[0] == "update" or (a[0] == "keep" and a[4])]
        products = {}
        if ids:
            query = select(Product).where(Product.id.in_(ids)).options(selectinload(Product.images))
            products = {p.id: p for p in db.session.scalars(query)}
        for kind, number, clean, product_id, new_images in actions:
            if kind == "keep" and not new_images:
                self.unchanged += 1
                continue
            try:
                if kind == "create" or product_id not in products:  # deleted since we looked
                    product = create_product(self.organization_id, clean)
                    self.created += 1
                else:
                    product = products[product_id]
                    if kind == "update":
                        update_product(product, clean)
                    self.updated += 1
            except DomainError as exc:  # e.g. the SKU was taken by a form meanwhile
                self.error(number, exc.field or "sku", exc.message)
                self.rejected += 1
                continue
            for name, info in new_images:
                self.attach(number, product, name, info)

    def attach(self, number: int, product: Product, name: str, info) -> None:
        try:
            data = self.zip.read(info, MAX_IMAGE_BYTES)
            if len(data) > MAX_IMAGE_BYTES:
                raise ImageRejected(_l("An image may be at most 10 MB."))
            store_image(product, data, original_name=name)
        except ImageRejected as exc:
            self.error(number, "images", _l("%(name)s: %(problem)s", name=name, problem=str(exc.message)))
        except (OSError, RuntimeError, ValueError, EOFError):  # a damaged or encrypted ZIP member
            self.error(number, "images", _l("%(name)s could not be read from the ZIP.", name=name))

    # -- the run
    def run(self) -> None:
        # The file is parsed once, in full, before anything changes (a bad file changes nothing);
        # its rows wait in a spool file for the second, importing pass.
        storage = get_storage()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
            with read_rows(storage.local_path(self.file_key), self.filename) as reader:
                for number, values in reader:
                    spool.write(json.dumps([number, values], ensure_ascii=False) + "\n")
            if self.zip_key:
                self.zip = open_image_zip(storage.local_path(self.zip_key))
            try:
                record = db.session.get(CatalogImport, self.import_id)
                record.total_rows = reader.data_rows
                core_db.commit()
                self.preload()
                with use_language(self.lang):
                    for text in reader.unknown_columns:
                        self.errors.append(
                            {"row": reader.header_row, "column": text, "message": str(MSG_UNKNOWN_COLUMN)}
                        )
                self.committed = self._counters()
                spool.seek(0)
                batch: list = []
                for line in spool:
                    batch.append(json.loads(line))
                    if len(batch) >= BATCH_SIZE:
                        self.run_batch(batch)
                        batch = []
                if batch:
                    self.run_batch(batch)
            finally:
                if self.zip:
                    self.zip.close()

    def run_batch(self, batch: list) -> None:
        with use_language(self.lang):
            actions = [a for a in (self.check_row(n, v) for n, v in batch) if a]
            self.apply(actions)
        self.processed += len(batch)
        self.save_progress(db.session.get(CatalogImport, self.import_id))
        core_db.commit()
        self.committed = self._counters()
        self._load_categories()

    def save_progress(self, record: CatalogImport) -> None:
        record.processed_rows = self.processed
        record.created_count = self.created
        record.updated_count = self.updated
        record.unchanged_count = self.unchanged
        # Rows left out; a row saved without one of its pictures is listed in errors but counted
        # as created or updated, so the four counts add up to the rows of the file.
        record.error_count = self.rejected

    def finish(self, record: CatalogImport, status: str, message=None) -> None:
        self.save_progress(record)
        if message is None and self.dropped_errors:
            message = _l("More problems were found; only the first %(n)s are listed.", n=f"{MAX_ERRORS_KEPT:,}")
        record.errors = list(self.errors)
        with use_language(self.lang):
            record.message = str(message)[:500] if message else None
        record.status = status
        record.finished_at = utcnow()


@job("catalog.import")
def run_import(import_id: int) -> None:
    """Import one uploaded spreadsheet; always ends ``done`` or ``failed`` with a message."""
    record = db.session.get(CatalogImport, import_id)
    if record is None or record.status in ("done", "failed"):
        return
    record.status = "running"
    record.started_at = utcnow()
    record.finished_at = None
    record.message = None
    record.errors = None
    core_db.commit()
    work = _Import(record)
    status, message = "done", None
    try:
        work.run()
    except ImportRefused as exc:
        db.session.rollback()
        work.forget_uncommitted()
        status, message = "failed", exc.message
    except Exception:
        # Never left "running": the exhibitor sees a message, the traceback goes to the log.
        log.exception("catalog import %s failed", import_id)
        db.session.rollback()
        work.forget_uncommitted()
        status, message = "failed", MSG_FAILED
    work.finish(db.session.get(CatalogImport, import_id), status, message)
    core_db.commit()


# ---------------------------------------------------------------- reports and export
def error_report_xlsx(import_id: int) -> bytes:
    """The problems of an import (row, column, message) in the uploader's language."""
    record = db.session.get(CatalogImport, import_id)
    lang = _lang(record.lang if record else None)
    workbook = openpyxl.Workbook(write_only=True)
    with use_language(lang):
        sheet = workbook.create_sheet(str(_l("Problems")))
        sheet.column_dimensions["A"].width = 8
        sheet.column_dimensions["B"].width = 22
        sheet.column_dimensions["C"].width = 90
        sheet.append([_cell(sheet, str(h), bold=True) for h in (_l("Row"), _l("Column"), _l("Problem"))])
        for error in (record.errors if record else None) or []:
            sheet.append([_cell(sheet, error.get(k)) for k in ("row", "column", "message")])
        if record and record.status == "done" and record.message:  # problems beyond those listed
            sheet.append([None, None, _cell(sheet, record.message)])
    return _to_bytes(workbook)


def _format_specs(specs) -> str | None:
    parts = []
    for spec in specs or []:
        name = spec.get("name") or spec.get("name_zh") or spec.get("name_en")
        if name:
            parts.append(f"{name}: {spec.get('value', '')}")
    return "; ".join(parts) or None


def export_rows(organization_id: int, lang: str):
    """Each product of the organization as values in COLUMNS order, then its status."""
    lang = _lang(lang)
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
        values = _latest_values(product.status, product.pending_revision, values)
        values["category"] = slugs.get(values.pop("category_id"))
        values["specs"] = _format_specs(values.get("specs"))
        for field in ("price_min", "price_max"):
            if values.get(field) is not None:
                values[field] = Decimal(str(values[field]))
        values["price_negotiable"] = YES[lang] if values.get("price_negotiable") else NO[lang]
        values["images"] = "; ".join(i.original_name for i in product.images if i.original_name) or None
        yield [values.get(c.key) for c in COLUMNS] + [str(PRODUCT_STATES.get(product.status, product.status))]


def export_xlsx(organization_id: int, lang: str) -> bytes:
    """The organization's catalog (archived products too, with a status column) in the template's
    layout: edit it and import it again."""
    lang = _lang(lang)
    workbook = openpyxl.Workbook(write_only=True)
    with use_language(lang):
        sheet = workbook.create_sheet(str(MSG_PRODUCTS_SHEET))
        sheet.freeze_panes = "B2"
        for index, column in enumerate((*COLUMNS, STATUS_COLUMN), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 2)
        sheet.append([_cell(sheet, c.header, bold=True) for c in (*COLUMNS, STATUS_COLUMN)])
        for values in export_rows(organization_id, lang):
            sheet.append([_cell(sheet, v) for v in values])
        _reference_sheet(workbook.create_sheet(str(MSG_CATEGORIES_SHEET)), lang, write_only=True)
    return _to_bytes(workbook)
