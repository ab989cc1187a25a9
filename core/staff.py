"""The staff area's kernel: dashboard, organization verification, jobs, audit log, staff list.

Faces add their own staff pages (moderation queues, publishing) under /<lang>/staff/.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import EmailField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Email, Length
from wtforms.widgets import CheckboxInput, ListWidget

from core import access, audit, inputs, labels
from core.access import STAFF_ROLES
from core.accounts.forms import LANGUAGE_CHOICES, REQUIRED
from core.accounts.models import User
from core.accounts.services import add_staff, set_staff_roles, set_staff_unit, staff_users
from core.audit import AuditEntry
from core.db import commit, utcnow
from core.errors import DomainError, commit_or_flash
from core.extensions import db
from core.forms import PlainText, apply_domain_error, strip
from core.jobs import JobRun, JobStatus, job_label, retry_failed
from core.organizations import services as org_services
from core.organizations.models import Organization, OrganizationMember, OrganizationStatus
from core.pagination import paginate
from core.registry import WorkQueue, get_registry
from i18n import current_lang

bp = Blueprint("staff", __name__, url_prefix="/<lang>/staff")
access.protect(bp, access.staff())


class DecisionForm(FlaskForm):
    decision = HiddenField(validators=[AnyOf([OrganizationStatus.VERIFIED, OrganizationStatus.REJECTED])])
    reason = TextAreaField(
        _l("Reason (shown to the organization)"),
        validators=[Length(max=500, message=_l("At most 500 characters.")), PlainText()],
    )


@bp.route("/")
def dashboard():
    """What waits for the signed-in staff member's roles, oldest first in each queue."""
    now = utcnow()
    queues = []
    for queue in sorted(get_registry(current_app).work_queues, key=lambda q: q.order):
        if queue.policy.allows(current_user):
            count, oldest = queue.waiting()
            queues.append((queue, count, (now - oldest) if oldest else None))
    users = db.session.scalar(select(func.count()).select_from(User))
    return render_template("staff/dashboard.html", queues=queues, users=users)


def init_queues(site) -> None:
    """Core's own work queues: organizations to verify, failed jobs."""

    def organizations():
        return db.session.execute(
            select(func.count(), func.min(Organization.created_at)).where(
                Organization.status == OrganizationStatus.PENDING
            )
        ).one()

    def failed_jobs():
        return db.session.execute(
            select(func.count(), func.min(JobRun.updated_at)).where(JobRun.status == JobStatus.FAILED)
        ).one()

    site.work_queues.append(
        WorkQueue(_l("Organizations waiting for verification"), access.staff("moderator"), organizations,
                  "staff.organizations", order=10)
    )  # fmt: skip
    site.work_queues.append(
        WorkQueue(_l("Failed background jobs"), access.staff("admin"), failed_jobs, "staff.jobs", 90)
    )


@bp.route("/organizations/")
@access.allow(access.staff("moderator"))
def organizations():
    status = request.args.get("status", OrganizationStatus.PENDING)
    if status not in set(OrganizationStatus):
        status = OrganizationStatus.PENDING
    query = (
        select(Organization)
        .where(Organization.status == status)
        .options(selectinload(Organization.members).joinedload(OrganizationMember.user))
        .order_by(Organization.created_at)
    )
    page = paginate(query)
    return render_template("staff/organizations.html", page=page, status=status, form=DecisionForm())


def _decide(orgs, form: DecisionForm):
    """Verify or refuse ``orgs``; a refusal is shown for confirmation first (with its reason)."""
    if not orgs:
        abort(404)
    refusing = form.decision.data == OrganizationStatus.REJECTED
    if refusing and not (form.reason.data or "").strip():
        flash(_("Give a reason: the organization will see it."), "error")
        return redirect(url_for("staff.organizations"))
    if refusing and request.form.get("confirmed") != "yes":
        return render_template("staff/confirm_refusal.html", orgs=orgs, reason=form.reason.data, form=form)
    commit_or_flash(
        lambda: [org_services.set_status(org, form.decision.data, form.reason.data, current_user) for org in orgs],
        labels.decided(form.decision.data, [org.localized("name", current_lang()).text for org in orgs]),
    )
    return redirect(url_for("staff.organizations"))


