"""The public JSON API, version 1: search and suggestions, described in ``/api/v1/openapi.json``.

It answers from the same ``core.search.find`` as the results page, so the page and the API
never disagree; it is rate limited per address (``RATELIMIT_API``).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from flask_babel import force_locale

from core import access, limits, search as searching
from core.extensions import limiter
from core.organizations import standing
from i18n import best_language

bp = Blueprint("api", __name__, url_prefix="/api/v1")
access.protect(bp, access.PUBLIC)
SUGGESTIONS = 8


def _lang() -> str:
    from flask import current_app

    lang = request.args.get("lang") or ""
    return lang if lang in current_app.config["LANGUAGES"] else best_language()


@bp.get("/search")
@limiter.limit(limits.setting("RATELIMIT_API"), key_func=limits.per_address)
def search():
    lang = _lang()
    with force_locale(lang):
        asked = searching.read_request(request.args)
        found = searching.find(asked)
        if found.degraded:
            return jsonify({"error": "search_unavailable", "message": "Search is not available right now."}), 503
        result = found.result
        body = {
            "query": asked.text,
            "corrected": result.corrected,
            "type": asked.tab or None,
            "sort": asked.sort,
            "page": asked.page,
            "per_page": searching.PER_PAGE,
            "total": result.total,
            "type_counts": result.type_counts,
            "problems": [str(p) for p in asked.problems],
            "facets": {
                view.name: (
                    {"min": options[0], "max": options[1]}
                    if view.kind == "number" and options
                    else None
                    if view.kind == "number"
                    else [
                        {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected} for o in options
                    ]
                )
                for view, options in found.facets
            },
            "hits": [
                {
                    "type": hit.type,
                    "id": hit.key,
                    "title": shown.title(card),
                    "url": shown.url(card),
                    "score": hit.score,
                    "snippets": hit.snippets,
                }
                for hit, card, shown in found.items
            ],
        }
    return jsonify(body)


@bp.get("/suggest")
@limiter.limit(limits.setting("RATELIMIT_API"), key_func=limits.per_address)
def suggest():
    text = " ".join((request.args.get("q") or "").split())[:50]
    kind = request.args.get("type") or ""
    types = (kind,) if kind in searching.presentations() else ()
    try:
        found = searching.backend().suggest(text, types=types, limit=SUGGESTIONS) if text else []
    except Exception:  # suggestions are a help: none rather than an error
        found = []
    response = jsonify({"query": text, "suggestions": [{"text": s.text, "type": s.type} for s in found]})
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@bp.get("/openapi.json")
def openapi():
    from flask import current_app

    spec = _spec()
    spec["paths"].update(current_app.extensions.get("tradewindow_api_paths", {}))
    return jsonify(spec)


def add_paths(app, paths: dict) -> None:
    """A face's API paths for the OpenAPI document (its blueprint serves them under /api/v1/)."""
    app.extensions.setdefault("tradewindow_api_paths", {}).update(paths)


def _facet_parameter(name: str) -> dict:
    if name == "credit":  # the organizations' credit standing (core.organizations.standing)
        return {
            "name": name,
            "in": "query",
            "schema": {"enum": [*standing.ORDER, "none"]},
            "description": "facet filter (repeatable): the supplier's credit standing; none: no credit record",
        }
    return {"name": name, "in": "query", "schema": {"type": "string"}, "description": "facet filter (repeatable)"}


def _spec() -> dict:
    facet_names = sorted({f.name for p in searching.presentations().values() for f in p.facets})
    string = {"type": "string"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "TradeWindow public API",
            "version": "1",
            "description": "Search the public products, exhibitors and buyer requests of the online expo, and "
            "the portal's public policies, guides, notices, announcements, projects and news. Ranking: "
            + url_for("core.search_help", lang="en", _external=True),
        },
        "paths": {
            "/api/v1/search": {
                "get": {
                    "summary": "Search everything public",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": searching.MAX_QUERY},
                            "description": 'Words in English or Chinese, pinyin or initials; "quoted phrases".',
                        },
                        {"name": "type", "in": "query", "schema": {"enum": sorted(searching.presentations())}},
                        {
                            "name": "sort",
                            "in": "query",
                            "schema": {"enum": ["relevance", "newest", "price", "-price"]},
                            "description": "price sorts need type=product",
                        },
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000}},
                        {"name": "lang", "in": "query", "schema": {"enum": ["zh", "en"]}},
                        *(_facet_parameter(n) for n in facet_names),
                        *(
                            {"name": f"{n}_{end}", "in": "query", "schema": {"type": "number"}}
                            for n in ("price", "moq")
                            for end in ("min", "max")
                        ),
                    ],
                    "responses": {
                        "200": {"description": "Results", "content": {"application/json": {"schema": _RESULT}}},
                        "429": {"description": "Too many requests (Retry-After says when to come back)"},
                        "503": {"description": "Search is not available right now"},
                    },
                }
            },
            "/api/v1/suggest": {
                "get": {
                    "summary": "Suggestions while typing (prefix, pinyin, initials)",
                    "parameters": [
                        {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 50}},
                        {"name": "type", "in": "query", "schema": {"enum": sorted(searching.presentations())}},
                    ],
                    "responses": {
                        "200": {
                            "description": "Suggestions",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "query": string,
                                            "suggestions": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "properties": {"text": string, "type": string},
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
        },
    }


_RESULT = {
    "type": "object",
    "required": ["query", "total", "hits", "facets", "type_counts"],
    "properties": {
        "query": {"type": "string"},
        "corrected": {"type": ["string", "null"]},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "type_counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "facets": {"type": "object"},
        "hits": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "score": {"type": "number"},
                    "snippets": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "HTML: the text escaped, matches in <mark>",
                    },
                },
            },
        },
    },
}
