"""The public side of enterprise credit, under ``/<lang>/gov/credit/``: the lookup (by name
through the search library, by code exactly, by legal representative), the record page with
its timeline and the repair path of each entry, and following a record.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import format_date, gettext as _
from flask_login import current_user
from sqlalchemy import select

import search
from core import access, cache
from core.db import commit
from core.errors import commit_or_flash
from core.extensions import db
from core.organizations import standing, uscc as uscc_rules
from core.organizations.choices import DISTRICTS, INDUSTRIES
from core.organizations.services import uscc_message
from core.pagination import page_number
from core.templating import render_shared
from govportal.credit import reads, rules, services
from govportal.credit.models import (
    ENDINGS,
    FACT_KINDS,
    INSPECTION_RESULTS,
    REGISTRATION,
    SEVERITIES,
    SOURCES,
    CreditEnterprise,
)
from i18n import current_lang

bp = Blueprint("credit", __name__, url_prefix="/<lang>/gov/credit", template_folder="templates")
access.protect(bp, access.PUBLIC)
PER_PAGE = 20
MAX_QUERY = 100
BY = ("name", "rep")
_HAN = re.compile(r"[\u3400-\u9fff]")


def sounds_of(text: str) -> str:
    """The pinyin of the Chinese in ``text``, syllable by syllable (what the index holds of names)."""
    from pypinyin import lazy_pinyin

    return " ".join(part for part in lazy_pinyin(text) if part.strip())


# What the templates call things, as text per language (a record page names kinds and sources
# dozens of times, and a lazy string is translated again at each use), and days as they are
# written out: both are the same for every page in a language.
LABELS = cache.region("credit_labels", max_entries=8)
LONG_DAYS = cache.region("credit_long_days", max_entries=50_000)


def labels() -> dict:
    """The label tables the credit templates use, in the request's language, and ``long_day``."""
    lang = current_lang()
    texts = LABELS.get_or_set(lang, _label_texts)
    return {**texts, "long_day": lambda day: LONG_DAYS.get_or_set((day, lang), lambda: format_date(day, "long"))}


def _label_texts() -> dict:
    named = {
        "kinds": FACT_KINDS,
        "standings": standing.STANDINGS,
        "severities": SEVERITIES,
        "inspections": INSPECTION_RESULTS,
        "registrations": REGISTRATION,
        "sources": SOURCES,
        "endings": ENDINGS,
        "repair_paths": rules.REPAIR_PATHS,
        "districts": DISTRICTS,
        "industries": INDUSTRIES,
    }
    return {name: {code: str(label) for code, label in table.items()} for name, table in named.items()}


def read_lookup(args) -> tuple[dict, list]:
    chosen: dict = {}
    text = " ".join((args.get("q") or "").split())[:MAX_QUERY]
    if text:
        chosen["q"] = text
    by = args.get("by") or "name"
    chosen["by"] = by if by in BY else "name"
    status = (args.get("status") or "")[:12]
    if status in standing.STANDINGS:
        chosen["status"] = status
    district = (args.get("district") or "")[:6]
    if district in DISTRICTS:
        chosen["district"] = district
    return chosen, []


def lookup_cards(chosen: dict, page: int) -> tuple[tuple[reads.Card, ...], int, bool, str | None]:
    """(cards, total, search unavailable, a problem with a code) for a lookup."""
    text = chosen.get("q", "")
    if text and uscc_rules.looks_like(text):
        try:
            code = uscc_rules.validate(text)
        except uscc_rules.USCCError as exc:
            return (), 0, False, uscc_message(exc)
        card = reads.card_by_uscc(code)
        return ((card,) if card else ()), (1 if card else 0), False, None
    if text and chosen["by"] == "rep":
        query = select(CreditEnterprise.id).where(CreditEnterprise.legal_rep == text)
        if chosen.get("status"):
            query = query.where(CreditEnterprise.status == chosen["status"])
        if chosen.get("district"):
            query = query.where(CreditEnterprise.district == chosen["district"])
        ids = db.session.scalars(query.order_by(CreditEnterprise.id).limit(PER_PAGE * 10)).all()
        found = reads.cards(list(ids))
        cards = tuple(found[i] for i in ids if i in found)
        return cards[(page - 1) * PER_PAGE : page * PER_PAGE], len(cards), False, None
    if not text and not chosen.get("status") and not chosen.get("district"):
        return (), 0, False, None
    filters: dict = {}
    if chosen.get("status"):
        filters["credit_status"] = [chosen["status"]]
    if chosen.get("district"):
        filters["credit_district"] = [chosen["district"]]
    asked = search.Request(
        text,
        types=("enterprise",),
        filters=filters,
        sort="relevance" if text else "newest",
        offset=(page - 1) * PER_PAGE,
        limit=PER_PAGE,
        facets=False,
        snippets=False,
    )
    from core.search import backend, synonyms

    try:
        result = backend().search(asked, synonyms=synonyms())
        if not result.total and text and _HAN.search(text):
            # A wrong character that sounds right (精蜜 for 精密) is the commonest typing error
            # of a Chinese input method: look again by how the words sound.
            result = backend().search(replace(asked, text=sounds_of(text)), synonyms=synonyms())
    except search.SearchUnavailable:
        return (), 0, True, None
    ids = [int(hit.key) for hit in result.hits if hit.key.isdigit()]
    found = reads.cards(ids)
    return tuple(found[i] for i in ids if i in found), result.total, False, None


