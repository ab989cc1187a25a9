"""Staff screens of credit records: ``/<lang>/staff/credit/``, for credit officers (and admins).

Find a record (the public lookup's own function), create one, edit its identity, and keep its
facts: add one, correct one (with a reason), end an entry (repaired, removed from a list), take
out one entered in error. The repairs that fall due and the objections waiting are listed
oldest first; an objection is decided here. Every change goes through ``services`` (which
writes the audit log); each request commits once.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, or_, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from core import access, attachments, labels
from core.audit import AuditEntry
from core.db import commit
from core.errors import DomainError, commit_or_errors
from core.extensions import db
from core.forms import show_errors
from core.inputs import Fields
from core.organizations import uscc as uscc_rules
from core.organizations.choices import DISTRICTS, INDUSTRIES
from core.pagination import paginate
from govportal.credit import rules, services, views
from govportal.credit.files import FILES
from govportal.credit.forms import (
    GRADE_LABELS,
    OUTCOMES,
    CorrectionForm,
    DecisionForm,
    DeleteForm,
    EndForm,
    EnterpriseForm,
    FactForm,
    fields_for,
)
from govportal.credit.models import (
    ENDINGS,
    FACT_KINDS,
    NEGATIVE_KINDS,
    OBJECTION_STATES,
    CreditEnterprise,
    CreditFact,
    CreditObjection,
)
from i18n import current_lang
from i18n.content import localized

OFFICER = access.staff("credit_officer")
bp = Blueprint("credit_manage", __name__, url_prefix="/<lang>/staff/credit", template_folder="templates")
access.protect(bp, OFFICER)
PER_PAGE = 20
WAITING_ON_INDEX = 20
HISTORY = 200


def _context(**extra) -> dict:
    return {**views.labels(), "text": lambda obj, name: localized(obj, name, current_lang()), **extra}


def _enterprise(code: str) -> CreditEnterprise:
    enterprise = services.enterprise_by_uscc(code) if uscc_rules.is_valid(code or "") else None
    if enterprise is None:
        abort(404)
    return enterprise


def _fact(fact_id: int) -> CreditFact:
    return db.session.get(CreditFact, fact_id) or abort(404)


def _to_record(enterprise: CreditEnterprise, anchor: str = ""):
    return redirect(url_for("credit_manage.record", uscc=enterprise.uscc) + anchor)


# -- lists ----------------------------------------------------------------------------------


def repairs_due(on):
    """Active negative entries whose repair (or early removal) day has come and that have not
    ended: oldest first. A penalty past its publication period no longer counts, so is not due."""
    return (
        select(CreditFact)
        .options(joinedload(CreditFact.enterprise))
        .where(
            CreditFact.kind.in_(NEGATIVE_KINDS),
            CreditFact.deleted_at.is_(None),
            CreditFact.ended_on.is_(None),
            CreditFact.repairable_on.is_not(None),
            CreditFact.repairable_on <= on,
            or_(CreditFact.shown_until.is_(None), CreditFact.shown_until >= on),
        )
        .order_by(CreditFact.repairable_on, CreditFact.id)
    )


def waiting_objections():
    return (
        select(CreditObjection)
        .options(joinedload(CreditObjection.enterprise), joinedload(CreditObjection.fact))
        .where(CreditObjection.status == "open")
        .order_by(CreditObjection.created_at, CreditObjection.id)
    )


@bp.route("/")
def index():
    chosen, _problems = views.read_lookup(request.args)
    cards, total, degraded, problem = views.lookup_cards(chosen, 1)
    today = services.today()
    waiting = db.session.scalars(waiting_objections().limit(WAITING_ON_INDEX + 1)).unique().all()
    return render_template(
        "credit/manage/index.html",
        **_context(
            chosen=chosen,
            cards=cards,
            total=total,
            degraded=degraded,
            problem=problem,
            looked=bool(chosen.get("q")),
            waiting=waiting[:WAITING_ON_INDEX],
            more_waiting=len(waiting) > WAITING_ON_INDEX,
            due=paginate(repairs_due(today), per_page=PER_PAGE),
            today=today,
            ends=services.ENDS,
        ),
    )


# -- enterprises ----------------------------------------------------------------------------


def _enterprise_form(enterprise: CreditEnterprise | None) -> EnterpriseForm:
    form = EnterpriseForm()
    if enterprise is not None and request.method == "GET":
        data = {name: getattr(enterprise, name) for name in form._fields if name not in ("csrf_token", "uscc")}
        data["former_names"] = "\n".join(enterprise.former_name_list)
        data["registered_on"] = enterprise.registered_on.isoformat() if enterprise.registered_on else ""
        form.process(data={k: v or "" for k, v in data.items()})
    form.district.choices = [SelectChoice("", _("Choose a district"))] + [
        SelectChoice(k, v) for k, v in DISTRICTS.items()
    ]
    form.industry.choices = [SelectChoice("", _("Choose an industry"))] + [
        SelectChoice(k, v) for k, v in INDUSTRIES.items()
    ]
    return form


def _save_enterprise(enterprise: CreditEnterprise | None):
    form = _enterprise_form(enterprise)
    if form.validate_on_submit():
        raw = form.raw()
        errors: list = []
        services.clean_enterprise(raw, errors)
        if enterprise is None:
            try:
                code = services.clean_code(raw.get("uscc") or "")
            except DomainError as exc:
                errors.insert(0, ("uscc", exc.message))
            else:
                if services.enterprise_by_uscc(code) is not None:
                    errors.insert(0, ("uscc", services.Duplicate.default_message))
        if not errors:
            saved, errors = commit_or_errors(lambda: services.save_enterprise(raw, current_user, enterprise), "name_zh")
            if not errors:
                flash(_("The record is saved.") if enterprise else _("The record is created."), "success")
                return _to_record(saved)
        show_errors(form, errors)
    return render_template("credit/manage/enterprise.html", form=form, enterprise=enterprise)


@bp.route("/new", methods=["GET", "POST"])
def new():
    return _save_enterprise(None)


@bp.route("/<uscc>/edit", methods=["GET", "POST"])
def edit(uscc):
    return _save_enterprise(_enterprise(uscc))


def _history(enterprise: CreditEnterprise, fact_ids: list[int], objection_ids: list[int]) -> list[AuditEntry]:
    def of(table: str, ids: list[int]):
        return (AuditEntry.object_type == table) & AuditEntry.object_id.in_([str(i) for i in ids])

    conditions = [of("credit_enterprises", [enterprise.id])]
    if fact_ids:
        conditions.append(of("credit_facts", fact_ids))
    if objection_ids:
        conditions.append(of("credit_objections", objection_ids))
    return db.session.scalars(
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .where(or_(*conditions))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(HISTORY)
    ).all()


def _details(entry: AuditEntry) -> list[tuple[str, str]]:
    """What an entry of the record's history says besides its action, labelled."""
    from core.organizations.standing import STANDINGS

    shown = []
    detail = entry.detail or {}
    kind = "credit_enterprise" if entry.object_type == "credit_enterprises" else "credit_fact"
    if detail.get("fields"):
        names = ", ".join(labels.field(kind, name) for name in detail["fields"])
        shown.append((_("Fields"), names))
    if detail.get("old") in STANDINGS and detail.get("new") in STANDINGS:
        shown.append((_("Status"), f"{STANDINGS[detail['old']]} → {STANDINGS[detail['new']]}"))
    if detail.get("by") == "calendar":
        shown.append((_("By"), _("the end of a publication period")))
    if detail.get("reason"):
        shown.append((_("Reason"), str(detail["reason"])))
    return shown


