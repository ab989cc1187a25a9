"""The portal's publications in the public JSON API: ``/api/v1/gov/publications`` (the finder's
filters, through the same search) and ``/api/v1/gov/publications/<id>`` (an item as its page
shows it), described in ``/api/v1/openapi.json``. Rate limited per address like the rest."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from core import access, attachments, limits
from core.extensions import limiter
from govportal.publishing import reads, views
from govportal.publishing.kinds import KINDS

bp = Blueprint("publishing_api", __name__, url_prefix="/api/v1/gov")
access.protect(bp, access.PUBLIC)


def _base() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def _both(obj, name: str) -> dict:
    return {"zh": getattr(obj, f"{name}_zh"), "en": getattr(obj, f"{name}_en")}


def _card(card: reads.Card) -> dict:
    return {
        "id": card.id,
        "kind": card.kind,
        "title": _both(card, "title"),
        "summary": _both(card, "summary"),
        "unit": {"id": card.unit_id, "name": {"zh": card.unit_zh, "en": card.unit_en}},
        "published_at": card.published_at.isoformat() if card.published_at else None,
        "updated_at": card.updated_at.isoformat() if card.updated_at else None,
        "doc_number": card.doc_number,
        "validity": card.validity,
        "deadline": card.deadline.isoformat() if card.deadline else None,
        "version": card.version,
        "url": {lang: _base() + views.item_url(card, lang) for lang in ("zh", "en")},
    }


@bp.get("/publications")
@limiter.limit(limits.setting("RATELIMIT_API"), key_func=limits.per_address)
def publications():
    kind = KINDS.get(request.args.get("kind") or "")
    asked, chosen, problems = views.read_finder(request.args, kind)
    items, total, degraded = views.find(asked)
    if degraded:
        return jsonify({"error": "search_unavailable", "message": "Search is not available right now."}), 503
    return jsonify(
        {
            "kind": kind.name if kind else None,
            "filters": chosen,
            "problems": [str(p) for p in problems],
            "page": asked.offset // views.PER_PAGE + 1,
            "per_page": views.PER_PAGE,
            "total": total,
            "items": [_card(card) for card in items],
        }
    )


@bp.get("/publications/<int:item_id>")
@limiter.limit(limits.setting("RATELIMIT_API"), key_func=limits.per_address)
def publication(item_id):
    item = reads.item(item_id)
    if item is None:
        abort(404)
    body = {
        "id": item.id,
        "kind": item.kind,
        "status": item.status,
        "title": _both(item, "title"),
        "summary": _both(item, "summary"),
        "body_html": _both(item, "body"),
        "texts": item.texts or {},
        "details": {k: v for k, v in (item.details or {}).items() if k != "links"},
        "industries": item.targets("industries"),
        "districts": item.targets("districts"),
        "doc_number": item.doc_number,
        "validity": item.validity,
        "effective_on": item.effective_on.isoformat() if item.effective_on else None,
        "expires_on": item.expires_on.isoformat() if item.expires_on else None,
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "unit": {"slug": item.unit_slug, "name": {"zh": item.unit_zh, "en": item.unit_en}},
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "updated_at": item.updated_at.isoformat() if item.updated_at else None,
        "version": item.version,
        "withdrawn": {"at": item.withdrawn_at.isoformat(), "reason": item.withdrawn_reason}
        if item.status == "withdrawn"
        else None,
        "links": [
            {
                "relation": link.relation,
                "direction": "outgoing" if link.outgoing else "incoming",
                "id": link.id,
                "title": _both(link, "title"),
                "doc_number": link.doc_number,
                "validity": link.validity,
            }
            for link in (reads.links(item.id) if item.has_links else ())
        ],
        "history": [
            {"number": c.number, "at": c.at.isoformat(), "note": {"zh": c.note_zh, "en": c.note_en}}
            for c in reads.history(item.id)
        ],
        "files": [
            {
                "name": f.filename,
                "type": f.mime_type,
                "size": f.size,
                "url": _base() + url_for("files.download", attachment_id=f.id, name=f.filename, lang="en"),
            }
            for f in (attachments.public_files(reads.FILES, item.id) if item.has_files else ())
        ],
        "url": {
            lang: _base() + url_for("publishing.item", path=KINDS[item.kind].path, item_id=item.id, lang=lang)
            for lang in ("zh", "en")
        },
    }
    if item.status == "unpublished":
        body = {
            "id": item.id,
            "kind": item.kind,
            "status": "unpublished",
            "note": item.unpublished_note,
            "replaced_by": item.replaced_by_id,
        }
    return jsonify(body)


_STRING = {"type": "string"}
_BOTH = {"type": "object", "properties": {"zh": {"type": ["string", "null"]}, "en": {"type": ["string", "null"]}}}
PATHS = {
    "/api/v1/gov/publications": {
        "get": {
            "summary": "The portal's public policies, guides, notices, announcements, projects and news",
            "parameters": [
                {"name": "kind", "in": "query", "schema": {"enum": sorted(KINDS)}},
                {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": views.MAX_QUERY}},
                {"name": "unit", "in": "query", "schema": _STRING, "description": "a department's or district's slug"},
                {"name": "district", "in": "query", "schema": _STRING, "description": "division code it concerns"},
                {"name": "industry", "in": "query", "schema": _STRING},
                {
                    "name": "validity",
                    "in": "query",
                    "schema": {"enum": ["in_force", "not_yet", "amended", "repealed", "expired"]},
                },
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000}},
            ],
            "responses": {
                "200": {
                    "description": "Newest first, or by relevance with q",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "total": {"type": "integer"},
                                    "page": {"type": "integer"},
                                    "items": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "id": {"type": "integer"},
                                                "kind": _STRING,
                                                "title": _BOTH,
                                                "summary": _BOTH,
                                                "published_at": _STRING,
                                                "url": _BOTH,
                                            },
                                        },
                                    },
                                },
                            }
                        }
                    },
                },
                "429": {"description": "Too many requests"},
                "503": {"description": "Search is not available right now"},
            },
        }
    },
    "/api/v1/gov/publications/{id}": {
        "get": {
            "summary": "One publication as its page shows it (withdrawn ones with their reason)",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": {
                    "description": "The publication",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "integer"},
                                    "status": _STRING,
                                    "title": _BOTH,
                                    "details": {"type": "object"},
                                },
                            }
                        }
                    },
                },
                "404": {"description": "No public item has this number"},
            },
        }
    },
}
