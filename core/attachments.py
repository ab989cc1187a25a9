"""Attachments: documents and pictures that people attach to things, for every domain.

One ``attachments`` row per file, pointing at its owner by kind and id (``("rfq", 12)``); the
file itself is in ``core.storage`` under a key made here. What a file is, is told by its
content (``core.filecheck``), never by its name or the browser's Content-Type; the name shown
is the base name the file came with, cleaned, with the extension of what it really is. Files
are kept byte for byte (a document may be evidence: its SHA-256 is recorded).

How a form takes files:

1. ``check_uploads(files, kind, already)`` reads and checks each file and returns the ones
   that passed (``Upload``, nothing stored yet) and the problems as form errors. A form with
   any error, in its files or its other fields, goes back to the user and changes nothing.
2. Inside the service's transaction, ``attach(kind, owner_id, uploads, user)`` stores the files
   and adds their rows. A file written in a transaction that rolls back is deleted with it;
   ``remove`` deletes a file only after the commit (``core.media.delete_later``).

Who may read an owner kind's files is said once, by the domain that owns them:
``register_owner("rfq", can_read=...)``. The download view (``/<lang>/files/<id>/<name>``)
asks that function for every request, and serves the file as a download only (``attachment``,
``nosniff``, a sandboxing CSP): a file is never shown inline, so an HTML or SVG file that got
in some other way still could not run in the site's origin.

An attachment added to a published item waits for review (``pending``) with the item's
revision: ``publish_pending`` or ``discard_pending`` when staff decide.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO
from urllib.parse import quote

from flask import Blueprint, abort, current_app, has_app_context, redirect, request, send_file, url_for
from flask_babel import get_locale, lazy_gettext as _l, ngettext
from flask_login import AnonymousUserMixin, current_user
from flask_wtf.file import MultipleFileField
from markupsafe import escape
from sqlalchemy import ForeignKey, Index, String, bindparam, event, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core import access
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.filecheck import ACCEPT, LABELS, FileRejected, identify
from core.storage import StorageError, get_storage

PREFIX = "attachments"  # storage keys under attachments/: never served by core.media
MAX_PER_OWNER = 5
MAX_NAME = 120  # characters of a name as shown
DEFAULT_MAX_MB = 10


class Attachment(db.Model):
    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_kind", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(32))  # a registered owner kind: "rfq", "quote" ...
    owner_id: Mapped[int]
    key: Mapped[str] = mapped_column(String(255), unique=True)  # core.storage key, made here
    filename: Mapped[str] = mapped_column(String(255))  # as shown and downloaded
    mime_type: Mapped[str] = mapped_column(String(127))  # what the content is (core.filecheck)
    extension: Mapped[str] = mapped_column(String(10))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Added to a published item: unseen by the public until staff approve the item's revision.
    pending: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def label(self) -> str:
        return str(LABELS.get(self.mime_type, self.extension.upper()))


class AttachmentRejected(DomainError):
    default_message = _l("This file cannot be attached.")


# ---------------------------------------------------------------- owners and who reads their files
@dataclass(frozen=True)
class OwnerKind:
    """``can_read(attachment, user)``: whether ``user`` (maybe anonymous) may download it."""

    name: str
    can_read: Callable[[Attachment, object], bool]
    max_count: int = MAX_PER_OWNER


_OWNERS: dict[str, OwnerKind] = {}


def register_owner(name: str, can_read: Callable[[Attachment, object], bool], max_count: int = MAX_PER_OWNER):
    """Say who may read the files of owners of kind ``name`` (the one check the download makes)."""
    _OWNERS[name] = OwnerKind(name, can_read, max_count)


def owner_kind(name: str) -> OwnerKind:
    return _OWNERS[name]


def can_read(attachment: Attachment, user) -> bool:
    kind = _OWNERS.get(attachment.owner_kind)
    return kind is not None and bool(kind.can_read(attachment, user))


def user_id(user) -> int | None:
    """The id of a signed-in user, None for a visitor."""
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


# ---------------------------------------------------------------- names
_NOT_IN_NAMES = set('<>:"|?*')


def clean_name(raw: str | None) -> str:
    """The name a file came with, as we show it: its base name (no folders, whichever slash),
    Unicode NFC, without control, format or unassigned characters (a right-to-left override
    that turns "gpj.exe" around), spaces collapsed, at most MAX_NAME characters."""
    name = unicodedata.normalize("NFC", str(raw or "")[:1000])
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category[0] == "C" or category in ("Zl", "Zp"):
            continue
        kept.append(" " if category == "Zs" else "_" if char in _NOT_IN_NAMES else char)
    name = " ".join("".join(kept).split()).strip(" .")
    return name[:MAX_NAME]


def display_name(raw: str | None, ext: str) -> str:
    """The cleaned name with the extension of what the file is: ``photo.docx`` that is a PNG
    is ``photo.png``; ``报价单`` that is a PDF is ``报价单.pdf``."""
    name = clean_name(raw)
    stem, dot, old = name.rpartition(".")
    if not dot or not old or len(old) > 10 or not old.isalnum():
        stem = name
    if stem.lower().endswith("." + ext):
        stem = stem[: -len(ext) - 1]
    stem = stem.strip(" .") or "attachment"
    return f"{stem[: MAX_NAME - len(ext) - 1].rstrip(' .')}.{ext}"


# ---------------------------------------------------------------- checking uploads
def max_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_MB") or DEFAULT_MAX_MB) * 1024 * 1024


def human_size(size: int) -> str:
    """1.2 MB, 340 kB, 12 byte: in the page's language (CLDR units)."""
    from babel.units import format_unit

    locale = get_locale() or "en"
    for unit, step in (("digital-megabyte", 1024 * 1024), ("digital-kilobyte", 1024)):
        if size >= step:
            value = round(size / step, 1)
            value = int(value) if value >= 10 or value == int(value) else value
            return format_unit(value, unit, length="short", locale=locale)
    return format_unit(size, "digital-byte", length="short", locale=locale)


