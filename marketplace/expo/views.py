"""Public expo pages: exhibitions, halls, the exhibitor directory and booth pages."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core import access
from core.db import read_only_request
from core.extensions import db
from core.organizations.choices import DISTRICTS
from core.organizations.models import Organization
from core.pagination import paginate
from i18n import current_lang
from marketplace import queries, seo
from marketplace.cards import listing_page
from marketplace.catalog.models import Product
from marketplace.catalog.tree_cache import category_tree
from marketplace.expo.models import Booth, Exhibition, ExhibitorProfile, Hall, SlugRedirect

bp = Blueprint("expo", __name__, url_prefix="/<lang>", template_folder="templates")
access.protect(bp, access.PUBLIC)


@bp.before_request
def _read_only():
    if request.method in ("GET", "HEAD"):
        read_only_request()


@bp.route("/expo/")
def index():
    exhibitions = list(db.session.scalars(select(Exhibition).order_by(Exhibition.position, Exhibition.id)))
    halls = list(db.session.scalars(select(Hall).order_by(Hall.position)))
    by_exhibition = {}
    for hall in halls:
        by_exhibition.setdefault(hall.exhibition_id, []).append(hall)
    featured = queries.featured_profiles(6)
    new_products = list(
        db.session.scalars(
            queries.published_products().order_by(Product.published_at.desc(), Product.id.desc()).limit(8)
        )
    )
    return render_template(
        "expo/index.html", exhibitions=exhibitions, halls=by_exhibition, featured=featured, new_products=new_products
    )


def _exhibition(slug: str) -> Exhibition:
    return db.session.scalar(select(Exhibition).where(Exhibition.slug == slug)) or abort(404)


@bp.route("/expo/<exhibition>/")
def exhibition(exhibition):
    ex = _exhibition(exhibition)
    exhibitor_ids = select(Booth.organization_id).where(Booth.exhibition_id == ex.id, Booth.status == "approved")
    featured = queries.featured_profiles(8, ExhibitorProfile.organization_id.in_(exhibitor_ids))
    new_products = list(
        db.session.scalars(
            queries.published_products()
            .where(Product.organization_id.in_(exhibitor_ids))
            .order_by(Product.published_at.desc(), Product.id.desc())
            .limit(8)
        ).unique()
    )
    return render_template("expo/exhibition.html", exhibition=ex, featured=featured, new_products=new_products)


@bp.route("/expo/<exhibition>/<hall>/")
def hall(exhibition, hall):
    ex = _exhibition(exhibition)
    the_hall = db.session.scalar(select(Hall).where(Hall.exhibition_id == ex.id, Hall.slug == hall)) or abort(404)
    page = paginate(queries.booths_in_hall(the_hall).order_by(ExhibitorProfile.organization_id), per_page=24)
    counts = queries.product_counts([p.organization_id for p in page.items])
    return render_template("expo/hall.html", exhibition=ex, hall=the_hall, page=page, counts=counts)


@bp.route("/exhibitors/")
def directory():
    query = queries.profiles_query()
    filters = {}
    hall_id = request.args.get("hall", type=int)
    if hall_id:
        query = query.join(Booth, Booth.organization_id == ExhibitorProfile.organization_id).where(
            Booth.hall_id == hall_id, Booth.status == "approved"
        )
        filters["hall"] = hall_id
    category_slug = request.args.get("category", "")[:120]
    if category_slug:
        category = category_tree().by_slug.get(category_slug)
        if category is not None:
            query = query.where(ExhibitorProfile.main_category_id.in_(category_tree().descendants(category.id)))
            filters["category"] = category_slug
    district = request.args.get("district", "")
    if district in DISTRICTS:
        query = query.where(Organization.district == district)
        filters["district"] = district
    if request.args.get("verified") == "1":
        query = query.where(queries.PUBLIC_ORG)
        filters["verified"] = "1"
    page = paginate(query.order_by(ExhibitorProfile.tier_code.desc(), Organization.id), per_page=24)
    counts = queries.product_counts([p.organization_id for p in page.items])
    halls = list(db.session.scalars(select(Hall).order_by(Hall.position)))
    tops = category_tree().children(None)
    return render_template(
        "expo/directory.html", page=page, counts=counts, halls=halls, categories=tops, filters=filters
    )


@bp.route("/exhibitors/<slug>/")
def booth(slug):
    profile = db.session.scalar(queries.profiles_query().where(ExhibitorProfile.slug == slug))
    if profile is None:
        moved = db.session.scalar(
            select(SlugRedirect).where(SlugRedirect.kind == "booth", SlugRedirect.old_slug == slug)
        )
        target = db.session.get(ExhibitorProfile, moved.target_id) if moved else None
        if target is None:
            abort(404)
        return redirect(url_for("expo.booth", slug=target.slug), code=301)
    if profile.organization.status != "verified":
        abort(404)
    page = listing_page(organization_id=profile.organization_id)
    booths = list(
        db.session.scalars(
            select(Booth)
            .where(Booth.organization_id == profile.organization_id, Booth.status == "approved")
            .options(db.joinedload(Booth.hall), db.joinedload(Booth.exhibition))
        )
    )
    lang = current_lang()
    name = profile.organization.localized("name", lang).text
    return render_template(
        "expo/booth.html",
        profile=profile,
        org=profile.organization,
        page=page,
        booths=booths,
        organization_jsonld=seo.organization_jsonld(profile, profile.organization, lang),
        breadcrumb_jsonld=seo.breadcrumb_jsonld(
            [(_("Exhibitors"), url_for("expo.directory")), (name, url_for("expo.booth", slug=profile.slug))]
        ),
    )


def home_section() -> dict:
    """What the expo shows on the site's home page."""
    exhibitions = list(db.session.scalars(select(Exhibition).order_by(Exhibition.position).limit(4)))
    products = list(
        db.session.scalars(
            queries.published_products().order_by(Product.published_at.desc(), Product.id.desc()).limit(8)
        )
    )
    featured = queries.featured_profiles(6)
    categories = category_tree().children(None)
    return {"exhibitions": exhibitions, "products": products, "featured": featured, "categories": categories}


