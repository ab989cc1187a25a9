"""An enterprise's own credit record, for the owners of its organization:
``/<lang>/account/credit/``. The record as the public sees it, each entry with "File an
objection"; the objection form with evidence; the objections filed and how they were decided.

Only an organization's owners act for it here (the policy below, checked on every request):
its editors and everyone else get 403. ``services.own_enterprise`` finds the record by the
organization's code; ``services.file_objection`` checks the entry is on that record.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from core import access, attachments, limits
from core.db import commit
from core.errors import Conflict, DomainError
from core.extensions import db, limiter
from core.forms import show_errors
from core.inputs import record_id
from govportal.credit import reads, services, views
from govportal.credit.files import FILES
from govportal.credit.forms import ObjectionForm
from govportal.credit.models import OBJECTION_STATES, CreditFact, CreditObjection
from i18n import current_lang
from i18n.content import localized

OWNER = access.ORGANIZATION_OWNER
bp = Blueprint("credit_own", __name__, url_prefix="/<lang>/account/credit", template_folder="templates")
access.protect(bp, OWNER)
LINK_LABEL = _l("Your credit record")


def _organization():
    return current_user.org_member.organization


def _objections(organization_id: int) -> list[CreditObjection]:
    return db.session.scalars(
        select(CreditObjection)
        .where(CreditObjection.organization_id == organization_id)
        .order_by(CreditObjection.created_at.desc(), CreditObjection.id.desc())
    ).all()


def _context(**extra) -> dict:
    return {**views.labels(), "text": lambda obj, name: localized(obj, name, current_lang()), **extra}


@bp.route("/")
def index():
    organization = _organization()
    enterprise = services.own_enterprise(current_user)
    record = reads.record(enterprise.uscc, services.today()) if enterprise is not None else None
    objections = _objections(organization.id)
    return render_template(
        "credit/own/index.html",
        **_context(
            organization=organization,
            record=record,
            lang=current_lang(),
            objections=objections,
            open_facts={o.fact_id for o in objections if o.status == "open"},
            states=OBJECTION_STATES,
            objection_days=services.OBJECTION_DAYS,
        ),
    )


def _own_fact(enterprise) -> CreditFact:
    fact_id = record_id(request.args.get("fact"))
    fact = db.session.get(CreditFact, fact_id) if fact_id else None
    if fact is None or fact.enterprise_id != enterprise.id or fact.deleted_at is not None:
        abort(404)
    return fact


@bp.route("/objections/new", methods=["GET", "POST"])
@attachments.accepts_files(FILES)
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_account, methods=["POST"])
def new_objection():
    enterprise = services.own_enterprise(current_user) or abort(404)
    fact = _own_fact(enterprise)
    form = ObjectionForm()
    if form.validate_on_submit():
        uploads, errors = attachments.check_uploads(form.files.files, FILES)
        if not errors:
            try:
                objection = services.file_objection(current_user, fact.id, form.reason.data, uploads)
                commit()
            except Conflict as exc:
                db.session.rollback()
                flash(str(exc.message), "error")  # already being handled: a double submit files one
                return redirect(url_for(".index") + f"#fact-{fact.id}")
            except DomainError as exc:
                db.session.rollback()
                errors = [(exc.field or "reason", exc.message)]
            else:
                flash(_("Your objection is filed."), "success")
                return redirect(url_for(".objection", objection_id=objection.id))
        show_errors(form, errors)
        attachments.files_not_kept(form)
    return render_template(
        "credit/own/new_objection.html",
        **_context(form=form, fact=fact, enterprise=enterprise),
    )


@bp.route("/objections/<int:objection_id>/")
def objection(objection_id):
    found = db.session.get(CreditObjection, objection_id)
    if found is None or found.organization_id != _organization().id:
        abort(404)
    return render_template(
        "credit/own/objection.html",
        **_context(objection=found, fact=found.fact, files=attachments.of(FILES, found.id), states=OBJECTION_STATES),
    )