@dataclass(frozen=True)
class Upload:
    """A file that passed the checks and is not stored yet."""

    filename: str
    mime: str
    ext: str
    size: int
    sha256: str
    stream: BinaryIO


def check_upload(upload) -> Upload:
    """One uploaded file (a Werkzeug FileStorage) checked by content and size, or
    AttachmentRejected with a message that names it."""
    shown = clean_name(upload.filename) or "?"
    limit = max_bytes()
    upload.stream.seek(0)
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise AttachmentRejected(
            _l("%(name)s is larger than %(limit)s; attach a smaller file.", name=shown, limit=human_size(limit)),
            field="files",
        )
    try:
        found = identify(data, shown)
    except FileRejected as problem:
        raise AttachmentRejected(problem.message, field="files") from None
    upload.stream.seek(0)
    return Upload(
        display_name(upload.filename, found.ext),
        found.mime,
        found.ext,
        len(data),
        hashlib.sha256(data).hexdigest(),
        upload.stream,
    )


def check_uploads(files, kind: str, already: int = 0, field: str = "files") -> tuple[list[Upload], list]:
    """The files of a form checked one by one: (those that passed, [(field, message)] for the
    others and for too many). ``already``: how many the owner has."""
    uploads, errors = [], []
    files = [f for f in (files or []) if getattr(f, "filename", None)]
    limit = _OWNERS[kind].max_count
    if already + len(files) > limit:
        return [], [(field, _too_many(limit, already))]  # no need to read what cannot be kept
    for upload in files:
        try:
            uploads.append(check_upload(upload))
        except AttachmentRejected as problem:
            errors.append((field, problem.message))
    return uploads, errors


def _too_many(limit: int, already: int) -> str:
    """What a form is told when it brings more files than its owner may have (in a request:
    the words are chosen for the number now)."""
    if already:
        return ngettext(
            "At most %(num)s file can be attached here, and %(count)s already are.",
            "At most %(num)s files can be attached here, and %(count)s already are.",
            limit,
            count=already,
        )
    return ngettext("At most %(num)s file can be attached here.", "At most %(num)s files can be attached here.", limit)


# ---------------------------------------------------------------- storing and removing
_WRITTEN = "attachment_files_written"


