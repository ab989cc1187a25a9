"""Staff screens of granted tiers: ``/<lang>/staff/membership/`` (admins)."""

from __future__ import annotations

from flask import Blueprint, render_template

from core import access

bp = Blueprint("membership_manage", __name__, url_prefix="/<lang>/staff/membership", template_folder="templates")
access.protect(bp, access.staff("admin"))


@bp.route("/")
def index():
    return render_template("membership/manage/index.html")
