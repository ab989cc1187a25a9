"""Inquiry pages: write to an exhibitor (from a product page or a booth), the inbox, a thread,
and an exhibitor's analytics of its inquiries (a benefit of the paid tiers).
Every route checks the thread is the user's through ``inquiries.side_of``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core import access, attachments, inputs, limits
from core.db import commit
from core.errors import Forbidden, button_post, commit_or_errors
from core.extensions import db, limiter
from core.forms import show_errors
from core.organizations.models import Organization
from core.pagination import paginate
from i18n import current_lang
from marketplace.catalog.models import Product
from marketplace.membership.services import has_inquiry_analytics
from marketplace.public.visibility import PRODUCTS, public_products
from marketplace.sourcing import analytics, inquiries
from marketplace.sourcing.files import MESSAGE
from marketplace.sourcing.forms import InquiryForm, ReplyForm

bp = Blueprint("inquiries", __name__, url_prefix="/<lang>/account/inquiries", template_folder="templates")
access.protect(bp, access.VERIFIED)


def _about():
    """What the buyer writes about: (organization, subject, product id) from ``?product=`` (a
    public product) or ``?exhibitor=`` (a verified organization), or 404."""
    product_id = inputs.record_id(request.args.get("product"))
    if product_id is not None:
        found = db.session.execute(
            public_products(PRODUCTS.c.id, PRODUCTS.c.organization_id).where(PRODUCTS.c.id == product_id)
        ).first()
        if found is None:
            abort(404)
        product = db.session.get(Product, product_id)
        return (
            db.session.get(Organization, found.organization_id),
            product.localized("title", current_lang()).text,
            product_id,
        )
    organization_id = inputs.record_id(request.args.get("exhibitor"))
    organization = db.session.get(Organization, organization_id) if organization_id else None
    if organization is None or not organization.is_verified:
        abort(404)
    return organization, organization.localized("name", current_lang()).text, None


@bp.route("/new", methods=["GET", "POST"])
@attachments.accepts_files(MESSAGE)
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_account, methods=["POST"])
def new():
    organization, subject, product_id = _about()
    form = InquiryForm()
    if form.validate_on_submit():
        clean, errors = inquiries.clean_message({"body": form.body.data, "quantity": form.quantity.data}, True)
        uploads, file_errors = attachments.check_uploads(form.files.files, MESSAGE)
        errors = [*errors, *file_errors]
        if not errors:
            inquiry, errors = commit_or_errors(
                lambda: inquiries.open_inquiry(current_user, organization, subject, clean, product_id, uploads), "body"
            )
            if not errors:
                flash(_("Your inquiry is sent. The supplier is told by mail; their reply will appear here."), "success")
                return redirect(url_for("inquiries.thread", inquiry_id=inquiry.id))
        show_errors(form, errors)
        attachments.files_not_kept(form)
    return render_template("sourcing/inquiries/new.html", form=form, organization=organization, subject=subject)


@bp.route("/")
def index():
    page = paginate(inquiries.inbox(current_user), per_page=20)
    return render_template("sourcing/inquiries/index.html", page=page, unread=inquiries.unread_for)


@bp.route("/analytics")
@access.allow(access.EXHIBITOR)
def analytics_page():
    """The organization's own figures; for a tier without the benefit nothing is computed, the
    page says which tiers have it instead."""
    organization_id = current_user.org_member.organization_id
    allowed = has_inquiry_analytics(organization_id)
    return render_template(
        "sourcing/inquiries/analytics.html",
        allowed=allowed,
        figures=analytics.of_organization(organization_id) if allowed else None,
        month_label=analytics.month_label,
        wait_label=analytics.wait_label,
    )


@bp.route("/<int:inquiry_id>", methods=["GET", "POST"])
@attachments.accepts_files(MESSAGE)
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_account, methods=["POST"])
def thread(inquiry_id):
    inquiry, side = inquiries.inquiry_for(inquiry_id, current_user)
    form = ReplyForm()
    if form.validate_on_submit():
        clean, errors = inquiries.clean_message({"body": form.body.data})
        uploads, file_errors = attachments.check_uploads(form.files.files, MESSAGE)
        errors = [*errors, *file_errors]
        if not errors:
            _message, errors = commit_or_errors(lambda: inquiries.reply(inquiry, current_user, clean, uploads), "body")
            if not errors:
                flash(_("Your message is sent."), "success")
                return redirect(url_for("inquiries.thread", inquiry_id=inquiry.id))
        show_errors(form, errors)
        attachments.files_not_kept(form)
    elif request.method == "GET" and inquiries.mark_read(inquiry, side):
        commit()
    messages = db.session.scalars(
        select(inquiries.InquiryMessage)
        .where(inquiries.InquiryMessage.inquiry_id == inquiry.id)
        .order_by(inquiries.InquiryMessage.id)
    ).all()
    return render_template(
        "sourcing/inquiries/thread.html",
        inquiry=inquiry,
        side=side,
        messages=messages,
        files=attachments.of_many(MESSAGE, [message.id for message in messages]),
        form=form,
        colleagues=inquiries.colleagues(inquiry.organization_id) if side == "exhibitor" else [],
    )


def _as_exhibitor(inquiry_id: int):
    """The thread, for its exhibitor's side only (a buyer gets 403)."""
    inquiry, side = inquiries.inquiry_for(inquiry_id, current_user)
    if side != "exhibitor":
        raise Forbidden()
    return inquiry


@bp.route("/<int:inquiry_id>/decline", methods=["POST"])
def decline(inquiry_id):
    return button_post(
        lambda: _as_exhibitor(inquiry_id),
        lambda inquiry: inquiries.decline(inquiry, current_user, request.form.get("reason")),
        _("You declined the inquiry. The buyer is told."),
        lambda inquiry: url_for("inquiries.thread", inquiry_id=inquiry.id),
    )


@bp.route("/<int:inquiry_id>/assign", methods=["POST"])
def assign(inquiry_id):
    return button_post(
        lambda: _as_exhibitor(inquiry_id),
        lambda inquiry: inquiries.assign(inquiry, current_user, request.form.get("colleague")),
        _("The inquiry is assigned."),
        lambda inquiry: url_for("inquiries.thread", inquiry_id=inquiry.id),
    )


@bp.route("/<int:inquiry_id>/report", methods=["POST"])
def report(inquiry_id):
    return button_post(
        lambda: inquiries.inquiry_for(inquiry_id, current_user)[0],
        lambda inquiry: inquiries.report(inquiry, current_user, request.form.get("reason")),
        _("Thank you: the bureau's moderators will look at this conversation."),
        lambda inquiry: url_for("inquiries.thread", inquiry_id=inquiry.id),
    )