@bp.route("/organizations/<int:org_id>/decide", methods=["POST"])
@access.allow(access.staff("moderator"))
def decide_organization(org_id):
    org = db.session.get(Organization, org_id) or abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Please choose a decision and keep the reason under 500 characters."), "error")
        return redirect(url_for("staff.organizations"))
    return _decide([org], form)


@bp.route("/organizations/bulk", methods=["POST"])
@access.allow(access.staff("moderator"))
def bulk_organizations():
    form = DecisionForm()
    ids = inputs.record_ids(request.form.getlist("ids"), 200)
    if not form.validate_on_submit() or not ids:
        flash(_("Choose organizations and a decision."), "error")
        return redirect(url_for("staff.organizations"))
    orgs = list(db.session.scalars(select(Organization).where(Organization.id.in_(ids)).order_by(Organization.id)))
    return _decide(orgs, form)


@bp.route("/jobs/")
@access.allow(access.staff("admin"))
def jobs():
    status = request.args.get("status", "failed")
    if status not in ("failed", "queued", "running", "done"):
        status = "failed"
    page = paginate(select(JobRun).where(JobRun.status == status).order_by(JobRun.updated_at.desc()))
    from core.accounts.forms import EmptyForm

    return render_template("staff/jobs.html", page=page, status=status, form=EmptyForm(), job_label=job_label)


@bp.route("/jobs/<int:run_id>/retry", methods=["POST"])
@access.allow(access.staff("admin"))
def retry_job(run_id):
    from core.accounts.forms import EmptyForm

    if EmptyForm().validate_on_submit():
        run = retry_failed(run_id)
        if run is None:
            abort(404)
        audit.record("job.retry", run)
        commit()
        flash(_("The job was sent again."), "success")
    return redirect(url_for("staff.jobs"))


@bp.route("/audit/")
@access.allow(access.staff("admin"))
def audit_log():
    page = paginate(
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    return render_template("staff/audit.html", page=page, described=labels.describe(page.items))


def _role_choices():
    return [(code, labels.role(code)) for code in STAFF_ROLES]


class RolesForm(FlaskForm):
    roles = SelectMultipleField(
        _l("Roles"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), validate_choice=True
    )
    unit_id = SelectField(
        _l("Unit"),
        description=_l("Editors and reviewers act within their unit; at city level, over all units."),
        default="",
        validate_choice=True,
    )

    def fill(self):
        from core import units

        self.roles.choices = _role_choices()
        self.unit_id.choices = units.choices(current_lang(), _("City level (all units)"))
        return self

    @property
    def unit(self) -> int | None:
        return int(self.unit_id.data) if self.unit_id.data else None


class AddStaffForm(RolesForm):
    full_name = StringField(
        _l("Name"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=100), PlainText()]
    )
    email = EmailField(
        _l("Email address"),
        filters=[strip],
        validators=[
            DataRequired(REQUIRED),
            Length(max=254),
            Email(message=_l("Enter an email address like name@example.com."), check_deliverability=False),
        ],
    )
    preferred_language = SelectField(_l("Language for mail and pages"), choices=LANGUAGE_CHOICES)


@bp.route("/people/", methods=["GET", "POST"])
@access.allow(access.staff("admin"))
def people():
    """Staff accounts: administrators add people and change their roles here (the
    ``flask users create-staff`` command stays for the first administrator)."""
    form = AddStaffForm().fill()
    if form.validate_on_submit():
        try:
            user = add_staff(
                form.email.data, form.full_name.data, form.roles.data, form.preferred_language.data, form.unit
            )
        except DomainError as exc:
            db.session.rollback()
            apply_domain_error(form, exc)
        else:
            commit()
            added = _(
                "%(name)s is added with the roles %(roles)s; a link to choose a password is on its way to %(email)s.",
                name=user.full_name,
                roles=labels.roles(user.roles),
                email=user.email,
            )
            flash(added, "success")
            return redirect(url_for("staff.people"))
    users = staff_users()
    role_forms = {}
    for user in users:
        role_forms[user.id] = RolesForm(
            formdata=None, roles=sorted(user.roles), unit_id=str(user.unit_id or ""), prefix=f"u{user.id}"
        ).fill()
    return render_template("staff/people.html", users=users, form=form, role_forms=role_forms)


