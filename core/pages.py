"""Site-wide pages built from what the faces register: home, search, sitemap, robots, health."""

from __future__ import annotations

import logging
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
from flask_babel import lazy_gettext as _l
from sqlalchemy import text

import core
from core import access
from core.extensions import db
from core.jobs import queue_state
from core.mail import mail_state
from core.pagination import Page
from core.registry import get_registry
from core.storage import StorageError, get_storage
from core.templating import PRIVATE_AREAS, render_shared
from i18n import HREFLANG, best_language

log = logging.getLogger(__name__)

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
    # What the page shows: each section's values (read models, rendered cards), as tuples.
    content = tuple(
        (template, tuple((name, tuple(v) if isinstance(v, list) else v) for name, v in sorted(context.items())))
        for template, context in sections
    )
    return render_shared("pages/home.html", content, lambda: {"sections": sections})


@bp.route("/<lang>/search")
def search():
    """The results page: works without JavaScript (facets are a GET form, tabs and pages are
    links); the data comes from ``core.search.find``, the same as ``/api/v1/search``.

    A signed-out visitor's page is kept (``render_shared``) under its address and the index's
    generation: any change to what search can find is a new generation, so a cached page is
    never stale, and popular searches cost one lookup."""
    from core import search as searching

    asked = searching.read_request(request.args)
    state: dict = {}

    def context() -> dict:
        found = searching.find(asked) if (asked.text or asked.tab or asked.chosen) else None
        state["degraded"] = found is not None and found.degraded
        page = None
        suggestions = []
        if found is not None and found.result is not None:
            page = Page(items=found.items, page=asked.page, per_page=searching.PER_PAGE, total=found.total)
            if found.total == 0 and asked.text:
                try:
                    suggestions = [s.text for s in searching.backend().suggest(asked.text.split()[0], limit=5)]
                except Exception:  # suggestions are a help, never a failure
                    log.warning("no suggestions for a search without results", exc_info=True)
        return {
            "asked": asked,
            "found": found,
            "page": page,
            "suggestions": suggestions,
            "tabs": searching.presentations(),
            "sorts": _sort_labels(asked.tab),
        }

    generation = searching.generation()
    if generation is None:
        html = render_template("pages/search.html", **context())
    else:
        html = render_shared("pages/search.html", ("search", generation), context)
    return html, 503 if state.get("degraded") else 200


def _sort_labels(tab: str) -> list[tuple[str, object]]:
    sorts = [("relevance", _l("Best match")), ("newest", _l("Newest"))]
    if tab == "product":
        sorts += [("price", _l("Price: low to high")), ("-price", _l("Price: high to low"))]
    return sorts


@bp.route("/<lang>/help/search")
def search_help():
    """How the results are ranked, in plain words (the bureau must be able to explain it)."""
    from core.search import ranking_facts
    from search import model

    return render_template("pages/search_help.html", model=model, facts=ranking_facts())


@bp.route("/robots.txt")
def robots():
    base = current_app.config["BASE_URL"].rstrip("/")
    langs = current_app.config["LANGUAGES"]
    disallowed = [f"/{lang}/{area}/" for area in PRIVATE_AREAS for lang in langs]
    disallowed += [f"/{lang}/search" for lang in langs]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed), f"Sitemap: {base}/sitemap.xml", ""]
    body = "\n".join(lines)
    return Response(body, mimetype="text/plain")


SITEMAP_LIMIT = 50_000  # URLs per sitemap file (the protocol's limit)


def _sources():
    from core.registry import static_source

    site = get_registry(current_app)
    return [static_source("core", [("core.home", {})]), *site.sitemap_sources]


@bp.route("/sitemap.xml")
def sitemap():
    """A sitemap index: per source, per language, files of at most 50,000 URLs."""
    base = current_app.config["BASE_URL"].rstrip("/")
    files = []
    for source in _sources():
        chunks = max(1, -(-source.count() // SITEMAP_LIMIT))
        for lang in current_app.config["LANGUAGES"]:
            for n in range(1, chunks + 1):
                files.append(base + url_for("core.sitemap_file", name=source.name, lang=lang, n=n))
    xml = render_template("pages/sitemap_index.xml", files=files)
    return Response(xml, mimetype="application/xml")


# A sitemap index lists at most 50,000 files: a larger number is no file (and no huge OFFSET).
@bp.route("/sitemaps/<name>-<lang>-<int(max=50000):n>.xml")
def sitemap_file(name, n):
    """One language's URLs of one source, each with its hreflang alternates and lastmod."""
    from i18n import current_lang

    lang = current_lang()
    source = next((s for s in _sources() if s.name == name), None)
    if source is None or n < 1:
        abort(404)
    base = current_app.config["BASE_URL"].rstrip("/")
    langs = current_app.config["LANGUAGES"]
    urls = []
    for endpoint, values, lastmod in source.page((n - 1) * SITEMAP_LIMIT, SITEMAP_LIMIT):
        alternates = [(HREFLANG[code], base + url_for(endpoint, lang=code, **values)) for code in langs]
        urls.append((base + url_for(endpoint, lang=lang, **values), alternates, lastmod))
    if not urls and n > 1:
        abort(404)
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
    from core import search as searching

    checks["search"] = searching.health()
    checks["queue"] = queue_state()
    checks["mail"] = mail_state()
    checks["rate_limits"] = _rate_limit_state()
    ok = checks["database"]["ok"]
    body = {
        "status": "ok" if all(c["ok"] for c in checks.values()) else ("degraded" if ok else "down"),
        "version": core.__version__,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "checks": checks,
    }
    return jsonify(body), 200 if ok else 503


def _rate_limit_state() -> dict:
    """Where the rate-limit counters live; when their Redis does not answer, the limiter counts
    in each process (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED) and this says so."""
    from core.extensions import limiter

    if not current_app.config.get("RATELIMIT_ENABLED"):
        return {"ok": True, "storage": "off"}
    storage = current_app.config.get("RATELIMIT_STORAGE_URI", "memory://").split(":", 1)[0]
    try:
        answering = bool(limiter.storage.check())
    except Exception:  # a storage that raises instead of answering False
        answering = False
    if answering:
        return {"ok": True, "storage": storage}
    return {"ok": False, "storage": storage, "counting": "per process until it answers again"}


@bp.route("/media/<path:key>")
def media(key):
    storage = get_storage()
    try:
        if storage.exists(key) and not storage.is_private(key):
            return send_file(storage.local_path(key), max_age=30 * 24 * 3600, conditional=True)
    except StorageError:
        pass
    abort(404)
