"""Public catalog pages: products and categories."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from core import access
from core.extensions import db
from core.organizations.models import Organization
from core.pagination import paginate
from i18n import current_lang
from marketplace import queries, seo
from marketplace.catalog import viewcount
from marketplace.catalog.models import Category, Product
from marketplace.expo.models import ExhibitorProfile
from marketplace.text import plain_excerpt

bp = Blueprint("catalog", __name__, url_prefix="/<lang>", template_folder="../templates")
access.protect(bp, access.PUBLIC)


@bp.after_app_request
def _flush_views(response):
    viewcount.flush()
    return response


@bp.route("/products/<int:product_id>-<slug>/")
@bp.route("/products/<int:product_id>/")
def product(product_id, slug=None):
    item = db.session.scalar(
        select(Product)
        .where(Product.id == product_id)
        .options(
            selectinload(Product.images),
            joinedload(Product.organization),
            joinedload(Product.category).joinedload(Category.parent).joinedload(Category.parent),
        )
    )
    if item is None or item.organization.status != "verified":
        abort(404)
    if item.status == "archived":
        abort(410)
    if item.status != "published":
        abort(404)
    if slug != item.slug:
        return redirect(url_for("catalog.product", product_id=item.id, slug=item.slug), code=301)
    viewcount.count_view(item.id)
    profile = db.session.scalar(
        select(ExhibitorProfile)
        .where(ExhibitorProfile.organization_id == item.organization_id)
        .options(joinedload(ExhibitorProfile.tier))
    )
    lang = current_lang()
    crumbs = _crumb_items(queries.breadcrumb(item.category), lang)
    crumbs.append((item.localized("title", lang).text, ""))
    return render_template(
        "catalog/product.html",
        product=item,
        org=item.organization,
        profile=profile,
        crumb_items=crumbs,
        product_jsonld=seo.product_jsonld(item, lang),
        breadcrumb_jsonld=seo.breadcrumb_jsonld(
            [*crumbs[:-1], (crumbs[-1][0], url_for("catalog.product", product_id=item.id, slug=item.slug))]
        ),
        product_excerpt=plain_excerpt(item.localized("description", lang).text),
    )


def _crumb_items(chain, lang):
    items = [(_("Products"), url_for("catalog.categories"))]
    items += [(c.localized("name", lang).text, url_for("catalog.category", slug=c.slug)) for c in chain]
    return items


@bp.route("/categories/")
def categories():
    rows = list(db.session.scalars(select(Category).order_by(Category.depth, Category.position)))
    children = {}
    for cat in rows:
        children.setdefault(cat.parent_id, []).append(cat)
    return render_template("catalog/categories.html", tops=children.get(None, []), children=children)


@bp.route("/categories/<slug>/")
def category(slug):
    cat = db.session.scalar(
        select(Category).where(Category.slug == slug).options(joinedload(Category.parent).joinedload(Category.parent))
    ) or abort(404)
    ids = queries.category_with_descendants(cat)
    page = paginate(
        queries.published_products()
        .where(Product.category_id.in_(ids))
        .order_by(Product.published_at.desc(), Product.id.desc()),
        per_page=24,
    )
    subcategories = list(
        db.session.scalars(select(Category).where(Category.parent_id == cat.id).order_by(Category.position))
    )
    crumbs = _crumb_items(queries.breadcrumb(cat), current_lang())
    jsonld = seo.breadcrumb_jsonld(crumbs)
    crumbs[-1] = (crumbs[-1][0], "")
    return render_template(
        "catalog/category.html",
        category=cat,
        page=page,
        subcategories=subcategories,
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
    from sqlalchemy import func

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
