"""The printable credit report (PDF) and its verification page.

Downloading the report issues it: a CreditReport row keeps its reference number, the status
it stated and the record's ``facts_changed_at`` then, so that anyone holding the PDF can check
at ``/<lang>/gov/credit/reports/<reference>/`` that the bureau issued it, and whether the
record has changed since. The PDF itself is drawn by ``pdf.render`` from the public read path.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core import access, limits
from core.db import commit
from core.errors import render_error
from core.extensions import db, limiter
from core.organizations import standing, uscc as uscc_rules
from govportal.credit import pdf, reads, services
from i18n import current_lang

bp = Blueprint("credit_reports", __name__, url_prefix="/<lang>/gov/credit", template_folder="templates")
access.protect(bp, access.PUBLIC)
REFERENCE = re.compile(r"[A-Z0-9-]{1,24}")


def issuer() -> str:
    """The bureau as the portal names itself (the banner of every portal page)."""
    return f"{_('TradeWindow')} · {_('Government services of the bureau of commerce')}"


@bp.route("/<uscc>/report.pdf")
@limiter.limit(limits.setting("RATELIMIT_CREDIT_REPORTS"), key_func=limits.per_address)
def report(uscc):
    code = uscc_rules.normalize(uscc)
    if not uscc_rules.is_valid(code):
        abort(404)
    if code != uscc:
        return redirect(url_for(".report", uscc=code), 301)
    record = reads.record(code, services.today())
    enterprise = services.enterprise_by_uscc(code) if record else None
    if enterprise is None:
        abort(404)
    lang = current_lang()
    issued = services.issue_report(enterprise, lang)
    verify_url = current_app.config["BASE_URL"].rstrip("/") + url_for(".verify", reference=issued.reference)
    try:
        data = pdf.render(
            record,
            pdf.Issued(issued.reference, issued.created_at, verify_url, issuer()),
            lang,
            current_app.config["CREDIT_REPORT_FONT"],
        )
    except pdf.FontMissing as exc:
        db.session.rollback()  # no report was handed out: none is on file
        current_app.logger.error("credit report for %s not produced: %s", code, exc)
        return render_error(
            503,
            _(
                "The credit report cannot be produced at the moment: the font it is printed in is "
                "not installed on the server. The record page shows the same facts; please try "
                "the report again later."
            ),
        )
    commit()
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    filename = f"credit-report-{code}-{services.today():%Y%m%d}.pdf"  # the reference's day
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    response.headers["Cache-Control"] = "private, no-store"  # each download is a new report
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/reports/")
def check():
    """The form on the verification pages sends a typed reference here."""
    typed = (request.args.get("reference") or "").strip().upper()[:40]
    if REFERENCE.fullmatch(typed):
        return redirect(url_for(".verify", reference=typed))
    if "reference" not in request.args:
        return _page("", None, 200)  # the form alone
    if not typed:
        return _page("", _("Type the reference number printed on the report."), 400)
    return _page(typed, None, 404)  # characters no reference has


@bp.route("/reports/<reference>/")
def verify(reference):
    cleaned = reference.strip().upper()
    if cleaned != reference and REFERENCE.fullmatch(cleaned):
        return redirect(url_for(".verify", reference=cleaned), 301)
    found = services.report_by_reference(cleaned) if REFERENCE.fullmatch(cleaned) else None
    if found is None:
        return _page(reference[:40], None, 404)
    enterprise = found.enterprise
    return render_template(
        "credit/report.html",
        report=found,
        enterprise=enterprise,
        changed=found.facts_changed_at != enterprise.facts_changed_at,
        lang=current_lang(),
        standings=standing.STANDINGS,
    )


def _page(typed: str, message: str | None, status: int):
    """The form, with what was typed: unknown (404), left empty (400), or not yet asked (200)."""
    return render_template("credit/report_unknown.html", typed=typed, message=message), status
