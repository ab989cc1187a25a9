"""The import job ``catalog.import``: checking each row, comparing it with the catalog, saving.

``run_import`` runs one ``CatalogImport``: ``_Import`` reads the whole file once into a spool
(a bad file is refused before anything changes), preloads the organization's products, images
and the categories, then checks and applies the rows in batches of ``BATCH_SIZE``, committing
after each so the progress bar can follow. Each row goes through ``clean_product``, the rules of
the product form; a row equal to what the exhibitor last wrote (``is_unchanged``) changes
nothing, and images are found by name in the uploaded ZIP.
"""

from __future__ import annotations

import posixpath
import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core import db as core_db
from core.errors import DomainError
from core.extensions import db
from core.imports.reading import RowSpool
from core.imports.records import ImportWork, run_recorded
from core.imports.writing import file_language
from core.jobs import job
from core.mail import use_language
from core.media import MAX_IMAGE_BYTES, ImageRejected
from core.review import ReviewStatus
from core.storage import get_storage
from marketplace.catalog.images import MAX_IMAGES
from marketplace.catalog.imports.columns import COLUMN_BY_KEY, COLUMNS, format_specs, is_example
from marketplace.catalog.imports.reading import AmbiguousImage, ImageZip, open_image_zip, read_rows
from marketplace.catalog.models import CatalogImport, Category, Product, ProductImage
from marketplace.catalog.services import EDITABLE_FIELDS, add_image, clean_product, create_product, update_product

BATCH_SIZE = 200
MSG_CONCURRENT = _l(
    "The import stopped: your catalog was changed elsewhere at the same moment, again and again. "
    "Import the file again; what is already imported stays as it is."
)
# Compared to tell "unchanged" from "updated"; original_language is derived from the titles.
COMPARED_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "original_language")
IMPORTED_KEYS = tuple(c.key for c in COLUMNS if c.key != "images")

MSG_SKU_REQUIRED = _l("The SKU is required: the import recognises each product by it.")
MSG_UNKNOWN_COLUMN = _l("This column is not in the template and was ignored.")
MSG_FAILED = _l(
    "The import stopped because of an error on our side. Products saved before it are kept:"
    " upload the same file again to import the rest."
)


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


def latest_values(status: str, revision: dict | None, values: dict) -> dict:
    """What the exhibitor last wrote: a published product's pending revision, if any."""
    if status == ReviewStatus.PUBLISHED and revision:
        return {**values, **{k: v for k, v in revision.items() if k in COMPARED_FIELDS}}
    return values


def _as_cells(values: dict) -> dict:
    """A product's values as the text of the import columns (the export's cells, in short)."""
    cells = {key: values.get(key) for key in IMPORTED_KEYS if key in values}
    cells["category"] = str(values["category_id"]) if values.get("category_id") else None
    cells["specs"] = format_specs(values.get("specs"))
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
BATCH_ATTEMPTS = 3


class ConcurrentChange(Exception):
    """The database refused a row of the batch (a SKU saved elsewhere at the same moment)."""

    def __init__(self, row: int | None):
        super().__init__(row)
        self.row = row


