"""Site-wide pages built from what the faces register: home, search, sitemap, robots, health."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy import text

import core
from core import access
from core.extensions import db
from core.jobs import queue_state
from core.mail import mail_state
from core.registry import get_registry
from core.storage import StorageError, get_storage
from i18n import HREFLANG, best_language

bp = Blueprint("core", __name__)
access.protect(bp, access.PUBLIC)


@bp.route("/")
def root():
    response = redirect(url_for("core.home", lang=best_language()), code=302)
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


@bp.route("/<lang>/")
def home():
    site = get_registry(current_app)
    sections = [(s.template, s.context()) for s in sorted(site.home_sections, key=lambda s: s.order)]
    return render_template("pages/home.html", sections=sections)


@bp.route("/<lang>/search")
def search():
    query = (request.args.get("q") or "").strip()[:200]
    return render_template("pages/search.html", query=query)


@bp.route("/robots.txt")
def robots():
    base = current_app.config["BASE_URL"].rstrip("/")
    body = "\n".join(
        [
            "User-agent: *",
            "Disallow: /zh/account/",
            "Disallow: /en/account/",
            "Disallow: /zh/staff/",
            "Disallow: /en/staff/",
            "Disallow: /zh/search",
            "Disallow: /en/search",
            f"Sitemap: {base}/sitemap.xml",
            "",
        ]
    )
    return Response(body, mimetype="text/plain")


@bp.route("/sitemap.xml")
def sitemap():
    """Every public page in every language, with hreflang alternates."""
    base = current_app.config["BASE_URL"].rstrip("/")
    langs = current_app.config["LANGUAGES"]
    entries = [("core.home", {}, None)]
    for source in get_registry(current_app).sitemap_sources:
        entries.extend(source())
    urls = []
    for endpoint, values, lastmod in entries:
        alternates = [(HREFLANG[lang], base + url_for(endpoint, lang=lang, **values)) for lang in langs]
        for _hreflang, loc in alternates:
            urls.append((loc, alternates, lastmod))
    xml = render_template("pages/sitemap.xml", urls=urls)
    return Response(xml, mimetype="application/xml")


@bp.route("/healthz")
def healthz():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True, "backend": db.engine.dialect.name}
    except Exception as exc:
        db.session.rollback()
        checks["database"] = {"ok": False, "backend": db.engine.dialect.name, "error": type(exc).__name__}
    checks["search"] = current_app.extensions["tradewindow_search"].state()
    checks["queue"] = queue_state()
    checks["mail"] = mail_state()
    ok = checks["database"]["ok"]
    body = {
        "status": "ok" if all(c["ok"] for c in checks.values()) else ("degraded" if ok else "down"),
        "version": core.__version__,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "checks": checks,
    }
    return jsonify(body), 200 if ok else 503


@bp.route("/media/<path:key>")
def media(key):
    storage = get_storage()
    try:
        if storage.exists(key):
            return send_file(storage.local_path(key), max_age=30 * 24 * 3600, conditional=True)
    except StorageError:
        pass
    abort(404)
