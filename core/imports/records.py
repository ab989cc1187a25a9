"""What an import record holds, and the life of an import job: queued, running, done or failed.

``ImportRecord`` is a mixin, not a table: each domain's import table (the catalog's
``catalog_imports``, credit's ``credit_imports``) has these columns (who uploaded which file,
status, progress, the problems found, a closing message) and adds its own counts and foreign
keys. One shared table was weighed and left: the counts differ by domain (products created,
updated, unchanged; facts added, duplicates skipped, records created), and would end up as
untyped JSON; the catalog's rows belong to an organization and go with it, the bureau's belong
to no one; and the catalog's table would need a data migration for nothing a reader gains.

``run_recorded`` is the job's frame: it marks the record running, runs an ``ImportWork`` and
always ends the record ``done`` or ``failed`` with a message the uploader reads, never
``running`` (the traceback goes to the log).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core import db as core_db
from core.db import enum_column, utcnow
from core.extensions import db
from core.imports.reading import ImportRefused
from core.imports.report import ProblemLog
from core.mail import use_language

log = logging.getLogger(__name__)

MSG_FAILED = _l(
    "The import stopped because of an error on our side. Rows saved before it are kept:"
    " upload the same file again to import the rest."
)


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportRecord:
    """The columns every import table has (with TimestampMixin beside it)."""

    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus), default=ImportStatus.QUEUED)
    filename: Mapped[str] = mapped_column(String(200))
    file_key: Mapped[str] = mapped_column(String(200))
    total_rows: Mapped[int] = mapped_column(default=0)
    processed_rows: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)  # rows left out
    # [{"row": 7, "key": "price_min", "value": "abc", "message": {"zh": ..., "en": ...}}]
    errors: Mapped[list | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(String(500))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class ImportWork(ABC):
    """One run of an import; a domain's job subclasses it: ``run`` reads and saves rows,
    committing as it goes; ``save_progress`` writes its counts on the record; ``counts`` and
    ``restore`` say what to forget after a rollback."""

    def __init__(self, record, keys):
        self.import_id = record.id
        self.filename = record.filename
        self.lang = record.lang
        self.problems = ProblemLog(keys)
        self.committed = self.snapshot()

    def counts(self) -> tuple:
        return ()

    def restore(self, counts: tuple) -> None:  # noqa: B027 - a hook: nothing to restore without counts
        """Set the counts back to ``counts`` (what ``counts()`` gave) after a rollback."""

    def snapshot(self) -> tuple:
        return (self.counts(), len(self.problems))

    def mark_committed(self) -> None:
        self.committed = self.snapshot()

    def forget_uncommitted(self) -> None:
        """After a rollback: count only what the database kept."""
        counts, problems = self.committed
        self.restore(counts)
        self.problems.forget_after(problems)

    @abstractmethod
    def run(self) -> None:
        """Import the spooled rows (each domain's own)."""

    @abstractmethod
    def save_progress(self, record) -> None:
        """Write the counts so far onto the import's record (each domain counts its own things)."""

    def finish(self, record, status: str, message=None) -> None:
        self.save_progress(record)
        if message is None:
            message = self.problems.too_many_message()
        self.problems.render()
        record.errors = list(self.problems.entries)
        with use_language(self.lang):
            record.message = str(message)[:500] if message else None
        record.status = status
        record.finished_at = utcnow()

    def finished(self, record) -> None:  # noqa: B027 - a hook a domain may leave empty
        """Called in the job's last transaction, before its commit (an audit entry, notices)."""


def run_recorded(
    model, import_id: int, work_class, failures: Mapping[type, object] | None = None, failed_message=MSG_FAILED
) -> None:
    """Run the import ``import_id`` of ``model`` with ``work_class``; ``failures`` maps the
    exceptions a domain expects to the message its uploader reads."""
    record = db.session.get(model, import_id)
    if record is None or record.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return
    record.status = ImportStatus.RUNNING
    record.started_at = utcnow()
    record.finished_at = None
    record.message = None
    record.errors = None
    core_db.commit()
    work = work_class(record)
    status, message = ImportStatus.DONE, None
    try:
        work.run()
    except ImportRefused as exc:
        db.session.rollback()
        work.forget_uncommitted()
        status, message = ImportStatus.FAILED, exc.message
    except Exception as exc:
        db.session.rollback()
        work.forget_uncommitted()
        expected = next((m for kind, m in (failures or {}).items() if isinstance(exc, kind)), None)
        if expected is None:
            # Never left running: the uploader sees a message, the traceback goes to the log.
            log.exception("%s %s failed", model.__tablename__, import_id)
        status, message = ImportStatus.FAILED, expected or failed_message
    record = db.session.get(model, import_id)
    work.finish(record, status, message)
    work.finished(record)
    core_db.commit()
