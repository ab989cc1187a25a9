"""Credit records in the public JSON API: ``/api/v1/gov/credit/enterprises`` (the lookup: by
name, pinyin, former name or code, or ``by=rep`` for the legal representative) and
``/api/v1/gov/credit/enterprises/<uscc>`` (the record as its page shows it). Both read through
the public read path (reads.py) and are rate limited per address by ``RATELIMIT_CREDIT_API``,
tighter than the rest of the API: a record is for checking a partner, not for copying the register.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for

from core import access, limits
from core.extensions import limiter
from core.organizations import uscc as uscc_rules
from core.organizations.services import uscc_message
from govportal.credit import reads, services, views
from govportal.credit.models import FACT_KINDS

bp = Blueprint("credit_api", __name__, url_prefix="/api/v1/gov/credit")
access.protect(bp, access.PUBLIC)


def _base() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def _both(obj, name: str) -> dict:
    return {"zh": getattr(obj, f"{name}_zh"), "en": getattr(obj, f"{name}_en")}


def _day(value):
    return value.isoformat() if value else None


def _card(card: reads.Card) -> dict:
    return {
        "uscc": card.uscc,
        "name": _both(card, "name"),
        "former_names": card.former_name_list,
        "legal_representative": card.legal_rep,
        "district": card.district,
        "industry": card.industry,
        "status": card.status,
        "url": {lang: _base() + url_for("credit.record", uscc=card.uscc, lang=lang) for lang in ("zh", "en")},
    }


def _fact(fact: reads.Fact, today) -> dict:
    return {
        "id": fact.id,
        "kind": fact.kind,
        "grade": fact.grade,
        "title": _both(fact, "title"),
        "reference": fact.reference,
        "authority": _both(fact, "authority"),
        "decided_on": _day(fact.decided_on),
        "valid_until": _day(fact.valid_until),
        "year": fact.year,
        "detail": _both(fact, "detail"),
        "outcome": _both(fact, "outcome"),
        "as_of": _day(fact.as_of),
        "source": fact.source,
        "published_until": _day(fact.shown_until),
        "repairable_on": _day(fact.repairable_on),
        "ended": {"on": _day(fact.ended_on), "how": fact.ended_how, "reason": fact.ended_reason}
        if fact.ended_on
        else None,
        "note": fact.public_note,
        "counts_against": fact.active(today),
    }


def _error(code: str, message, status: int):
    return jsonify({"error": code, "message": str(message)}), status


@bp.get("/enterprises")
@limiter.limit(limits.setting("RATELIMIT_CREDIT_API"), key_func=limits.per_address)
def enterprises():
    chosen, _problems = views.read_lookup(request.args)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 500)
    cards, total, degraded, problem = views.lookup_cards(chosen, page)
    if problem:
        return _error("invalid_code", problem, 400)
    if degraded:
        return _error("search_unavailable", "Search is not available right now.", 503)
    return jsonify(
        {
            "query": chosen,
            "page": page,
            "per_page": views.PER_PAGE,
            "total": total,
            "items": [_card(card) for card in cards],
        }
    )


@bp.get("/enterprises/<code>")
@limiter.limit(limits.setting("RATELIMIT_CREDIT_API"), key_func=limits.per_address)
def enterprise(code):
    try:
        code = uscc_rules.validate(code)
    except uscc_rules.USCCError as exc:
        return _error("invalid_code", uscc_message(exc), 400)
    record = reads.record(code, services.today())
    if record is None:
        return _error("not_found", "No credit record for this code.", 404)
    return jsonify(
        {
            **_card(record.card),
            "registered_on": _day(record.registered_on),
            "address": _both(record, "address"),
            "status_reasons": [
                {"status": r.status, "reason": str(r.text), "fact": r.fact.id} for r in record.reasons()
            ],
            "as_of": record.facts_changed_at.isoformat(),
            "facts": [_fact(fact, record.today) for fact in record.timeline()],
        }
    )


_STRING = {"type": "string"}
_BOTH = {"type": "object", "properties": {"zh": {"type": ["string", "null"]}, "en": {"type": ["string", "null"]}}}
_STATUS = {"enum": ["good", "attention", "abnormal", "serious"]}
_CARD = {
    "type": "object",
    "properties": {
        "uscc": _STRING,
        "name": _BOTH,
        "former_names": {"type": "array", "items": _STRING},
        "legal_representative": {"type": ["string", "null"]},
        "status": _STATUS,
        "url": _BOTH,
    },
}
_ERRORS = {
    "400": {"description": "Not a valid unified social credit code (the message names a wrong check character)"},
    "429": {"description": "Too many requests"},
}
PATHS = {
    "/api/v1/gov/credit/enterprises": {
        "get": {
            "summary": "Look up enterprise credit records by name, pinyin, former name or code",
            "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": views.MAX_QUERY}},
                {
                    "name": "by",
                    "in": "query",
                    "schema": {"enum": list(views.BY)},
                    "description": "rep: q is a legal representative's full name",
                },
                {"name": "status", "in": "query", "schema": _STATUS},
                {"name": "district", "in": "query", "schema": _STRING},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
            ],
            "responses": {
                "200": {
                    "description": "Matching records, best first",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "total": {"type": "integer"},
                                    "items": {"type": "array", "items": _CARD},
                                },
                            }
                        }
                    },
                },
                **_ERRORS,
                "503": {"description": "Search is not available right now"},
            },
        }
    },
    "/api/v1/gov/credit/enterprises/{uscc}": {
        "get": {
            "summary": "An enterprise's public credit record: status with its reasons, and every public fact",
            "parameters": [{"name": "uscc", "in": "path", "required": True, "schema": _STRING}],
            "responses": {
                "200": {
                    "description": "The record",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    **_CARD["properties"],
                                    "status_reasons": {"type": "array"},
                                    "facts": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "kind": {"enum": sorted(FACT_KINDS)},
                                                "authority": _BOTH,
                                                "as_of": {"type": "string", "format": "date"},
                                                "counts_against": {"type": "boolean"},
                                            },
                                        },
                                    },
                                },
                            }
                        }
                    },
                },
                "404": {"description": "No credit record for this code"},
                **_ERRORS,
            },
        }
    },
}
