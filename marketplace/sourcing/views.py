"""Public buyer-request pages: ``/<lang>/rfq/`` (filters as a plain GET form) and
``/<lang>/rfq/<id>/``."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_babel import ngettext

from core import access, attachments, inputs
from core.registry import SitemapSource
from core.templating import render_shared
from i18n import current_lang
from i18n.regions import country_choices, country_codes
from marketplace.public.categories import category_tree
from marketplace.sourcing import reads, services
from marketplace.sourcing.files import RFQ
from marketplace.sourcing.models import CLOSE_REASONS, TRADE_TERMS

bp = Blueprint("sourcing", __name__, url_prefix="/<lang>/rfq", template_folder="templates")
access.protect(bp, access.PUBLIC)

MAX_FILTER_QUANTITY = 10**9


def read_filters(args) -> reads.RequestFilters:
    """The list's filters from the query string; a value that is not one of the choices is left
    out (the form shows what was understood)."""
    filters = reads.RequestFilters()
    tree = category_tree()
    category = tree.by_slug.get((args.get("category") or "")[:120])
    if category is not None:
        filters.category_ids = tree.descendants(category.id)
        filters.chosen["category"] = category.slug
    country = (args.get("country") or "")[:2].upper()
    if country in country_codes():
        filters.country = filters.chosen["country"] = country
    try:
        quantity = inputs.whole_number(args.get("min_quantity") or "", 1, MAX_FILTER_QUANTITY)
    except inputs.InputError:
        quantity = None
    if quantity:
        filters.min_quantity = filters.chosen["min_quantity"] = quantity
    days = inputs.record_id(args.get("posted"))
    if days in reads.POSTED_WITHIN:
        filters.posted_days = filters.chosen["posted"] = days
    if args.get("closed") == "1":
        filters.closed = filters.chosen["closed"] = True
    return filters


@bp.route("/")
def index():
    """The list. Signed-out visitors get a kept copy (``render_shared``) under what it shows:
    the page's cards (each with its version), the total, the category names and the day (a
    request closes at its deadline without a write)."""
    filters = read_filters(request.args)
    page = reads.request_page(filters)
    lang = current_lang()
    categories = _category_options(lang)

    def context() -> dict:
        return {
            "page": page,
            "filters": filters.chosen,
            "category_options": categories,
            "countries": country_choices(lang),
            "posted_options": [
                (days, ngettext("In the last %(num)s day", "In the last %(num)s days", days))
                for days in reads.POSTED_WITHIN
            ],
            "is_open": services.is_open,
            "closed_reason": services.closed_reason,
            "close_reasons": CLOSE_REASONS,
        }

    content = (page.content(), tuple(sorted(filters.chosen.items())), categories, services.today())
    return render_shared("sourcing/list.html", content, context)


def _category_options(lang: str) -> tuple[tuple[str, str], ...]:
    """(slug, name) of the top-level categories, the list's category choices (once per tree)."""
    tree = category_tree()
    return tree.remember(
        ("rfq-categories", lang),
        lambda: tuple((node.slug, node.localized("name", lang).text) for node in tree.children(None)),
    )


@bp.route("/<int:request_id>/")
def detail(request_id):
    """A request's page, kept for signed-out visitors under its read model (every field it
    shows, and its version), its public files and the day."""
    item = reads.request_detail(request_id) or abort(404)
    files = attachments.public_files(RFQ, item.id) if item.has_files else ()

    def context() -> dict:
        return {
            "item": item,
            "files": files,
            "is_open": services.is_open(item),
            "closed_reason": services.closed_reason(item),
            "close_reasons": CLOSE_REASONS,
            "trade_terms": TRADE_TERMS,
        }

    key = (item, files, services.today())
    return render_shared("sourcing/detail.html", key, context)


def sitemap_sources() -> list[SitemapSource]:
    def requests_page(offset, limit):
        for request_id, updated in reads.sitemap_requests(offset, limit):
            yield "sourcing.detail", {"request_id": request_id}, updated

    return [SitemapSource("requests", reads.count_open_requests, requests_page)]


def home_section() -> dict:
    """The newest open buyer requests, on the site's home page."""
    return {"requests": reads.latest_requests()}