class _Import(ImportWork):
    """One run of an import: what it has preloaded, and what it has counted so far."""

    def __init__(self, record: CatalogImport):
        self.processed = self.created = self.updated = self.unchanged = self.rejected = 0
        super().__init__(record, COLUMN_BY_KEY)
        self.organization_id = record.organization_id
        self.lang = file_language(record.lang)
        self.file_key, self.zip_key = record.file_key, record.zip_key
        self.zip: ImageZip | None = None
        self.batch_values: dict[int, dict] = {}  # the cells of the rows being imported, by row
        self.seen_skus: dict[str, int] = {}

    def counts(self) -> tuple:
        return (self.processed, self.created, self.updated, self.unchanged, self.rejected)

    def restore(self, counts: tuple) -> None:
        self.processed, self.created, self.updated, self.unchanged, self.rejected = counts

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
            self.existing[row.sku] = (row.id, latest_values(row.status, row.pending_revision, values))
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
    def error(self, row: int, key: str, message, column: str | None = None) -> None:
        """A problem of ``row``: which column (``key``), the value found there, the message, and,
        with the row's first problem, the row's cells, which the report repeats."""
        self.problems.add(row, key, message, column=column, cells=self.batch_values.get(row))

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
                if not db.session.is_active:  # the database refused the row: the batch starts again
                    raise ConcurrentChange(number) from exc
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
            add_image(product, data, original_name=name)
        except ImageRejected as exc:
            self.error(number, "images", _l("%(name)s: %(problem)s", name=name, problem=exc.message))
        except (OSError, RuntimeError, ValueError, EOFError):  # a damaged or encrypted ZIP member
            self.error(number, "images", _l("%(name)s could not be read from the ZIP.", name=name))

    # -- the run
    def run(self) -> None:
        # The file is parsed once, in full, before anything changes (a bad file changes nothing);
        # its rows wait in a spool file for the second, importing pass.
        storage = get_storage()
        with RowSpool() as spool:
            with read_rows(storage.local_path(self.file_key), self.filename) as reader:
                for number, values in reader:
                    if not is_example(values):  # the template's example row, left in
                        spool.add(number, values)
            if self.zip_key:
                self.zip = open_image_zip(storage.local_path(self.zip_key))
            try:
                record = db.session.get(CatalogImport, self.import_id)
                record.total_rows = spool.count
                core_db.commit()
                self.preload()
                for text in reader.unknown_columns:
                    self.error(reader.header_row, None, MSG_UNKNOWN_COLUMN, column=text)
                self.problems.render()
                self.mark_committed()
                for batch in spool.batches(BATCH_SIZE):
                    self.run_batch(batch)
            finally:
                if self.zip:
                    self.zip.close()

    def run_batch(self, batch: list) -> None:
        """Import a batch in one transaction. If a product with one of its SKUs was saved
        elsewhere meanwhile (the database refuses the row), the batch is rolled back and
        done again against the catalog as it is now: that row updates the product saved
        elsewhere, as importing over an existing SKU does."""
        for _attempt in range(BATCH_ATTEMPTS - 1):
            try:
                return self._run_batch(batch)
            except ConcurrentChange:
                db.session.rollback()
                self.forget_uncommitted()
                numbers = {number for number, _values in batch}
                self.seen_skus = {sku: row for sku, row in self.seen_skus.items() if row not in numbers}
                self.preload()
        return self._run_batch(batch)

    def _run_batch(self, batch: list) -> None:
        self.batch_values = dict(batch)
        with use_language(self.lang):
            actions = [a for a in (self.check_row(n, v) for n, v in batch) if a]
            self.apply(actions)
        self.problems.render()
        self.processed += len(batch)
        self.save_progress(db.session.get(CatalogImport, self.import_id))
        try:
            core_db.commit()
        except DomainError as exc:  # a row the database refused as the batch was written
            raise ConcurrentChange(None) from exc
        self.mark_committed()
        self._load_categories()

    def save_progress(self, record: CatalogImport) -> None:
        record.processed_rows = self.processed
        record.created_count = self.created
        record.updated_count = self.updated
        record.unchanged_count = self.unchanged
        # Rows left out; a row saved without one of its pictures is listed in errors but counted
        # as created or updated, so the four counts add up to the rows of the file.
        record.error_count = self.rejected


@job("catalog.import", label=_l("Catalog import from a spreadsheet"))
def run_import(import_id: int) -> None:
    """Import one uploaded spreadsheet; always ends ``done`` or ``failed`` with a message."""
    run_recorded(CatalogImport, import_id, _Import, {ConcurrentChange: MSG_CONCURRENT}, MSG_FAILED)
