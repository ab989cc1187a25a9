"""The exhibitor's side of buyer requests: quote on an open request, and the organization's
quotes with the month's quota. Exhibitors see their own quotes only, never each other's."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import access, attachments, limits
from core.db import utcnow
from core.errors import commit_or_errors
from core.extensions import limiter
from core.forms import show_errors
from core.pagination import paginate
from marketplace.catalog.models import CURRENCIES
from marketplace.membership.services import quote_quota_for, quotes_left
from marketplace.sourcing import reads, services
from marketplace.sourcing.files import QUOTE, RFQ
from marketplace.sourcing.forms import QuoteForm
from marketplace.sourcing.models import QUOTE_STATES, TRADE_TERMS

bp = Blueprint("quoting", __name__, url_prefix="/<lang>/account/quotes", template_folder="templates")
access.protect(bp, access.EXHIBITOR)


def _org_id() -> int:
    return current_user.org_member.organization_id


@bp.route("/")
def index():
    left, renews = quotes_left(_org_id(), utcnow())
    page = paginate(services.organization_quotes(_org_id()), per_page=20)
    return render_template(
        "sourcing/quotes/index.html",
        page=page,
        files=attachments.of_many(QUOTE, [quote.id for quote in page.items]),
        states=QUOTE_STATES,
        left=left,
        quota=quote_quota_for(_org_id()),
        renews=renews,
    )


@bp.route("/on/<int:request_id>", methods=["GET", "POST"])
@attachments.accepts_files(QUOTE)
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_account, methods=["POST"])
def new(request_id):
    item = reads.public_request(request_id) or abort(404)
    existing = services.own_quote(item, _org_id())
    form = QuoteForm()
    form.currency.choices = [(c, c) for c in CURRENCIES]
    form.trade_term.choices = [("", "—"), *((code, str(label)) for code, label in TRADE_TERMS.items())]
    if not form.is_submitted():
        form.currency.data = item.currency
        form.trade_term.data = item.trade_term or ""
    if existing is None and form.validate_on_submit():
        clean, errors = services.clean_quote(form.raw())
        uploads, file_errors = attachments.check_uploads(form.files.files, QUOTE)
        errors = [*errors, *file_errors]
        if not errors:
            _quote, errors = commit_or_errors(
                lambda: services.submit_quote(item, current_user, clean, uploads), "unit_price"
            )
            if not errors:
                flash(_("Your quote is sent. The buyer is told by mail; you will hear of their decision."), "success")
                return redirect(url_for("quoting.index"))
        show_errors(form, errors)
        attachments.files_not_kept(form)
    left, renews = quotes_left(_org_id(), utcnow())
    return render_template(
        "sourcing/quotes/new.html",
        item=item,
        form=form,
        existing=existing,
        request_files=attachments.of(RFQ, item.id, public=True),
        quote_files=attachments.of(QUOTE, existing.id) if existing is not None else [],
        is_open=services.is_open(item),
        trade_terms=TRADE_TERMS,
        states=QUOTE_STATES,
        left=left,
        renews=renews,
    )