def attach(kind: str, owner_id: int, uploads: Iterable[Upload], user=None, pending: bool = False) -> list[Attachment]:
    """Store checked uploads for an owner, in the caller's transaction (files and rows go
    together: a rollback deletes the files written here)."""
    uploads = list(uploads)
    if not uploads:
        return []
    limit = _OWNERS[kind].max_count
    already = count(kind, owner_id)  # also opens the transaction the files belong to
    if already + len(uploads) > limit:
        raise AttachmentRejected(_too_many(limit, already), field="files")
    storage, made = get_storage(), []
    for upload in uploads:
        upload.stream.seek(0)
        try:
            key = storage.save(upload.stream, PREFIX, upload.ext, max_bytes=max_bytes())
        except StorageError:
            raise AttachmentRejected(field="files") from None
        db.session.info.setdefault(_WRITTEN, []).append(key)
        record = Attachment(
            owner_kind=kind,
            owner_id=owner_id,
            key=key,
            filename=upload.filename,
            mime_type=upload.mime,
            extension=upload.ext,
            size=upload.size,
            sha256=upload.sha256,
            pending=pending,
            uploaded_by_id=user_id(user),
        )
        db.session.add(record)
        made.append(record)
    db.session.flush()
    return made


@event.listens_for(Session, "after_commit")
def _kept(session):
    session.info.pop(_WRITTEN, None)


@event.listens_for(Session, "after_transaction_end")
def _rolled_back(session, transaction):
    """The outermost transaction ended without a commit: delete the files it wrote."""
    if transaction.parent is not None or transaction.nested:
        return
    keys = session.info.pop(_WRITTEN, None)
    if keys and has_app_context():
        storage = get_storage()
        for key in keys:
            storage.delete(key)


def remove(attachment: Attachment) -> None:
    """Delete an attachment: its row now, its file once the transaction has committed."""
    from core.media import delete_later

    delete_later([attachment.key])
    db.session.delete(attachment)


def remove_all(kind: str, owner_ids: Iterable[int]) -> None:
    """Delete the attachments of owners that go (an owner's rows do not cascade to them)."""
    owner_ids = list(owner_ids)
    if not owner_ids:
        return
    for attachment in db.session.scalars(
        select(Attachment).where(Attachment.owner_kind == kind, Attachment.owner_id.in_(owner_ids))
    ):
        remove(attachment)


def publish_pending(kind: str, owner_id: int) -> None:
    for attachment in of(kind, owner_id):
        attachment.pending = False


def discard_pending(kind: str, owner_id: int) -> None:
    for attachment in of(kind, owner_id):
        if attachment.pending:
            remove(attachment)


# ---------------------------------------------------------------- reading
def count(kind: str, owner_id: int) -> int:
    return db.session.scalar(select(func.count()).where(Attachment.owner_kind == kind, Attachment.owner_id == owner_id))


def of(kind: str, owner_id: int, public: bool = False) -> list[Attachment]:
    """An owner's attachments in the order they were added; ``public``: without those waiting."""
    return of_many(kind, [owner_id], public).get(owner_id, [])


@dataclass(frozen=True, slots=True)
class FileCard:
    """A public file as a kept public page lists it (hashable: part of the page's key)."""

    id: int
    filename: str
    mime_type: str
    extension: str
    size: int
    pending: bool = False

    @property
    def label(self) -> str:
        return str(LABELS.get(self.mime_type, self.extension.upper()))


_PUBLIC_FILES = (
    select(Attachment.id, Attachment.filename, Attachment.mime_type, Attachment.extension, Attachment.size)
    .where(
        Attachment.owner_kind == bindparam("kind"),
        Attachment.owner_id == bindparam("owner"),
        Attachment.pending.is_(False),
    )
    .order_by(Attachment.id)
)


def public_files_exist(kind: str, owner_id_column):
    """A column for a public page's read: whether the owner in ``owner_id_column`` has files
    anyone may see (so a page without files makes no second query)."""
    return (
        select(Attachment.id)
        .where(
            Attachment.owner_kind == kind,
            Attachment.owner_id == owner_id_column,
            Attachment.pending.is_(False),
        )
        .exists()
    )


def public_files(kind: str, owner_id: int) -> tuple[FileCard, ...]:
    """An owner's files that are not waiting for review, for a busy public page (core.reads)."""
    from core import reads

    return tuple(FileCard(*row) for row in reads.rows(_PUBLIC_FILES, {"kind": kind, "owner": owner_id}))


def of_many(kind: str, owner_ids: Iterable[int], public: bool = False) -> dict[int, list[Attachment]]:
    """{owner id: its attachments} for a page of owners, in one query."""
    owner_ids = sorted(set(owner_ids))
    if not owner_ids:
        return {}
    query = select(Attachment).where(Attachment.owner_kind == kind, Attachment.owner_id.in_(owner_ids))
    if public:
        query = query.where(Attachment.pending.is_(False))
    found: dict[int, list[Attachment]] = {}
    for attachment in db.session.scalars(query.order_by(Attachment.id)):
        found.setdefault(attachment.owner_id, []).append(attachment)
    return found


