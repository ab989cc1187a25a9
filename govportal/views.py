"""The portal's front page: what is new, what is due (notice deadlines), the columns, and the
district sites, and the way into the enterprise credit records. Complaints and consultations
arrive with later issues."""

from __future__ import annotations

from flask import Blueprint

from core import access, units
from core.templating import render_shared
from govportal.publishing import reads
from govportal.publishing.kinds import KINDS
from govportal.publishing.views import today

bp = Blueprint("govportal", __name__, url_prefix="/<lang>/gov", template_folder="templates")
access.protect(bp, access.PUBLIC)
NEWEST = 8


@bp.route("/")
def index():
    newest = tuple(reads.latest(limit=NEWEST))
    due = tuple(reads.due(today()))
    news = tuple(reads.latest(("news",), limit=4))
    districts = units.districts()

    def context() -> dict:
        return {"newest": newest, "due": due, "news": news, "kinds": KINDS, "districts": districts, "today": today()}

    return render_shared("govportal/index.html", (newest, due, news, tuple(d.id for d in districts), today()), context)


def home_section() -> dict:
    """The site's home page: the portal's newest items and the next deadlines."""
    return {"newest": reads.newest(4)}
