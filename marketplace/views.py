"""Expo pages. The exhibitions, halls, booths and catalog arrive with issue 4; for now the
expo page says what will be there, and the exhibitor list shows verified organizations."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from core import access
from core.extensions import db
from core.organizations.models import Organization
from core.pagination import paginate

bp = Blueprint("marketplace", __name__, url_prefix="/<lang>", template_folder="templates")
access.protect(bp, access.PUBLIC)


def _verified():
    return select(Organization).where(Organization.status == "verified")


@bp.route("/expo/")
def expo():
    return render_template("marketplace/expo.html")


@bp.route("/exhibitors/")
def exhibitors():
    page = paginate(_verified().order_by(Organization.verified_at.desc(), Organization.id.desc()), per_page=24)
    return render_template("marketplace/exhibitors.html", page=page)


def home_section() -> dict:
    latest = db.session.scalars(_verified().order_by(Organization.verified_at.desc(), Organization.id.desc()).limit(6))
    return {"exhibitors": list(latest)}


def sitemap_entries():
    yield "marketplace.expo", {}, None
    yield "marketplace.exhibitors", {}, None
