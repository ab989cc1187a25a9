"""Public catalog pages: products and categories."""

from __future__ import annotations

import json
from types import SimpleNamespace

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from core import access
from core.db import read_only_request
from core.extensions import db
from core.organizations.models import Organization
from i18n import current_lang, localized
from marketplace import seo
from marketplace.cards import listing_page
from marketplace.catalog import counts, viewcount
from marketplace.catalog.models import Category, Product, ProductImage
from marketplace.catalog.tree_cache import category_tree
from marketplace.expo.models import ExhibitorProfile, MemberTier
from marketplace.text import plain_excerpt

bp = Blueprint("catalog", __name__, url_prefix="/<lang>", template_folder="../templates")
access.protect(bp, access.PUBLIC)


@bp.before_request
def _read_only():
    if request.method in ("GET", "HEAD"):
        read_only_request()


class _Record(SimpleNamespace):
    """A page's read-only view of a row: attribute access and ``localized`` like the model."""

    def localized(self, field: str, lang: str):
        return localized(self, field, lang)


def _columns(table, names, prefix=""):
    return [table.c[name].label(prefix + name) for name in names]


_P, _O, _EP, _T, _IMG = (
    Product.__table__,
    Organization.__table__,
    ExhibitorProfile.__table__,
    MemberTier.__table__,
    ProductImage.__table__,
)
_PRODUCT_FIELDS = (
    "id", "organization_id", "category_id", "sku", "slug", "status", "original_language",
    "title_zh", "title_en", "description_zh", "description_en", "specs", "moq", "moq_unit",
    "price_min", "price_max", "currency", "price_negotiable", "fob_port", "lead_time_days",
    "hs_code", "certifications",
)  # fmt: skip
_ORG_FIELDS = ("name_zh", "name_en", "original_language", "status", "contact_phone")
_PROFILE_FIELDS = ("slug", "tier_code", "public_phone", "public_email")
_IMAGE_FIELDS = ("key", "thumbs", "width", "height", "alt_zh", "alt_en")
# Built once per database dialect: a Core statement on table columns skips the ORM's
# per-request statement building and entity loading (about half of this page's time when it
# loaded entities), and one round trip brings the product, its supplier and its images (as a
# JSON array, in gallery order).
_PRODUCT_PAGE: dict[str, object] = {}


def _product_page_statement(dialect: str):
    statement = _PRODUCT_PAGE.get(dialect)
    if statement is not None:
        return statement
    if dialect == "postgresql":
        pairs = [part for name in _IMAGE_FIELDS for part in (literal_column(f"'{name}'"), _IMG.c[name])]
        images = func.json_agg(aggregate_order_by(func.json_build_object(*pairs), _IMG.c.position, _IMG.c.id))
        images_sub = select(images).where(_IMG.c.product_id == _P.c.id).scalar_subquery()
    else:  # SQLite: json_group_array keeps the order of an ordered subquery; JSON columns need json()
        ordered = select(_IMG).where(_IMG.c.product_id == _P.c.id).order_by(_IMG.c.position, _IMG.c.id).subquery()
        pairs = [
            part
            for name in _IMAGE_FIELDS
            for part in (
                literal_column(f"'{name}'"),
                func.json(ordered.c.thumbs) if name == "thumbs" else ordered.c[name],
            )
        ]
        images_sub = select(func.json_group_array(func.json_object(*pairs))).select_from(ordered).scalar_subquery()
    statement = _PRODUCT_PAGE[dialect] = (
        select(
            *_columns(_P, _PRODUCT_FIELDS),
            *_columns(_O, _ORG_FIELDS, "org_"),
            *_columns(_EP, _PROFILE_FIELDS, "profile_"),
            _T.c.name_zh.label("tier_name_zh"),
            _T.c.name_en.label("tier_name_en"),
            images_sub.label("images_json"),
        )
        .select_from(
            _P.join(_O, _O.c.id == _P.c.organization_id)
            .outerjoin(_EP, _EP.c.organization_id == _P.c.organization_id)
            .outerjoin(_T, _T.c.code == _EP.c.tier_code)
        )
        .where(_P.c.id == bindparam("pid"))
    )
    return statement


def _product_records(product_id: int):
    """(product, organization, profile or None) for the public page, or None."""
    conn = db.session.connection()
    row = conn.execute(_product_page_statement(conn.dialect.name), {"pid": product_id}).mappings().first()
    if row is None:
        return None
    org = _Record(**{name: row["org_" + name] for name in _ORG_FIELDS})
    images = row["images_json"]
    if isinstance(images, str):  # SQLite hands JSON back as text
        images = json.loads(images)
    product = _Record(
        **{name: row[name] for name in _PRODUCT_FIELDS},
        organization=org,
        images=[_Record(**img) for img in images or ()],
    )
    profile = None
    if row["profile_slug"] is not None:
        profile = _Record(**{name: row["profile_" + name] for name in _PROFILE_FIELDS})
        profile.tier = _Record(name_zh=row["tier_name_zh"], name_en=row["tier_name_en"])
    return product, org, profile


@bp.route("/products/<int:product_id>-<slug>/")
@bp.route("/products/<int:product_id>/")
def product(product_id, slug=None):
    found = _product_records(product_id)
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
    url = url_for("catalog.product", product_id=item.id, slug=item.slug)
    excerpt = plain_excerpt(item.localized("description", lang).text, 500)
    chain = category_tree().chain(item.category_id)
    crumbs = _crumb_items(chain, lang)
    title = item.localized("title", lang).text
    return render_template(
        "catalog/product.html",
        product=item,
        org=org,
        profile=profile,
        booth_url=url_for("expo.booth", slug=profile.slug) if profile else None,
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
    crumbs = _crumb_items(tree.chain(cat.id), current_lang())
    jsonld = seo.breadcrumb_jsonld(crumbs)
    crumbs[-1] = (crumbs[-1][0], "")
    return render_template(
        "catalog/category.html",
        category=cat,
        page=page,
        subcategories=tree.children(cat.id),
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
