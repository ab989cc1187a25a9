"""The public side of the portal's publishing, under ``/<lang>/gov/``: a finder per kind
(through the search library), item pages, district sub-sites, Atom feeds, draft previews.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

import search
from core import access, attachments, units
from core.organizations.choices import DISTRICTS, INDUSTRIES
from core.pagination import page_number
from core.templating import render_shared
from govportal.publishing import reads
from govportal.publishing.kinds import BY_PATH, DECISIONS, EXTRA_LANGUAGES, KINDS
from govportal.publishing.models import LINKS, VALIDITY
from i18n import current_lang

bp = Blueprint("publishing", __name__, url_prefix="/<lang>/gov", template_folder="templates")
access.protect(bp, access.PUBLIC)
PATHS = "any(" + ",".join(kind.path for kind in KINDS.values()) + ")"
PER_PAGE = 20
FEED_SIZE = 30
MAX_QUERY = 100
GUIDE_SECTIONS = tuple(
    (d.name, d.label, d.type)
    for d in KINDS["guide"].details
    if d.type in ("plain", "lines", "html") or d.name == "item"
)


def today() -> date:
    return datetime.now(UTC).date()


# -- the finder -------------------------------------------------------------------------------


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()[:10]) if value and len(value.strip()) == 10 else None
    except ValueError:
        return None


def read_finder(args, kind=None) -> tuple[search.Request, dict, list]:
    """The finder's query string as a search request, what was understood, and problems
    (``kind`` None: every kind, for the API)."""
    chosen: dict = {}
    problems: list = []
    filters: dict = {"gov_kind": [kind.name]} if kind is not None else {}
    text = " ".join((args.get("q") or "").split())[:MAX_QUERY]
    if text:
        chosen["q"] = text
    unit = units.by_slug((args.get("unit") or "")[:40])
    if unit is not None:
        filters["gov_unit"] = [unit.slug]
        chosen["unit"] = unit.slug
    district = (args.get("district") or "")[:6]
    if district in DISTRICTS:
        filters["gov_district"] = [district]
        chosen["district"] = district
    industry = (args.get("industry") or "")[:32]
    if industry in INDUSTRIES and (kind is None or kind.targeted):
        filters["gov_industry"] = [industry]
        chosen["industry"] = industry
    validity = (args.get("validity") or "")[:16]
    if validity in VALIDITY and (kind is None or kind.name == "policy"):
        filters["gov_validity"] = [validity]
        chosen["validity"] = validity
    start, end = _day(args.get("from")), _day(args.get("to"))
    for name, value in (("from", start), ("to", end)):
        if args.get(name) and value is None:
            problems.append(_("Enter dates like 2026-03-31."))
        elif value is not None:
            chosen[name] = value.isoformat()
    if start or end:
        low = (datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp() // 86400) if start else None
        high = (datetime(end.year, end.month, end.day, tzinfo=UTC).timestamp() // 86400) if end else None
        filters["gov_day"] = (low, high)
    sort = "relevance" if text else "newest"
    page = page_number()
    # No snippets: the finder and the API show cards read from the database, not the index's text.
    asked = search.Request(text, types=("publication",), filters=filters, sort=sort, offset=(page - 1) * PER_PAGE,
                           limit=PER_PAGE, facets=False, snippets=False)  # fmt: skip
    return asked, chosen, problems


def find(asked: search.Request) -> tuple[tuple[reads.Card, ...], int, bool]:
    """The finder's (and the API's) search: the hits as cards, the total, whether search was
    unavailable. A hit no longer listed (withdrawn since the index heard) is left out."""
    from core.search import backend, synonyms

    try:
        result = backend().search(asked, synonyms=synonyms())
    except search.SearchUnavailable:
        current_app.logger.warning("search unavailable for the finder", exc_info=True)
        return (), 0, True
    hits = [int(hit.key) for hit in result.hits if hit.key.isdigit()]
    found = reads.cards(hits)
    return tuple(found[i] for i in hits if i in found), result.total, False


@bp.route(f"/<{PATHS}:path>/")
def finder(path):
    kind = BY_PATH[path]
    asked, chosen, problems = read_finder(request.args, kind)
    items, total, degraded = find(asked)
    page = page_number()

    def context() -> dict:
        return {
            "kind": kind,
            "items": items,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "chosen": chosen,
            "problems": problems,
            "degraded": degraded,
            "unit_options": [(u.slug, u.localized("name", current_lang()).text) for u in units.all_units()],
            "districts": DISTRICTS,
            "industries": INDUSTRIES,
            "validity": VALIDITY,
            "today": today(),
        }

    content = (items, total, tuple(sorted(chosen.items())), tuple(problems), degraded, today())
    return render_shared("publishing/finder.html", content, context)


# -- an item ----------------------------------------------------------------------------------


def item_url(card, lang: str | None = None, external: bool = False) -> str:
    values = {"path": KINDS[card.kind].path, "item_id": card.id}
    if lang:
        values["lang"] = lang
    return url_for("publishing.item", _external=external, **values)


def _json_ld(item, lang: str, url: str) -> dict:
    title = item.localized("title", lang).text
    base = current_app.config["BASE_URL"].rstrip("/")
    publisher = {"@type": "GovernmentOrganization", "name": item.unit_name(lang)}
    if item.kind == "policy":
        force = {"in_force": "InForce", "amended": "PartiallyInForce", "not_yet": "NotInForce"}.get(
            item.validity or "", "NotInForce"
        )
        data = {
            "@type": "Legislation",
            "name": title,
            "legislationIdentifier": item.doc_number,
            "legislationDate": item.detail("dated_on"),
            "legislationPassedBy": {"@type": "GovernmentOrganization", "name": item.detail("issuer", lang)},
            "legislationLegalForce": f"https://schema.org/{force}",
            "datePublished": item.published_at.isoformat() if item.published_at else None,
        }
        if item.effective_on:
            data["legislationDateVersion"] = item.effective_on.isoformat()
    elif item.kind == "guide":
        data = {
            "@type": "GovernmentService",
            "name": title,
            "serviceType": item.detail("item", lang),
            "provider": publisher,
            "areaServed": {"@type": "City", "name": _("Ningbo")},
            "description": item.localized("summary", lang).text or None,
        }
    else:
        data = {
            "@type": "NewsArticle",
            "headline": title[:110],
            "datePublished": item.published_at.isoformat() if item.published_at else None,
            "dateModified": item.updated_at.isoformat() if item.updated_at else None,
            "publisher": publisher,
            "author": publisher,
            "description": item.localized("summary", lang).text or None,
        }
    data.update({"@context": "https://schema.org", "url": base + url, "inLanguage": lang})
    return {k: v for k, v in data.items() if v is not None}


def _render_item(item, content_lang: str | None = None, preview: bool = False):
    lang = current_lang()
    kind = KINDS[item.kind]
    if item.status == "unpublished" and item.replaced_by_id and not preview:
        replacement = reads.cards([item.replaced_by_id]).get(item.replaced_by_id)
        if replacement is not None:
            return redirect(item_url(replacement), 301)
    files = attachments.public_files(reads.FILES, item.id) if item.has_files else ()
    found_links = reads.links(item.id) if item.has_links else ()
    changes = reads.history(item.id) if item.version > 1 or item.status != "published" else ()
    extra = tuple(code for code in kind.languages if code in EXTRA_LANGUAGES and item.text_in(code))

    def context() -> dict:
        url = url_for("publishing.item", path=kind.path, item_id=item.id)
        return {
            "item": item,
            "kind": kind,
            "files": files,
            "links": found_links,
            "link_labels": LINKS,
            "changes": changes,
            "validity": VALIDITY,
            "industries": INDUSTRIES,
            "districts": DISTRICTS,
            "extra_languages": extra,
            "extra_names": EXTRA_LANGUAGES,
            "content_lang": content_lang,
            "preview": preview,
            "decisions": DECISIONS,
            "guide_sections": GUIDE_SECTIONS,
            "json_ld": _json_ld(item, lang, url),
            "today": today(),
        }

    if preview:
        return render_template("publishing/item.html", **context())
    return render_shared("publishing/item.html", (item, files, found_links, changes, content_lang, today()), context)


@bp.route(f"/<{PATHS}:path>/<int:item_id>/")
def item(path, item_id):
    found = reads.item(item_id)
    if found is None or KINDS[found.kind].path != path:
        abort(404)
    return _render_item(found)


@bp.route("/projects/<int:item_id>/<any(ja,ko):content>/")
def item_in(item_id, content):
    """A project's text in a further language (Japanese, Korean), in the site's frame."""
    found = reads.item(item_id)
    if found is None or found.kind != "project" or not found.text_in(content):
        abort(404)
    return _render_item(found, content)


@bp.route("/preview/<token>")
def preview(token):
    """A draft or amendment as it will read, for reviewers and heads without an account: the
    signed link is the permission (not indexed, not cached)."""
    from govportal.publishing import services

    found = services.read_preview(token)
    if found is None:
        abort(404)
    shown = services.previewed(found)
    unit = shown.unit
    view = reads.Item(
        shown.id, shown.kind, shown.slug, shown.status, shown.title_zh, shown.title_en, shown.summary_zh,
        shown.summary_en, shown.body_zh, shown.body_en, shown.original_language, shown.texts, shown.details,
        shown.industries or "", shown.districts or "", shown.doc_number, shown.validity, shown.effective_on,
        shown.expires_on, shown.deadline, shown.version or 0, shown.published_at, shown.updated_at, None, None, None,
        None, unit.id, unit.slug, unit.name_zh, unit.name_en, False, False,
    )  # fmt: skip
    response = current_app.make_response(_render_item(view, preview=True))
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- district sub-sites -------------------------------------------------------------------------


@bp.route("/districts/")
def districts():
    return render_template("publishing/districts.html", districts=units.districts())


@bp.route("/districts/<slug>/")
def district(slug):
    unit = units.by_slug(slug[:40])
    if unit is None or unit.kind != "district":
        abort(404)
    sections = []
    for kind in KINDS.values():
        found = reads.latest((kind.name,), (unit.id,), limit=5)
        if found:
            sections.append((kind, found))
    content = (unit.id, tuple((k.name, tuple(c)) for k, c in sections))
    return render_shared("publishing/district.html", content, lambda: {"unit": unit, "sections": sections})


# -- feeds ------------------------------------------------------------------------------------


def _feed(title: str, cards: list, self_url: str, alternate_url: str) -> Response:
    lang = current_lang()
    base = current_app.config["BASE_URL"].rstrip("/")
    updated = max((c.updated_at or c.published_at for c in cards), default=None) or datetime(2026, 1, 1, tzinfo=UTC)
    xml = render_template(
        "publishing/feed.xml",
        title=title,
        cards=cards,
        base=base,
        self_url=base + self_url,
        alternate_url=base + alternate_url,
        updated=updated,
        lang=lang,
        item_url=lambda card: base + item_url(card),
        feed_id=f"tag:{base.split('://', 1)[-1].split('/', 1)[0].split(':', 1)[0]},2026:{self_url}",
    )
    return Response(xml, mimetype="application/atom+xml")


@bp.route(f"/<{PATHS}:path>/feed.atom")
def feed(path):
    kind = BY_PATH[path]
    cards = reads.latest((kind.name,), limit=FEED_SIZE)
    return _feed(
        f"{kind.label} · {_('TradeWindow')}",
        cards,
        url_for("publishing.feed", path=path),
        url_for("publishing.finder", path=path),
    )


@bp.route("/districts/<slug>/feed.atom")
def district_feed(slug):
    unit = units.by_slug(slug[:40])
    if unit is None or unit.kind != "district":
        abort(404)
    cards = reads.latest((), (unit.id,), limit=FEED_SIZE)
    return _feed(
        f"{unit.localized('name', current_lang()).text} · {_('TradeWindow')}",
        cards,
        url_for("publishing.district_feed", slug=slug),
        url_for("publishing.district", slug=slug),
    )


def sitemap_sources():
    from core.registry import SitemapSource

    def page(offset, limit):
        for item_id, kind, updated in reads.sitemap_rows(offset, limit):
            yield "publishing.item", {"path": KINDS[kind].path, "item_id": item_id}, updated

    return [SitemapSource("publications", lambda: reads.count(), page)]
