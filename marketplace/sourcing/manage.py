"""The buyer's requests: list, post, edit, submit for review, close.

Every route acts for the signed-in buyer; ``services.request_for_buyer`` is the one place that
checks a request is theirs.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import access, attachments, limits
from core.db import commit
from core.errors import DomainError, button_post
from core.extensions import db, limiter
from core.forms import show_errors
from core.pagination import paginate
from i18n import current_lang
from i18n.regions import country_choices
from marketplace.catalog import terms
from marketplace.catalog.models import CURRENCIES
from marketplace.public.categories import category_choices
from marketplace.sourcing import services
from marketplace.sourcing.files import QUOTE, RFQ
from marketplace.sourcing.forms import DeclineForm, RequestForm
from marketplace.sourcing.models import CLOSE_REASONS, QUOTE_STATES, REQUEST_STATES, TRADE_TERMS, BuyerRequest

bp = Blueprint("sourcing_manage", __name__, url_prefix="/<lang>/account/requests", template_folder="templates")
access.protect(bp, access.BUYER)


@bp.route("/")
def index():
    page = paginate(services.buyer_requests(current_user), per_page=20)
    return render_template(
        "sourcing/manage/index.html",
        page=page,
        states=REQUEST_STATES,
        is_open=services.is_open,
        closed_reason=services.closed_reason,
        close_reasons=CLOSE_REASONS,
    )


def _choices(form: RequestForm) -> None:
    lang = current_lang()
    form.category.choices = category_choices(lang, _("Choose a category"))
    form.language.choices = [("en", _("English")), ("zh", _("Chinese"))]
    form.unit.choices = [("", "—"), *terms.unit_choices(lang)]
    form.currency.choices = [(c, c) for c in CURRENCIES]
    form.trade_term.choices = [("", "—"), *((code, str(label)) for code, label in TRADE_TERMS.items())]
    form.country.choices = [("", _("Choose a country or region")), *country_choices(lang)]


def _form_data(item: BuyerRequest) -> dict:
    data = {name: getattr(item, name) for name in services.EDITABLE_FIELDS}
    if item.pending_revision:
        data.update(item.pending_revision)
    data["category"] = item.category.slug if item.category else ""
    for name in ("quantity", "target_price", "deadline"):
        data[name] = "" if data.get(name) is None else str(data[name])
    return data


def _save(item: BuyerRequest | None):
    form = RequestForm()
    _choices(form)
    if item is None and request.method == "GET":
        form.language.data = current_lang()
    if item is not None and request.method == "GET":
        form.process(data=_form_data(item))
    if form.validate_on_submit():
        clean, errors = services.clean_request(form.raw())
        already = attachments.count(RFQ, item.id) if item is not None else 0
        uploads, file_errors = attachments.check_uploads(form.files.files, RFQ, already)
        errors = [*errors, *file_errors]
        if not errors:
            try:
                if item is None:
                    item = services.create_request(current_user, clean, uploads)
                    message = _("Your request is saved as a draft. Check it, then send it for review.")
                else:
                    waits = services.update_request(item, clean, uploads)
                    message = (
                        _("Your changes wait for review; the published version stays visible until then.")
                        if waits
                        else _("Your request is saved.")
                    )
                commit()
            except DomainError as exc:
                db.session.rollback()
                errors = [(exc.field or "title", exc.message)]
            else:
                flash(message, "success")
                return redirect(url_for("sourcing_manage.edit", request_id=item.id))
        show_errors(form, errors)
        attachments.files_not_kept(form)
    return render_template(
        "sourcing/manage/edit.html",
        form=form,
        item=item,
        files=attachments.of(RFQ, item.id) if item is not None else [],
        states=REQUEST_STATES,
        is_open=services.is_open(item) if item is not None else False,
        closed_reason=services.closed_reason(item) if item is not None and item.status == "published" else None,
        close_reasons=CLOSE_REASONS,
    )


@bp.route("/new", methods=["GET", "POST"])
@attachments.accepts_files(RFQ)
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_account, methods=["POST"])
def new():
    return _save(None)


@bp.route("/<int:request_id>/edit", methods=["GET", "POST"])
@attachments.accepts_files(RFQ)
def edit(request_id):
    return _save(services.request_for_buyer(request_id, current_user))


@bp.route("/<int:request_id>/files/<int:attachment_id>/remove", methods=["POST"])
def remove_file(request_id, attachment_id):
    return button_post(
        lambda: services.request_for_buyer(request_id, current_user),
        lambda item: services.remove_file(item, attachment_id),
        _("The file is removed."),
        lambda item: url_for("sourcing_manage.edit", request_id=item.id) + "#files",
    )


def _transition(request_id, action, message):
    return button_post(
        lambda: services.request_for_buyer(request_id, current_user),
        action,
        message,
        lambda item: url_for("sourcing_manage.edit", request_id=item.id),
    )


@bp.route("/<int:request_id>/submit", methods=["POST"])
def submit(request_id):
    return _transition(
        request_id,
        services.submit,
        _("Sent for review. Bureau staff usually decide within one working day; we will write to you."),
    )


@bp.route("/<int:request_id>/close", methods=["POST"])
def close(request_id):
    return _transition(
        request_id,
        lambda item: services.close(item, "buyer", actor=current_user),
        _("The request is closed: suppliers can no longer quote on it."),
    )


# ---------------------------------------------------------------- the quotes a request received
@bp.route("/<int:request_id>/quotes")
def quotes(request_id):
    item = services.request_for_buyer(request_id, current_user)
    quotes = services.quotes_of(item)
    return render_template(
        "sourcing/manage/quotes.html",
        item=item,
        quotes=quotes,
        files=attachments.of_many(QUOTE, [quote.id for quote in quotes]),
        states=QUOTE_STATES,
        trade_terms=TRADE_TERMS,
        decline_form=DeclineForm(),
    )


def _decide_quote(quote_id, action, message):
    return button_post(
        lambda: services.quote_for_buyer(quote_id, current_user),
        action,
        message,
        lambda quote: url_for("sourcing_manage.quotes", request_id=quote.request_id),
    )


@bp.route("/quotes/<int:quote_id>/shortlist", methods=["POST"])
def shortlist(quote_id):
    return _decide_quote(quote_id, lambda q: services.shortlist(q, current_user), _("The quote is on your shortlist."))


@bp.route("/quotes/<int:quote_id>/accept", methods=["POST"])
def accept(quote_id):
    return _decide_quote(
        quote_id,
        lambda q: services.accept(q, current_user),
        _("You accepted the quote. The supplier is told, and so are the others; the request is closed."),
    )


@bp.route("/quotes/<int:quote_id>/decline", methods=["POST"])
def decline(quote_id):
    return _decide_quote(
        quote_id,
        lambda q: services.decline(q, current_user, request.form.get("reason")),
        _("You declined the quote. The supplier is told."),
    )
