"""Staff moderation of the expo: products, booth profiles and buyer requests waiting for review
(core.review), and applications to exhibitions.

Decisions are recorded in the audit log (who, what, when, why) and mailed to the exhibitor.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from core import access, attachments, inputs, labels, review
from core.audit import AuditEntry
from core.errors import button_post, commit_or_flash
from core.extensions import db
from core.pagination import paginate
from i18n import current_lang
from marketplace.catalog import services as catalog
from marketplace.catalog.models import PRODUCT_STATES, Product
from marketplace.expo import services as expo
from marketplace.expo.models import PROFILE_FIELDS, Booth, ExhibitorProfile, Hall
from marketplace.sourcing import inquiries, services as sourcing
from marketplace.sourcing.files import RFQ
from marketplace.sourcing.models import TRADE_TERMS, BuyerRequest

bp = Blueprint("moderation", __name__, url_prefix="/<lang>/staff/expo", template_folder="templates")
access.protect(bp, access.staff("moderator"))


def _csrf_ok() -> bool:
    from core.accounts.forms import EmptyForm

    return EmptyForm().validate_on_submit()


def _shown(kind: str, name: str, value) -> str:
    """A stored value as staff read it: a category by its name, yes or no, specifications as
    written, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if name == "category_id":
        from marketplace.public.categories import category_tree

        node = category_tree().by_id.get(inputs.record_id(value) or 0)
        return node.localized("name", current_lang()).text if node else f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "specs":
        return catalog.format_specs(value)
    return str(value)


def change_rows(item, kind: str, fields) -> list[tuple[str, str, str]]:
    """(field label, published value, proposed value) of a revision's text fields."""
    revision = item.pending_revision or {}
    return [
        (labels.field(kind, name), _shown(kind, name, getattr(item, name)), _shown(kind, name, revision[name]))
        for name in fields
        if name in revision
    ]


@bp.route("/products/")
def products():
    page = paginate(
        select(Product)
        .where(review.waiting(Product))
        .options(joinedload(Product.organization), selectinload(Product.images), joinedload(Product.category))
        .order_by(Product.submitted_at.asc().nulls_last(), Product.id),
        per_page=20,
    )
    shown = [name for name in catalog.EDITABLE_FIELDS if name != "original_language"]
    return render_template(
        "moderation/products.html",
        page=page,
        states=PRODUCT_STATES,
        changes=lambda product: change_rows(product, "product", shown),
    )


@bp.route("/products/<int:product_id>/decide", methods=["POST"])
def decide_product(product_id):
    return _decide(
        lambda: db.session.get(Product, product_id),
        catalog.decide,
        lambda product: product.localized("title", current_lang()).text,
        "moderation.products",
    )


def _decide(load, decide, name, queue):
    """A queue item's decision (approve, or return with a reason), then back to the queue."""
    decision = request.form.get("decision", "")
    return button_post(
        lambda: load() or abort(404),
        lambda item: decide(item, current_user, decision, request.form.get("reason")),
        lambda item: labels.decided(decision, [name(item)]),
        lambda _item: url_for(queue),
    )


@bp.route("/products/bulk", methods=["POST"])
def bulk_products():
    if not _csrf_ok():
        abort(400)
    decision = request.form.get("decision", "")
    ids = inputs.record_ids(request.form.getlist("ids"), 200)
    if not ids or decision not in ("approve", "return"):
        flash(_("Choose products and a decision."), "error")
        return redirect(url_for("moderation.products"))

    def decide_all() -> list[str]:
        products = list(db.session.scalars(select(Product).where(Product.id.in_(ids)).order_by(Product.id)))
        for product in products:
            catalog.decide(product, current_user, decision, request.form.get("reason"))
        return [product.localized("title", current_lang()).text for product in products]

    commit_or_flash(decide_all, lambda titles: labels.decided(decision, titles))
    return redirect(url_for("moderation.products"))


@bp.route("/requests/")
def requests():
    page = paginate(
        select(BuyerRequest)
        .where(review.waiting(BuyerRequest))
        .options(joinedload(BuyerRequest.buyer), joinedload(BuyerRequest.category))
        .order_by(BuyerRequest.submitted_at.asc().nulls_last(), BuyerRequest.id),
        per_page=20,
    )
    shown = [name for name in sourcing.EDITABLE_FIELDS if name != "language"]
    return render_template(
        "moderation/requests.html",
        page=page,
        files=attachments.of_many(RFQ, [item.id for item in page.items]),
        trade_terms=TRADE_TERMS,
        changes=lambda item: change_rows(item, "rfq", shown),
    )