def _public_profiles():
    return (
        select(ExhibitorProfile.slug, ExhibitorProfile.updated_at)
        .join(Organization, Organization.id == ExhibitorProfile.organization_id)
        .where(queries.PUBLIC_ORG)
    )


def _booth_page(offset, limit):
    rows = db.session.execute(_public_profiles().order_by(ExhibitorProfile.organization_id).offset(offset).limit(limit))
    for slug, updated in rows:
        yield "expo.booth", {"slug": slug}, updated


def _exhibition_entries():
    yield from db.session.execute(
        select(Exhibition.slug, Hall.slug)
        .join(Hall, Hall.exhibition_id == Exhibition.id, isouter=True)
        .order_by(Exhibition.position, Hall.position)
    )


def sitemap_sources():
    from sqlalchemy import func

    from core.registry import SitemapSource

    def pages():
        entries = [("expo.index", {}), ("expo.directory", {}), ("catalog.categories", {})]
        seen = set()
        for ex_slug, hall_slug in _exhibition_entries():
            if ex_slug not in seen:
                seen.add(ex_slug)
                entries.append(("expo.exhibition", {"exhibition": ex_slug}))
            if hall_slug:
                entries.append(("expo.hall", {"exhibition": ex_slug, "hall": hall_slug}))
        return entries

    return [
        SitemapSource(
            "expo",
            lambda: len(pages()),
            lambda offset, limit: ((e, v, None) for e, v in pages()[offset : offset + limit]),
        ),
        SitemapSource(
            "booths",
            lambda: db.session.scalar(select(func.count()).select_from(_public_profiles().subquery())),
            _booth_page,
        ),
    ]
