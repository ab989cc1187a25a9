"""Public expo pages: exhibitions, halls, the exhibitor directory and booth pages; the expo's
part of the home page and of the sitemap.

Everything shown here is read through ``marketplace.public`` (what is public, read models,
cards); these views only pick what to read and render it.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core import access, inputs
from core.organizations import standing
from core.organizations.choices import DISTRICTS
from core.pagination import in_range, page_number
from core.registry import SitemapSource
from core.templating import render_shared
from i18n import current_lang
from marketplace.public import reads, seo
from marketplace.public.cards import exhibitor_cards_html, product_cards_html
from marketplace.public.categories import category_tree, child_links
from marketplace.public.urls import booth_path

bp = Blueprint("expo", __name__, url_prefix="/<lang>", template_folder="templates")
access.protect(bp, access.PUBLIC)


def _showcase(featured: int, products: int, exhibition_id: int | None = None) -> dict:
    """Featured exhibitors and new products, as rendered cards."""
    return {
        "featured": exhibitor_cards_html([(card, None) for card in reads.featured_exhibitors(featured, exhibition_id)]),
        "new_products": product_cards_html(reads.newest_products(products, exhibition_id)),
    }


@bp.route("/expo/")
def index():
    return render_template("expo/index.html", exhibitions=reads.exhibitions(), **_showcase(6, 8))


@bp.route("/expo/<exhibition>/")
def exhibition(exhibition):
    found = reads.exhibition(exhibition) or abort(404)
    return render_template("expo/exhibition.html", exhibition=found, **_showcase(8, 8, found.id))


def _exhibitor_cards(page, heading: str = "h2"):
    counts = reads.product_counts([card.organization_id for card in page.items])
    page.items = exhibitor_cards_html([(card, counts.get(card.organization_id, 0)) for card in page.items], heading)
    return page


@bp.route("/expo/<exhibition>/<hall>/")
def hall(exhibition, hall):
    found = reads.exhibition(exhibition) or abort(404)
    the_hall = next((h for h in found.halls if h.slug == hall), None) or abort(404)
    page = _exhibitor_cards(in_range(reads.exhibitor_page(hall_id=the_hall.id)))
    return render_template("expo/hall.html", exhibition=found, hall=the_hall, page=page)


@bp.route("/exhibitors/")
def directory():
    filters, query = {}, {}
    halls = [h for ex in reads.exhibitions() for h in ex.halls]
    hall_id = inputs.record_id(request.args.get("hall"))
    if hall_id is not None and any(h.id == hall_id for h in halls):
        filters["hall"] = query["hall_id"] = hall_id
    tree = category_tree()
    category = tree.by_slug.get(request.args.get("category", "")[:120])
    if category is not None:
        filters["category"] = category.slug
        query["category_ids"] = tree.descendants(category.id)
    district = request.args.get("district", "")
    if district in DISTRICTS:
        filters["district"] = query["district"] = district
    if request.args.get("credit") == standing.GOOD:  # "Good standing only"
        filters["credit"] = query["credit_status"] = standing.GOOD
    page = _exhibitor_cards(in_range(reads.exhibitor_page(**query)))
    lang = current_lang()
    return render_template(
        "expo/directory.html",
        page=page,
        hall_options=[(hall.id, hall.localized("name", lang).text) for hall in halls],
        category_options=[(node.slug, node.localized("name", lang).text) for node in tree.children(None)],
        filters=filters,
    )


@bp.route("/exhibitors/<slug>/")
def booth(slug):
    found = reads.booth(slug, page_number())
    if found is None:
        moved = reads.moved_booth(slug) or abort(404)
        return redirect(url_for("expo.booth", slug=moved), code=301)
    item, page = found
    in_range(page)

    def context() -> dict:
        page.items = product_cards_html(page.items)
        lang = current_lang()
        name = item.organization.localized("name", lang).text
        return {
            "booth": item,
            "page": page,
            "organization_jsonld": seo.organization_jsonld(item, lang),
            "breadcrumb_jsonld": seo.breadcrumb_jsonld(
                [(_("Exhibitors"), url_for("expo.directory")), (name, booth_path(item.slug))]
            ),
        }

    return render_shared("expo/booth.html", (item, page.content()), context)


def home_section() -> dict:
    """What the expo shows on the site's home page."""
    return {
        "exhibitions": reads.exhibitions()[:4],
        "category_links": child_links(category_tree(), None, current_lang()),
        **_showcase(6, 8),
    }


def sitemap_sources() -> list[SitemapSource]:
    def pages():
        entries = [("expo.index", {}), ("expo.directory", {}), ("catalog.categories", {})]
        for ex in reads.exhibitions():
            entries.append(("expo.exhibition", {"exhibition": ex.slug}))
            entries += [("expo.hall", {"exhibition": ex.slug, "hall": h.slug}) for h in ex.halls]
        return entries

    def booths_page(offset, limit):
        for slug, updated in reads.sitemap_booths(offset, limit):
            yield "expo.booth", {"slug": slug}, updated

    return [
        SitemapSource(
            "expo",
            lambda: len(pages()),
            lambda offset, limit: ((e, v, None) for e, v in pages()[offset : offset + limit]),
        ),
        SitemapSource("booths", reads.count_public_exhibitors, booths_page),
    ]