@bp.route("/")
def lookup():
    chosen, _problems = read_lookup(request.args)
    page = page_number()
    cards, total, degraded, problem = lookup_cards(chosen, page)
    if len(cards) == 1 and total == 1 and uscc_rules.looks_like(chosen.get("q", "")):
        return redirect(url_for(".record", uscc=cards[0].uscc))

    def context() -> dict:
        return {
            "chosen": chosen,
            "cards": cards,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "degraded": degraded,
            "problem": problem,
            "looked": bool(chosen.get("q") or chosen.get("status") or chosen.get("district")),
            **labels(),
        }

    return render_shared("credit/lookup.html", (cards, total, tuple(sorted(chosen.items())), degraded, problem),
                         context)  # fmt: skip


@bp.route("/<uscc>/")
def record(uscc):
    code = uscc_rules.normalize(uscc)
    if code != uscc:
        return redirect(url_for(".record", uscc=code), 301)
    changed = reads.version(code) if uscc_rules.is_valid(code) else None
    if changed is None:
        abort(404)
    today = services.today()

    def context() -> dict:
        found = reads.record(code, today)
        if found is None:  # taken away since the version was read
            abort(404)
        following = False
        if current_user.is_authenticated:
            enterprise = db.session.get(CreditEnterprise, found.card.id)
            following = services.is_following(current_user, enterprise)
        lang = current_lang()
        named = labels()
        json_ld = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": found.card.localized("name", lang).text,
            "alternateName": [n for n in (found.card.name_zh, found.card.name_en) if n] + found.card.former_name_list,
            "identifier": {"@type": "PropertyValue", "propertyID": "USCC", "value": found.card.uscc},
            "foundingDate": found.registered_on.isoformat() if found.registered_on else None,
            "url": url_for(".record", uscc=found.card.uscc, _external=True),
        }
        return {
            "record": found,
            "following": following,
            "lang": lang,
            "json_ld": {k: v for k, v in json_ld.items() if v},
            "credit_labels": named,
            **named,
        }

    return render_shared("credit/record.html", (code, *changed, today), context)


def _enterprise_or_404(code: str) -> CreditEnterprise:
    enterprise = services.enterprise_by_uscc(code) if uscc_rules.is_valid(code) else None
    if enterprise is None:
        abort(404)
    return enterprise


@bp.route("/<uscc>/follow", methods=["POST"])
@access.allow(access.SIGNED_IN)
def follow(uscc):
    enterprise = _enterprise_or_404(uscc)
    commit_or_flash(
        lambda: services.follow(current_user, enterprise),
        _("You follow this enterprise: you will be told when its record changes."),
    )
    return redirect(url_for(".record", uscc=enterprise.uscc))


@bp.route("/<uscc>/unfollow", methods=["POST"])
@access.allow(access.SIGNED_IN)
def unfollow(uscc):
    enterprise = _enterprise_or_404(uscc)
    services.unfollow(current_user, enterprise)
    commit()
    flash(_("You no longer follow this enterprise."), "success")
    return redirect(url_for(".record", uscc=enterprise.uscc))


@bp.route("/following/")
@access.allow(access.SIGNED_IN)
def following():
    from flask import render_template

    return render_template("credit/following.html", enterprises=services.followed(current_user), **labels())


def sitemap_sources():
    """Every record page: buyers find suppliers' records through search engines too."""
    from core.registry import SitemapSource

    def page(offset, limit):
        for code, changed in reads.sitemap_rows(offset, limit):
            yield "credit.record", {"uscc": code}, changed

    return [SitemapSource("credit", reads.count, page)]