@bp.route("/requests/<int:request_id>/decide", methods=["POST"])
def decide_request(request_id):
    return _decide(
        lambda: db.session.get(BuyerRequest, request_id),
        sourcing.decide,
        lambda item: item.title,
        "moderation.requests",
    )


@bp.route("/inquiries/")
def reported_inquiries():
    page = paginate(inquiries.reported(), per_page=10)
    return render_template("moderation/inquiries.html", page=page)


@bp.route("/inquiries/<int:inquiry_id>/decide", methods=["POST"])
def decide_inquiry_report(inquiry_id):
    from marketplace.sourcing.models import Inquiry

    outcome = request.form.get("outcome")
    return button_post(
        lambda: db.session.get(Inquiry, inquiry_id) or abort(404),
        lambda inquiry: inquiries.decide_report(inquiry, current_user, outcome),
        _("The conversation is closed.") if outcome == "closed" else _("The report is dismissed."),
        lambda _inquiry: url_for("moderation.reported_inquiries"),
    )


@bp.route("/booths/")
def profiles():
    page = paginate(
        select(ExhibitorProfile)
        .where(review.waiting(ExhibitorProfile))
        .options(joinedload(ExhibitorProfile.organization))
        .order_by(ExhibitorProfile.submitted_at.asc().nulls_last(), ExhibitorProfile.organization_id),
        per_page=20,
    )
    texts = [name for name in PROFILE_FIELDS if name not in ("logo_key", "banner_key", "gallery")]
    return render_template(
        "moderation/profiles.html",
        page=page,
        changes=lambda profile: change_rows(profile, "booth_profile", texts),
        new_pictures=_new_pictures,
    )


def _new_pictures(profile: ExhibitorProfile) -> list[tuple[str, str]]:
    """(what, stored key) of each picture a profile's revision adds."""
    revision = profile.pending_revision or {}
    found = []
    if revision.get("logo_key"):
        found.append((_("New logo"), revision["logo_key"]))
    if revision.get("banner_key"):
        found.append((_("New banner"), revision["banner_key"]))
    found += [(_("New photo"), key) for key in revision.get("gallery") or () if key not in (profile.gallery or ())]
    return found


@bp.route("/booths/<int:organization_id>/decide", methods=["POST"])
def decide_profile(organization_id):
    return _decide(
        lambda: db.session.get(ExhibitorProfile, organization_id),
        expo.decide_profile,
        lambda profile: profile.organization.localized("name", current_lang()).text,
        "moderation.profiles",
    )


@bp.route("/applications/")
def applications():
    page = paginate(
        select(Booth)
        .where(Booth.status == "applied")
        .options(joinedload(Booth.organization), joinedload(Booth.exhibition))
        .order_by(Booth.created_at),
        per_page=20,
    )
    halls = {}
    for hall in db.session.scalars(select(Hall).order_by(Hall.position)):
        halls.setdefault(hall.exhibition_id, []).append(hall)
    return render_template("moderation/applications.html", page=page, halls=halls)


@bp.route("/applications/<int:booth_id>/decide", methods=["POST"])
def decide_application(booth_id):
    if not _csrf_ok():
        abort(400)
    booth = db.session.get(Booth, booth_id) or abort(404)
    decision = request.form.get("decision", "")
    commit_or_flash(
        lambda: expo.decide(
            booth, current_user, decision, inputs.record_id(request.form.get("hall_id")), request.form.get("reason")
        ),
        labels.decided(decision, [booth.organization.localized("name", current_lang()).text]),
    )
    return redirect(url_for("moderation.applications"))


@bp.route("/history/")
def history():
    page = paginate(
        select(AuditEntry)
        .where(
            AuditEntry.object_type.in_(("products", "exhibitor_profiles", "booths", "organizations", "buyer_requests"))
        )
        .where(AuditEntry.action.not_like("%.submitted"), AuditEntry.action.not_like("%.revision_submitted"))
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()),
        per_page=50,
    )
    return render_template("moderation/history.html", page=page, described=labels.describe(page.items))
