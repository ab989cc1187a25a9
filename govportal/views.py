"""Portal pages. Publishing, complaints, consultations and credit records arrive with later
issues; for now the portal's front page says what each column will hold."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from core import access

bp = Blueprint("govportal", __name__, url_prefix="/<lang>/gov", template_folder="templates")
access.protect(bp, access.PUBLIC)

COLUMNS = [
    (
        _l("Policies and regulations"),
        _l("Laws, regulations and bureau documents with document number, issuing authority, dates and validity."),
    ),
    (
        _l("Service guides"),
        _l("What each procedure needs: conditions, materials, steps, time limits, fees and forms to download."),
    ),
    (_l("Notices"), _l("Notices to enterprises and approval announcements, with an Atom feed.")),
    (_l("Investment projects"), _l("Key projects seeking partners, in Chinese and English.")),
    (_l("Complaints"), _l("File a complaint and follow it by its tracking number until it is concluded.")),
    (_l("Consultations"), _l("Drafts open for public comment, and questions to the bureau with published replies.")),
    (
        _l("Enterprise credit"),
        _l("Look up an enterprise's credit record: penalties, abnormal-operations and dishonesty lists."),
    ),
]


@bp.route("/")
def index():
    return render_template("govportal/index.html", columns=COLUMNS)


def home_section() -> dict:
    return {"columns": COLUMNS[:4]}
