"""Reading catalog uploads: the spreadsheet through core.imports.reading, the ZIP of images here.

``read_rows`` reads a catalog file with the catalog's headings (a file must
have the SKU column; the export's status column is recognised and ignored). ``ImageZip`` finds
the pictures a row names in the uploaded ZIP, checked for zip bombs like a workbook.
"""

from __future__ import annotations

import os
import posixpath
import zipfile

from flask_babel import lazy_gettext as _l

from core.imports.reading import ImportRefused, RowReader, check_zip, member_name, refuse_too_large
from marketplace.catalog.imports.columns import COLUMNS, READ_ONLY_KEYS, match_heading

MAX_ZIP_BYTES = 200 * 1024 * 1024
# The ZIP of images: pictures barely compress, so twice the upload limit is generous; more
# members than a workbook, since 10,000 products may well have several pictures each.
IMAGE_ZIP_MAX_UNPACKED_BYTES = 2 * MAX_ZIP_BYTES
IMAGE_ZIP_MAX_MEMBERS = 10_000


def _too_many(n: str):
    return _l("The file has more than %(n)s product rows. Split it into several files.", n=n)


def read_rows(path, filename: str) -> RowReader:
    """Open an uploaded catalog (.xlsx or .csv): refuses bad files at once, then yields its rows."""
    return RowReader(
        path,
        filename,
        match_heading,
        required={"sku": _l("The file has no SKU column: the import recognises each product by its SKU.")},
        ignored=READ_ONLY_KEYS,
        example=COLUMNS[0].header,
        too_many=_too_many,
    )


# ---------------------------------------------------------------- the ZIP of images
class AmbiguousImage(Exception):
    pass


class ImageZip:
    """Images in an uploaded ZIP, found by file name without folders, case-insensitively."""

    def __init__(self, path):
        if os.path.getsize(path) > MAX_ZIP_BYTES:
            raise refuse_too_large(MAX_ZIP_BYTES)
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise ImportRefused(_l("The images file is not a valid ZIP file.")) from None
        try:
            members = check_zip(self.archive, IMAGE_ZIP_MAX_MEMBERS, IMAGE_ZIP_MAX_UNPACKED_BYTES)
        except ImportRefused:
            self.archive.close()
            raise
        self._by_name: dict[str, list[zipfile.ZipInfo]] = {}
        for info in members:
            name = posixpath.basename(member_name(info).replace("\\", "/"))
            # Folders and the resource forks macOS adds (__MACOSX/._photo.jpg) are not images.
            if info.is_dir() or not name or name.startswith("._") or "__MACOSX/" in info.filename:
                continue
            self._by_name.setdefault(name.casefold(), []).append(info)

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The member called ``name`` (folders ignored); AmbiguousImage if several are."""
        found = self._by_name.get(posixpath.basename(name.replace("\\", "/")).casefold(), [])
        if len(found) > 1:
            raise AmbiguousImage(name)
        return found[0] if found else None

    def read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """At most ``limit + 1`` bytes, so a member larger than it says is caught too."""
        with self.archive.open(info) as f:
            return f.read(limit + 1)

    def close(self) -> None:
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_image_zip(path) -> ImageZip:
    return ImageZip(path)
