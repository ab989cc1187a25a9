"""Bulk import from spreadsheets, the parts every domain shares.

A domain's import (the catalog's products, the bureau's credit facts) stores an upload, records
it in its own table (``records.ImportRecord``'s columns and its counts) and runs a job framed by
``records.run_recorded``. The job reads the file with ``reading`` (CSV in UTF-8 or GB18030, or
XLSX; zip bombs, macros and formulas refused; headings recognised by a ``writing.HeadingMatcher``
of the domain's ``Column``s), checks each row by the domain's own rules, and notes what is wrong
in a ``report.ProblemLog``; the status page lists the rejected rows and
``report.rejected_rows_xlsx`` writes them as a workbook to correct and import again.
"""
