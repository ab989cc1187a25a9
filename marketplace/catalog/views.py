"""Public catalog pages: a product, the category index and a category's products.

Everything shown here is read through ``marketplace.public`` (what is public, read models,
cards); these views only pick what to read and render it.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core import access
from core.pagination import in_range
from core.registry import SitemapSource
from core.templating import render_shared
from core.text import plain_excerpt
from i18n import current_lang
from marketplace.catalog import viewcount
from marketplace.public import reads, seo
from marketplace.public.cards import product_cards_html
from marketplace.public.categories import category_tree, child_links, total
from marketplace.public.urls import booth_path, product_path

bp = Blueprint("catalog", __name__, url_prefix="/<lang>", template_folder="templates")
access.protect(bp, access.PUBLIC)


@bp.route("/products/<int:product_id>-<slug>/")
@bp.route("/products/<int:product_id>/")
def product(product_id, slug=None):
    item = reads.product_detail(product_id)
    if item is None:
        abort(404)
    if not item.is_public:  # an archived product of a public supplier is gone; anything else never was
        abort(410 if item.status == "archived" and item.supplier.is_public else 404)
    if slug != item.slug:
        return redirect(url_for("catalog.product", product_id=item.id, slug=item.slug), code=301)
    viewcount.count_view(item.id)
    lang = current_lang()
    tree = category_tree()
    crumbs = _category_crumbs(tree, item.category_id, lang)

    def context() -> dict:
        url = product_path(item.id, item.slug)
        excerpt = plain_excerpt(item.localized("description", lang).text, 500)
        chain = tree.chain(item.category_id)
        title = item.localized("title", lang).text
        return {
            "product": item,
            "booth_url": booth_path(item.booth.slug) if item.booth else None,
            "product_url": url,
            "crumb_items": [*crumbs, (title, "")],
            "product_jsonld": seo.product_jsonld(
                item, lang, url=url, excerpt=excerpt, category=chain[-1] if chain else None
            ),
            "breadcrumb_jsonld": seo.breadcrumb_jsonld([*crumbs, (title, url)]),
            "product_excerpt": excerpt[:160],
        }

    return render_shared("catalog/product.html", (item, tuple(crumbs)), context)


def _category_crumbs(tree, category_id, lang) -> list[tuple[str, str]]:
    """Products › top › … › the category: the same for all its products, so built once per tree."""

    def build():
        items = [(_("Products"), url_for("catalog.categories"))]
        items += [
            (c.localized("name", lang).text, url_for("catalog.category", slug=c.slug)) for c in tree.chain(category_id)
        ]
        return tuple(items)

    return list(tree.remember(("crumbs", category_id, lang, request.script_root), build))


@bp.route("/categories/")
def categories():
    tree = category_tree()
    return render_template("catalog/categories.html", tops=tree.children(None), children=tree.children_of)


@bp.route("/categories/<slug>/")
def category(slug):
    tree = category_tree()
    node = tree.by_slug.get(slug) or abort(404)
    ids = tree.descendants(node.id)
    page = in_range(reads.product_listing(categories=ids, total=total(ids)))
    lang = current_lang()
    crumbs = _category_crumbs(tree, node.id, lang)
    subcategories = child_links(tree, node.id, lang)

    def context() -> dict:
        page.items = product_cards_html(page.items, heading="h2")
        return {
            "category": node,
            "page": page,
            "subcategories": subcategories,
            "crumb_items": [*crumbs[:-1], (crumbs[-1][0], "")],
            "breadcrumb_jsonld": seo.breadcrumb_jsonld(crumbs),
        }

    content = (node, page.content(), tuple(crumbs), subcategories)
    return render_shared("catalog/category.html", content, context)


def sitemap_sources() -> list[SitemapSource]:
    def categories_page(offset, limit):
        slugs = [node.slug for node in sorted(category_tree().by_id.values(), key=lambda node: node.id)]
        for slug in slugs[offset : offset + limit]:
            yield "catalog.category", {"slug": slug}, None

    def products_page(offset, limit):
        for product_id, product_slug, updated in reads.sitemap_products(offset, limit):
            yield "catalog.product", {"product_id": product_id, "slug": product_slug}, updated

    return [
        SitemapSource("categories", lambda: len(category_tree().by_id), categories_page),
        SitemapSource("products", reads.count_public_products, products_page),
    ]
