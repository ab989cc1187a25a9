"""Staff screens of granted tiers: ``/<lang>/staff/membership/`` (admins).

The grants, those in force first, then those to come, those ended and those revoked; the form
that grants a tier to an organization (by its unified social credit code) for a period with a
reason; a button that revokes a grant in force or to come. The rules are ``grants``' (which
writes the audit log and puts the organization on its new tier); each request commits once.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from core import access
from core.db import utcnow
from core.errors import NotFound, button_post, commit_or_errors
from core.extensions import db
from core.forms import show_errors
from core.pagination import paginate
from i18n import current_lang
from marketplace.membership import grants
from marketplace.membership.forms import GrantForm
from marketplace.membership.models import TierGrant

bp = Blueprint("membership_manage", __name__, url_prefix="/<lang>/staff/membership", template_folder="templates")
access.protect(bp, access.staff("admin"))
PER_PAGE = 30


def _today():
    # The day tiers are computed for (tiers.effective_tier reads utcnow().date() too).
    return utcnow().date()


def grants_listed(today):
    """Every grant: in force first (ending soonest first), then to come (starting soonest first),
    then ended (latest first), then revoked (latest revoked first)."""
    order = case(
        (TierGrant.revoked_at.is_not(None), 3),
        (TierGrant.ends_on < today, 2),
        (TierGrant.starts_on > today, 1),
        else_=0,
    )
    return (
        select(TierGrant)
        .options(joinedload(TierGrant.organization), joinedload(TierGrant.tier))
        .order_by(
            order,
            case((order == 0, TierGrant.ends_on), (order == 1, TierGrant.starts_on)).asc(),
            case((order == 2, TierGrant.ends_on), (order == 3, TierGrant.revoked_at)).desc(),
            TierGrant.id.desc(),
        )
    )


def _people(rows) -> dict:
    from core.accounts.models import User

    ids = {row.granted_by_id for row in rows} | {row.revoked_by_id for row in rows}
    ids.discard(None)
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def _form() -> GrantForm:
    form = GrantForm()
    lang = current_lang()
    form.tier.choices = [SelectChoice("", _("Choose a tier"))] + [
        SelectChoice(tier.code, tier.label(lang)) for tier in grants.paid_tiers()
    ]
    return form


@bp.route("/", methods=["GET", "POST"])
def index():
    form = _form()
    today = _today()
    if form.validate_on_submit():
        clean, errors = grants.clean_grant(form.raw(), today)
        if not errors:
            row, errors = commit_or_errors(lambda: grants.grant(clean, current_user), "starts_on")
            if not errors:
                flash(
                    _(
                        "%(org)s has the %(tier)s tier from %(first)s to %(last)s.",
                        org=row.organization.localized("name", current_lang()).text,
                        tier=row.tier.label(current_lang()),
                        first=row.starts_on.isoformat(),
                        last=row.ends_on.isoformat(),
                    ),
                    "success",
                )
                return redirect(url_for(".index"))
        show_errors(form, errors)
    page = paginate(grants_listed(today), per_page=PER_PAGE)
    return render_template(
        "membership/manage/index.html",
        form=form,
        page=page,
        people=_people(page.items),
        state=lambda row: grants.state(row, today),
        states={
            "active": _("Active"),
            "upcoming": _("Upcoming"),
            "ended": _("Ended"),
            "revoked": _("Revoked"),
        },
        opened=request.method == "POST",
    )


def _grant(grant_id: int) -> TierGrant:
    row = db.session.get(TierGrant, grant_id)
    if row is None:
        raise NotFound()
    return row


@bp.route("/<int:grant_id>/revoke", methods=["POST"])
def revoke(grant_id):
    return button_post(
        lambda: _grant(grant_id),
        lambda row: grants.revoke(row.id, current_user),
        lambda row: _(
            "The %(tier)s tier granted to %(org)s is revoked; the organization is on the tier it pays for, or free.",
            tier=row.tier.label(current_lang()),
            org=row.organization.localized("name", current_lang()).text,
        ),
        lambda row: url_for(".index"),
    )