def fact_marks(fact: CreditFact, today, open_ids: set[int]) -> list[tuple[str, str]]:
    """What staff must see at a glance of a fact the public may not: (css, words)."""
    marks = []
    if fact.deleted_at is not None:
        marks.append(("deleted", _("Taken out: entered in error")))
    elif fact.kind == "penalty" and fact.grade == "minor":
        marks.append(("hidden", _("Not published (minor penalty)")))
    elif not rules.is_public(fact, today):
        marks.append(("hidden", _("No longer published")))
    if fact.ended_on is not None and fact.ended_how:
        marks.append(("ended", str(ENDINGS[fact.ended_how])))
    if rules.is_active(fact, today):
        marks.append(("active", _("Counts against the status")))
    if fact.id in open_ids:
        marks.append(("objection", _("Objection being handled")))
    return marks


@bp.route("/<uscc>/")
def record(uscc):
    code = uscc_rules.normalize(uscc or "")
    if code != uscc and uscc_rules.is_valid(code):
        return redirect(url_for(".record", uscc=code), 301)
    enterprise = _enterprise(code)
    today = services.today()
    facts = sorted(enterprise.facts, key=lambda f: (f.decided_on or f.as_of, f.id), reverse=True)
    objections = db.session.scalars(
        select(CreditObjection)
        .where(CreditObjection.enterprise_id == enterprise.id)
        .order_by(CreditObjection.created_at.desc(), CreditObjection.id.desc())
    ).all()
    open_ids = {o.fact_id for o in objections if o.status == "open" and o.fact_id}
    entries = _history(enterprise, [f.id for f in facts], [o.id for o in objections])
    return render_template(
        "credit/manage/record.html",
        **_context(
            enterprise=enterprise,
            facts=facts,
            marks={f.id: fact_marks(f, today, open_ids) for f in facts},
            reasons=rules.reasons(services.live_facts(enterprise), today),
            objections=objections,
            objection_states=OBJECTION_STATES,
            entries=entries,
            details=_details,
            ends=services.ENDS,
            today=today,
        ),
    )


