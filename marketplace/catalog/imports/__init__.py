"""Bulk catalog import and export: templates, the import job, the error report, the export.

An exhibitor uploads a spreadsheet (and optionally a ZIP of images); the view stores them,
creates a ``CatalogImport`` and enqueues ``catalog.import``. The job reads the file twice:
once to count its rows (and refuse a bad file before anything changes), once to import in
batches of ``BATCH_SIZE`` rows, committing after each so a progress bar can follow. Each row
goes through ``clean_product``, the same rules as the product form. Products are matched by
SKU within the organization, so importing a file again, or an export of the catalog, changes
nothing. When the job ends, its problems (row, column, message) can be downloaded as a report;
the export writes the catalog in the template's layout, so it goes back in as it came out.

Reading files safely, the problem log and its report, and the job's frame are core's
(``core.imports``), shared with the bureau's credit import. The parts here: ``columns`` (the
file's layout), ``reading`` (a catalog file's headings, and the ZIP of images), ``templates``
(the template to fill in), ``job`` (the ``catalog.import`` job) and ``export`` (the export and
the error report). Importing this package registers the job.
"""

from core.imports.reading import MAX_ROWS, MAX_SHEET_BYTES, ImportRefused, RowReader
from core.imports.report import problem_text
from marketplace.catalog.imports.columns import COLUMNS
from marketplace.catalog.imports.export import error_report_xlsx, export_xlsx, rejected_rows
from marketplace.catalog.imports.job import run_import
from marketplace.catalog.imports.reading import MAX_ZIP_BYTES, ImageZip, open_image_zip, read_rows
from marketplace.catalog.imports.templates import template_csv, template_xlsx

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
    "problem_text",
    "read_rows",
    "rejected_rows",
    "run_import",
    "template_csv",
    "template_xlsx",
]