@bp.route("/people/<int:user_id>/roles", methods=["POST"])
@access.allow(access.staff("admin"))
def staff_roles(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = RolesForm(prefix=f"u{user.id}").fill()
    if not form.validate_on_submit():
        flash(_("Choose roles and a unit from the lists."), "error")
        return redirect(url_for("staff.people"))
    try:
        changed = set_staff_roles(user, form.roles.data or [], current_user)
        changed = set_staff_unit(user, form.unit, current_user) or changed
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        commit()
        if changed:
            flash(
                _("Roles of %(name)s: %(roles)s.", name=user.full_name, roles=labels.roles(user.roles) or "—"),
                "success",
            )
    return redirect(url_for("staff.people"))


# -- search synonyms ----------------------------------------------------------------------


class SynonymForm(FlaskForm):
    terms = TextAreaField(
        _l("Words that mean the same"),
        description=_l(
            "Two or more, separated by = or commas: 水泵 = pump = 8413. Chinese, English, pinyin or HS codes."
        ),
        validators=[
            DataRequired(message=_l("Enter at least two words.")),
            Length(max=500, message=_l("At most 500 characters.")),
            PlainText(),
        ],
        filters=[strip],
    )
    note = StringField(
        _l("Note for colleagues (optional)"),
        validators=[Length(max=200, message=_l("At most 200 characters.")), PlainText()],
        filters=[strip],
    )


def _check_synonyms(form: SynonymForm, editing_id: int | None) -> list[str] | None:
    from core.search import Synonym, split_synonyms
    from search.analysis import normalize

    members = split_synonyms(form.terms.data or "")
    if len(members) < 2:
        form.terms.errors.append(_("Enter at least two words, separated by = or commas."))
        return None
    if any(len(m) > 60 for m in members):
        form.terms.errors.append(_("Each word or phrase can have at most 60 characters."))
        return None
    folded = {normalize(m) for m in members}
    for other in db.session.scalars(select(Synonym).where(Synonym.id != (editing_id or 0))):
        shared = folded & {normalize(m) for m in other.members}
        if shared:
            form.terms.errors.append(
                _(
                    "“%(word)s” is already in the group “%(group)s”: change that group instead.",
                    word=sorted(shared)[0],
                    group=" = ".join(other.members),
                )
            )
            return None
    return members


@bp.route("/synonyms/", methods=["GET", "POST"])
@access.allow(access.staff("moderator"))
def synonyms():
    """The synonym list of the search: read when a query is parsed, so a change applies to
    searches within a minute (``core.search.SYNONYMS``) and needs no reindex."""
    from core.search import Synonym, synonyms_changed

    wanted = request.args.get("edit", "")
    editing = db.session.get(Synonym, int(wanted)) if wanted.isdigit() and len(wanted) < 10 else None
    form = SynonymForm(obj=None if request.method == "POST" else editing)
    if form.validate_on_submit():
        members = _check_synonyms(form, editing.id if editing else None)
        if members is not None:
            group = editing or Synonym()
            group.terms = " = ".join(members)
            group.note = form.note.data or None
            group.updated_by_id = current_user.id
            if editing is None:
                db.session.add(group)
            db.session.flush()
            audit.record("synonym.changed" if editing else "synonym.created", group, terms=group.terms)
            commit()
            synonyms_changed()
            flash(_("Saved: %(terms)s. Searches use it within a minute.", terms=group.terms), "success")
            return redirect(url_for("staff.synonyms"))
    groups = db.session.scalars(select(Synonym).order_by(Synonym.updated_at.desc(), Synonym.id.desc())).all()
    from core.accounts.forms import EmptyForm

    return render_template("staff/synonyms.html", form=form, groups=groups, editing=editing, delete_form=EmptyForm())


@bp.route("/synonyms/<int:group_id>/delete", methods=["POST"])
@access.allow(access.staff("moderator"))
def delete_synonym(group_id):
    from core.accounts.forms import EmptyForm
    from core.search import Synonym, synonyms_changed

    group = db.get_or_404(Synonym, group_id)
    if EmptyForm().validate_on_submit():
        audit.record("synonym.deleted", group, terms=group.terms)
        db.session.delete(group)
        commit()
        synonyms_changed()
        flash(_("Deleted: %(terms)s.", terms=group.terms), "success")
    return redirect(url_for("staff.synonyms"))
