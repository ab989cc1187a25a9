"""Public catalog pages: products and categories."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from core import access
from core.extensions import db
from core.organizations.models import Organization
from core.text import plain_excerpt
from i18n import current_lang
from marketplace import seo
from marketplace.cards import listing_page
from marketplace.catalog import counts, records, viewcount
from marketplace.catalog.models import Category, Product
from marketplace.catalog.tree_cache import category_tree

bp = Blueprint("catalog", __name__, url_prefix="/<lang>", template_folder="templates")
access.protect(bp, access.PUBLIC)


@bp.route("/products/<int:product_id>-<slug>/")
@bp.route("/products/<int:product_id>/")
def product(product_id, slug=None):
    found = records.product_page(product_id)
    item, org, profile = found if found else (None, None, None)
    if item is None or org.status != "verified":
        abort(404)
    if item.status == "archived":
        abort(410)
    if item.status != "published":
        abort(404)
    if slug != item.slug:
        return redirect(url_for("catalog.product", product_id=item.id, slug=item.slug), code=301)
    viewcount.count_view(item.id)
    lang = current_lang()
    url = seo.product_path(item.id, item.slug)
    excerpt = plain_excerpt(item.localized("description", lang).text, 500)
    tree = category_tree()
    chain = tree.chain(item.category_id)
    crumbs = _category_crumbs(tree, item.category_id, lang)
    title = item.localized("title", lang).text
    return render_template(
        "catalog/product.html",
        product=item,
        org=org,
        profile=profile,
        booth_url=seo.booth_path(profile.slug) if profile else None,
        product_url=url,
        crumb_items=[*crumbs, (title, "")],
        product_jsonld=seo.product_jsonld(item, lang, url=url, excerpt=excerpt, category=chain[-1] if chain else None),
        breadcrumb_jsonld=seo.breadcrumb_jsonld([*crumbs, (title, url)]),
        product_excerpt=excerpt[:160],
    )


def _crumb_items(chain, lang):
    items = [(_("Products"), url_for("catalog.categories"))]
    items += [(c.localized("name", lang).text, url_for("catalog.category", slug=c.slug)) for c in chain]
    return items


def _category_crumbs(tree, category_id, lang) -> list[tuple[str, str]]:
    """Products › top › … › the category: the same for all its products, so built once per tree."""
    key = ("crumbs", category_id, lang, request.script_root)
    crumbs = tree.memo.get(key)
    if crumbs is None:
        crumbs = tree.memo[key] = tuple(_crumb_items(tree.chain(category_id), lang))
    return list(crumbs)


def _subcategory_links(tree, category_id, lang) -> tuple[tuple[str, str], ...]:
    """(name, URL) of the category's children, built once per tree like the breadcrumbs."""
    key = ("children", category_id, lang, request.script_root)
    links = tree.memo.get(key)
    if links is None:
        links = tree.memo[key] = tuple(
            (child.localized("name", lang).text, url_for("catalog.category", slug=child.slug))
            for child in tree.children(category_id)
        )
    return links


@bp.route("/categories/")
def categories():
    tree = category_tree()
    return render_template("catalog/categories.html", tops=tree.children(None), children=tree.children_of)


@bp.route("/categories/<slug>/")
def category(slug):
    tree = category_tree()
    cat = tree.by_slug.get(slug) or abort(404)
    ids = tree.descendants(cat.id)
    page = listing_page(categories=ids, total=counts.total(ids), heading="h2")
    crumbs = _category_crumbs(tree, cat.id, current_lang())
    jsonld = seo.breadcrumb_jsonld(crumbs)
    crumbs[-1] = (crumbs[-1][0], "")
    return render_template(
        "catalog/category.html",
        category=cat,
        page=page,
        subcategories=_subcategory_links(tree, cat.id, current_lang()),
        crumb_items=crumbs,
        breadcrumb_jsonld=jsonld,
    )


def _public_products():
    return (
        select(Product.id, Product.slug, Product.updated_at)
        .join(Organization, Organization.id == Product.organization_id)
        .where(Product.status == "published", Organization.status == "verified")
    )


def _count(query) -> int:

    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _product_page(offset, limit):
    rows = db.session.execute(_public_products().order_by(Product.id).offset(offset).limit(limit))
    for product_id, product_slug, updated in rows:
        yield "catalog.product", {"product_id": product_id, "slug": product_slug}, updated


def _category_page(offset, limit):
    for (cat_slug,) in db.session.execute(select(Category.slug).order_by(Category.id).offset(offset).limit(limit)):
        yield "catalog.category", {"slug": cat_slug}, None


def sitemap_sources():
    from core.registry import SitemapSource

    return [
        SitemapSource("categories", lambda: _count(select(Category.id)), _category_page),
        SitemapSource("products", lambda: _count(_public_products()), _product_page),
    ]