# ---------------------------------------------------------------- the form field
class _Hint:
    """A field's hint, worded when the page renders (the size limit is a setting)."""

    def __init__(self, kind: str):
        self.kind = kind

    def __str__(self) -> str:
        limit = _OWNERS[self.kind].max_count
        return ngettext(
            "PDF, Word, Excel or PowerPoint files, or JPEG, PNG or WebP images: at most %(num)s file "
            "of up to %(size)s.",
            "PDF, Word, Excel or PowerPoint files, or JPEG, PNG or WebP images: at most %(num)s files "
            "of up to %(size)s each.",
            limit,
            size=human_size(max_bytes()),
        )

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __bool__(self) -> bool:
        return True


class AttachmentsField(MultipleFileField):
    """A form's files: ``AttachmentsField(_l("Attachments (optional)"), kind="rfq")``. The
    browser's chooser is offered the accepted extensions; the content decides."""

    def __init__(self, label=None, validators=None, kind: str = "", **kwargs):
        kwargs.setdefault("render_kw", {"accept": ACCEPT})
        super().__init__(label, validators, **kwargs)
        self.description = _Hint(kind)

    @property
    def files(self) -> list:
        return [f for f in (self.data or []) if getattr(f, "filename", None)]


NOT_KEPT = _l("The files you chose were not saved because of the problems above: choose them again.")


def files_not_kept(form, field: str = "files") -> None:
    """A form that goes back with errors lost the files it carried (browsers do not refill a
    file input): say so at the field."""
    target = getattr(form, field)
    if target.files and NOT_KEPT not in target.errors:
        target.errors = [*target.errors, NOT_KEPT]


def accepts_files(kind: str):
    """A view whose form carries an owner kind's files takes a body that large (its files at
    their size limit, and the form), not MAX_CONTENT_LENGTH."""
    from core.security import accepts_body

    return accepts_body(lambda: _OWNERS[kind].max_count * max_bytes() + 2 * 1024 * 1024)


# ---------------------------------------------------------------- the download
bp = Blueprint("files", __name__, url_prefix="/<lang>/files")
access.protect(bp, access.PUBLIC)  # each file's owner kind decides, in the view
SANDBOX = "default-src 'none'; sandbox; frame-ancestors 'none'"


@bp.route("/<int:attachment_id>/<name>")
def download(attachment_id, name):
    """The file, as a download only, to whom its owner kind lets read it (``name`` is for the
    reader's eyes; the stored one is sent)."""
    found = db.session.get(Attachment, attachment_id)
    if found is None or found.owner_kind not in _OWNERS:
        abort(404)
    if not can_read(found, current_user):
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        abort(403)
    storage = get_storage()
    if not storage.exists(found.key):
        current_app.logger.error("attachment %s: file %s is missing", found.id, found.key)
        abort(404)
    response = send_file(
        storage.local_path(found.key),
        mimetype=found.mime_type,
        as_attachment=True,
        download_name=found.filename,
        conditional=True,
        etag=found.sha256,
        max_age=None,
    )
    response.headers["Content-Disposition"] = content_disposition(found.filename, found.id, found.extension)
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Download-Options"] = "noopen"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    public = not current_user.is_authenticated or can_read(found, AnonymousUserMixin())
    response.headers["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    return response


# Talisman would replace the sandbox with the pages' policy: this view sets its own.
download.talisman_view_options = {"content_security_policy": None}


def content_disposition(filename: str, attachment_id: int, ext: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the real name as RFC 5987
    ``filename*`` (UTF-8, percent-encoded)."""
    simple = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    simple = " ".join("".join(char for char in simple if char.isalnum() or char in " .-_()").split())
    stem = simple.rsplit(".", 1)[0].strip(" .")
    if not stem:
        simple = f"attachment-{attachment_id}.{ext}"
    return f"attachment; filename=\"{simple}\"; filename*=UTF-8''{quote(filename, safe='')}"


def init_app(app) -> None:
    from core.templating import share_macros

    app.register_blueprint(bp)
    share_macros(app, "attachments/_list.html", ("attachment_list",))
    app.add_template_global(human_size, "file_size")
