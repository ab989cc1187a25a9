"""The printable credit report (PDF) and its verification page. (Being built: see issue 14.)"""

from __future__ import annotations

from flask import Blueprint, abort

from core import access

bp = Blueprint("credit_reports", __name__, url_prefix="/<lang>/gov/credit", template_folder="templates")
access.protect(bp, access.PUBLIC)


@bp.route("/<uscc>/report.pdf")
def report(uscc):
    abort(404)
