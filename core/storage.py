"""File storage for uploads: one interface, a local folder by default.

Keys are generated here (``<prefix>/<yyyy>/<mm>/<random>.<ext>``), never taken from the
client, so a file name cannot reach outside the folder. ``sniff`` identifies a file by its
first bytes: later features accept uploads by content, never by the name or the browser's
Content-Type.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from flask import current_app, url_for

from core.db import utcnow

SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
    (b"PK\x03\x04", "application/zip", "zip"),
)


# Folders of files that only a view with an access check serves (core.attachments).
PRIVATE_PREFIXES = ("attachments",)


class StorageError(Exception):
    pass


def sniff(head: bytes) -> tuple[str, str] | None:
    """(mime type, extension) recognised from the first bytes of a file, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    for magic, mime, ext in SIGNATURES:
        if head.startswith(magic):
            return mime, ext
    return None


class LocalStorage:
    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise StorageError("key outside storage")
        return path

    def save(self, stream: BinaryIO, prefix: str, ext: str, max_bytes: int | None = None) -> str:
        if not prefix.replace("_", "").replace("-", "").isalnum() or not ext.isalnum():
            raise StorageError("bad prefix or extension")
        now = utcnow()
        key = f"{prefix}/{now:%Y}/{now:%m}/{secrets.token_urlsafe(16)}.{ext.lower()}"
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        tmp = path.with_suffix(path.suffix + ".part")
        with open(tmp, "wb") as out:
            while chunk := stream.read(64 * 1024):
                written += len(chunk)
                if max_bytes is not None and written > max_bytes:
                    out.close()
                    tmp.unlink(missing_ok=True)
                    raise StorageError("too large")
                out.write(chunk)
        tmp.replace(path)
        return key

    def open(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")

    def is_private(self, key: str) -> bool:
        """Whether ``key`` is under a folder whose files are served only through an access
        check (attachments), never as public media."""
        try:
            relative = self._path(key).relative_to(self.root)
        except StorageError:
            return True
        return relative.parts[:1] in {(prefix,) for prefix in PRIVATE_PREFIXES}

    def exists(self, key: str) -> bool:
        try:
            return self._path(key).is_file()
        except StorageError:
            return False

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path:
        return self._path(key)

    def url(self, key: str) -> str:
        return url_for("core.media", key=key)

    def remove_all(self) -> None:  # used by tests
        shutil.rmtree(self.root, ignore_errors=True)


def get_storage() -> LocalStorage:
    app = current_app
    if "tradewindow_storage" not in app.extensions:
        app.extensions["tradewindow_storage"] = LocalStorage(app.config["UPLOAD_DIR"])
    return app.extensions["tradewindow_storage"]
