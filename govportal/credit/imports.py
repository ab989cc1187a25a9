"""Credit officers import facts from a spreadsheet, under ``/<lang>/staff/credit/import/``.

The upload page (with the template and the recent imports), the status page of one import
(progress, counts, rejected rows), its progress as JSON for the progress bar, and the rejected
rows as an .xlsx report. The work is ``govportal.credit.importing``'s ``credit.import`` job.
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core import access
from core.db import commit
from core.extensions import db
from core.imports.reading import MAX_SHEET_BYTES
from core.imports.records import ImportStatus
from core.imports.report import problem_text
from core.security import accepts_body
from govportal.credit import importing
from govportal.credit.models import CreditImport
from i18n import current_lang

bp = Blueprint("credit_import", __name__, url_prefix="/<lang>/staff/credit/import", template_folder="templates")
access.protect(bp, access.staff("credit_officer"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _running_id() -> int | None:
    return db.session.scalar(
        select(CreditImport.id).where(CreditImport.status.in_((ImportStatus.QUEUED, ImportStatus.RUNNING)))
    )


def _start(upload) -> int | None:
    """Store the file and queue its import; None (with a message flashed) when refused."""
    from core.jobs import enqueue
    from core.storage import StorageError, get_storage

    name = (upload.filename or "") if upload else ""
    if not name:
        flash(_("Choose a file to upload: an Excel workbook (.xlsx) or a CSV file."), "error")
        return None
    if not name.lower().endswith((".xlsx", ".csv")):
        flash(_("Upload an Excel workbook (.xlsx) or a CSV file."), "error")
        return None
    running = _running_id()
    if running is not None:
        # Two imports of the same facts at once could both find a fact new.
        flash(_("An import is still running. Start the next one when it has finished."), "error")
        return running
    try:
        key = get_storage().save(upload.stream, "imports", name.rsplit(".", 1)[-1].lower(), max_bytes=MAX_SHEET_BYTES)
    except StorageError:
        flash(_("The file is larger than %(mb)s MB.", mb=MAX_SHEET_BYTES // (1024 * 1024)), "error")
        return None
    record = CreditImport(user_id=current_user.id, lang=current_lang(), filename=name[:200], file_key=key)
    db.session.add(record)
    db.session.flush()
    enqueue("credit.import", record.id)
    commit()
    return record.id


@bp.route("/", methods=["GET", "POST"])
@accepts_body(MAX_SHEET_BYTES + 1024 * 1024)
def upload():
    from core.accounts.forms import EmptyForm

    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        import_id = _start(request.files.get("file"))
        if import_id is not None:
            return redirect(url_for(".status", import_id=import_id))
    recent = db.session.scalars(select(CreditImport).order_by(CreditImport.id.desc()).limit(10)).all()
    return render_template("credit/staff/import.html", form=form, recent=recent, max_mb=MAX_SHEET_BYTES >> 20)


def _record(import_id: int) -> CreditImport:
    record = db.session.get(CreditImport, import_id)
    if record is None:
        abort(404)
    return record


@bp.route("/<int:import_id>/")
def status(import_id):
    record = _record(import_id)
    rejected = importing.rejected_rows(record, current_lang())
    return render_template("credit/staff/import_status.html", job=record, rejected=rejected, problem_text=problem_text)


@bp.route("/<int:import_id>/progress")
def progress(import_id):
    """Polled by static/js/progress.js to move the progress bar without reloading."""
    record = _record(import_id)
    text = _("Importing: %(done)s of %(total)s rows.", done=record.processed_rows, total=record.total_rows or "…")
    return jsonify({"status": record.status, "percent": record.percent, "text": text})


@bp.route("/<int:import_id>/report.xlsx")
def report(import_id):
    record = _record(import_id)
    return send_file(
        io.BytesIO(importing.report_xlsx(record, current_lang())),
        download_name=f"credit-import-{record.id}-report.xlsx",
        as_attachment=True,
        mimetype=XLSX,
    )


@bp.route("/template.xlsx")
def template():
    lang = current_lang()
    return send_file(
        io.BytesIO(importing.template_xlsx(lang)),
        download_name=f"credit-facts-template-{lang}.xlsx",
        as_attachment=True,
        mimetype=XLSX,
    )