# -- facts ----------------------------------------------------------------------------------


def _grade_choices(form: FactForm, kind: str) -> None:
    grades = services.GRADES.get(kind)
    if grades:
        form.grade.label.text = str(GRADE_LABELS[kind])
        form.grade.choices = [SelectChoice("", _("Choose"))] + [SelectChoice(k, v) for k, v in grades.items()]
    else:
        form.grade.choices = []


def _fact_data(fact: CreditFact) -> dict[str, str]:
    """A fact's fields as its form shows them (and as ``clean_fact`` reads them again)."""
    data = {}
    for name in services.FACT_FIELDS:
        value = getattr(fact, name)
        data[name] = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def _posted(form: FactForm, kind: str, fact: CreditFact | None = None) -> dict:
    """The fields of ``kind`` the form posted, over the fact's current values (a field the kind's
    form does not show keeps its value)."""
    raw = _fact_data(fact) if fact is not None else {}
    raw.update({name: getattr(form, name).data for name in fields_for(kind)})
    raw["kind"] = kind
    return raw


def _closed(fact: CreditFact, message: str):
    """A fact that can no longer be changed that way: a form sent anyway goes back to the record
    with the message; the form's address says so on a page of its own."""
    if request.method == "POST":
        flash(message, "error")
        return _to_record(fact.enterprise, f"#fact-{fact.id}")
    return render_template("credit/manage/closed.html", **_context(fact=fact, message=message))


@bp.route("/<uscc>/facts/new", methods=["GET", "POST"])
def add_fact(uscc):
    enterprise = _enterprise(uscc)
    kind = request.args.get("kind", "")
    if kind not in FACT_KINDS:
        return render_template("credit/manage/choose_kind.html", **_context(enterprise=enterprise))
    form = FactForm()
    _grade_choices(form, kind)
    if request.method == "GET":
        form.as_of.data = services.today().isoformat()
    if form.validate_on_submit():
        raw = _posted(form, kind)
        errors: list = []
        services.clean_fact(raw, errors, kind=kind)
        if not errors:
            fact, errors = commit_or_errors(lambda: services.add_fact(enterprise, raw, current_user), "title_zh")
            if not errors:
                flash(_("The fact is added: %(kind)s.", kind=FACT_KINDS[kind]), "success")
                return _to_record(enterprise, f"#fact-{fact.id}")
        show_errors(form, errors)
    return render_template(
        "credit/manage/fact.html",
        **_context(enterprise=enterprise, form=form, kind=kind, fact=None, shown=fields_for(kind)),
    )


@bp.route("/facts/<int:fact_id>/edit", methods=["GET", "POST"])
def edit_fact(fact_id):
    fact = _fact(fact_id)
    enterprise = fact.enterprise
    form = CorrectionForm() if request.method == "POST" else CorrectionForm(data=_fact_data(fact))
    _grade_choices(form, fact.kind)
    if fact.deleted_at is not None:
        return _closed(fact, _("This fact has already been taken out."))
    if form.validate_on_submit():
        raw = _posted(form, fact.kind, fact)
        errors: list = []
        Fields({"reason": form.reason.data}, errors).text("reason", 1000, required=True, multiline=True)
        services.clean_fact(raw, errors, kind=fact.kind)
        if not errors:
            changed, errors = commit_or_errors(
                lambda: services.change_fact(fact, raw, current_user, form.reason.data), "title_zh"
            )
            if not errors:
                if changed:
                    flash(_("The fact is corrected."), "success")
                else:
                    flash(_("Nothing was changed: the fields are as they were."), "info")
                return _to_record(enterprise, f"#fact-{fact.id}")
        show_errors(form, errors)
    return render_template(
        "credit/manage/fact.html",
        **_context(enterprise=enterprise, form=form, kind=fact.kind, fact=fact, shown=fields_for(fact.kind)),
    )


@bp.route("/facts/<int:fact_id>/end", methods=["GET", "POST"])
def end_fact(fact_id):
    fact = _fact(fact_id)
    how = services.ENDS.get(fact.kind) or abort(404)
    if fact.deleted_at is not None:
        return _closed(fact, _("This fact has already been taken out."))
    if fact.ended_on is not None:
        return _closed(fact, _("This entry has already ended."))
    form = EndForm()
    if request.method == "GET":
        form.ended_on.data = services.today().isoformat()
    if form.validate_on_submit():
        errors: list = []
        fields = Fields({"ended_on": form.ended_on.data, "reason": form.reason.data}, errors)
        on = fields.day("ended_on")
        fields.text("reason", 1000, required=True, multiline=True)
        if on is None and not fields.has_error("ended_on"):
            fields.error("ended_on", _("This field is required."))
        if not errors:
            _ended, errors = commit_or_errors(
                lambda: services.end_fact(fact, how, on, form.reason.data, current_user), "ended_on"
            )
            if not errors:
                flash(_("The entry has ended: %(how)s.", how=ENDINGS[how]), "success")
                return _to_record(fact.enterprise, f"#fact-{fact.id}")
        show_errors(form, errors)
    return render_template("credit/manage/end.html", **_context(fact=fact, form=form, how=how))


@bp.route("/facts/<int:fact_id>/delete", methods=["GET", "POST"])
def delete_fact(fact_id):
    fact = _fact(fact_id)
    if fact.deleted_at is not None:
        return _closed(fact, _("This fact has already been taken out."))
    form = DeleteForm()
    if form.validate_on_submit():
        _deleted, errors = commit_or_errors(
            lambda: services.delete_fact(fact, form.reason.data, current_user), "reason"
        )
        show_errors(form, errors)
        if not errors:
            flash(_("The fact is taken out of the record."), "success")
            return _to_record(fact.enterprise, f"#fact-{fact.id}")
    return render_template("credit/manage/delete.html", **_context(fact=fact, form=form))


# -- objections -----------------------------------------------------------------------------


@bp.route("/objections/")
def objections():
    is_open = CreditObjection.status == "open"
    query = (
        select(CreditObjection)
        .options(joinedload(CreditObjection.enterprise), joinedload(CreditObjection.fact))
        .order_by(
            case((is_open, 0), else_=1),  # open first, the oldest of them first
            case((is_open, CreditObjection.id), else_=-CreditObjection.id),  # then the latest decided
        )
    )
    return render_template(
        "credit/manage/objections.html",
        **_context(page=paginate(query, per_page=PER_PAGE), states=OBJECTION_STATES, today=services.today()),
    )


def _objection(objection_id: int) -> CreditObjection:
    return db.session.get(CreditObjection, objection_id) or abort(404)


def _objection_page(objection: CreditObjection, form: DecisionForm, fix: FactForm, status: int = 200):
    from core.accounts.models import User
    from core.organizations.models import Organization

    fact = objection.fact
    return (
        render_template(
            "credit/manage/objection.html",
            **_context(
                objection=objection,
                fact=fact,
                enterprise=objection.enterprise,
                organization=db.session.get(Organization, objection.organization_id),
                filer=db.session.get(User, objection.filed_by_id) if objection.filed_by_id else None,
                decider=db.session.get(User, objection.decided_by_id) if objection.decided_by_id else None,
                files=attachments.of(FILES, objection.id),
                states=OBJECTION_STATES,
                form=form,
                fix=fix,
                shown=fields_for(fact.kind) if fact is not None else (),
                marks=fact_marks(fact, services.today(), set()) if fact is not None else [],
                today=services.today(),
            ),
        ),
        status,
    )


def _fix_form(fact: CreditFact | None, formdata=None) -> FactForm:
    fix = FactForm(formdata=formdata, prefix="fix", meta={"csrf": False}, data=_fact_data(fact) if fact else None)
    _grade_choices(fix, fact.kind if fact else "")
    return fix


@bp.route("/objections/<int:objection_id>/")
def objection(objection_id):
    found = _objection(objection_id)
    form = DecisionForm(formdata=None)
    return _objection_page(found, form, _fix_form(found.fact))


@bp.route("/objections/<int:objection_id>/decide", methods=["POST"])
def decide(objection_id):
    found = _objection(objection_id)
    if found.status != "open":
        flash(_("This objection has already been decided."), "error")
        return redirect(url_for(".objection", objection_id=found.id))
    fact = found.fact
    form = DecisionForm()
    fix = _fix_form(fact, request.form)
    if not form.validate_on_submit():
        return _objection_page(found, form, fix, 400)
    outcome = form.outcome.data
    errors: list = []
    if outcome not in OUTCOMES:
        errors.append(("outcome", _("Choose a decision.")))
    Fields({"decision": form.decision.data}, errors).text("decision", 5000, required=True, multiline=True)
    correction = None
    if outcome == "correct" and fact is not None:
        correction = _posted(fix, fact.kind, fact)
        fix_errors: list = []
        services.clean_fact(correction, fix_errors, kind=fact.kind)
        show_errors(fix, fix_errors)
        if fix_errors:
            errors.append(("outcome", _("The corrected entry has problems: see its fields below.")))
    if not errors:
        try:
            services.decide_objection(found, outcome != "reject", form.decision.data, current_user, correction)
            commit()
        except DomainError as exc:
            db.session.rollback()
            errors = [(exc.field if exc.field in ("decision", "outcome") else "outcome", exc.message)]
        else:
            flash(
                _("The objection is rejected; the enterprise is told.")
                if outcome == "reject"
                else _("The objection is upheld and the record corrected; the enterprise is told."),
                "success",
            )
            return redirect(url_for(".objection", objection_id=found.id))
    show_errors(form, errors)
    return _objection_page(found, form, fix)
