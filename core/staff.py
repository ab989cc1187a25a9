"""The staff area's kernel: dashboard, organization verification, jobs, audit log, staff list.

Faces add their own staff pages (moderation queues, publishing) under /<lang>/staff/.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, Length

from core import access, audit, inputs
from core.accounts.models import User
from core.accounts.services import staff_users
from core.audit import AuditEntry
from core.db import commit
from core.errors import commit_or_flash
from core.extensions import db
from core.forms import PlainText
from core.jobs import JobRun, JobStatus, retry_failed
from core.organizations import services as org_services
from core.organizations.models import Organization, OrganizationStatus
from core.pagination import paginate

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
    counts = {
        "pending_orgs": db.session.scalar(
            select(func.count()).where(Organization.status == OrganizationStatus.PENDING)
        ),
        "failed_jobs": db.session.scalar(select(func.count()).where(JobRun.status == JobStatus.FAILED)),
        "users": db.session.scalar(select(func.count()).select_from(User)),
    }
    return render_template("staff/dashboard.html", counts=counts)


@bp.route("/organizations/")
@access.allow(access.staff("moderator"))
def organizations():
    status = request.args.get("status", OrganizationStatus.PENDING)
    if status not in set(OrganizationStatus):
        status = OrganizationStatus.PENDING
    query = select(Organization).where(Organization.status == status).order_by(Organization.created_at)
    page = paginate(query)
    return render_template("staff/organizations.html", page=page, status=status, form=DecisionForm())


@bp.route("/organizations/<int:org_id>/decide", methods=["POST"])
@access.allow(access.staff("moderator"))
def decide_organization(org_id):
    org = db.session.get(Organization, org_id) or abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Please choose a decision and keep the reason under 500 characters."), "error")
        return redirect(url_for("staff.organizations"))
    commit_or_flash(
        lambda: org_services.set_status(org, form.decision.data, form.reason.data, current_user),
        _("Decision saved for %(org)s.", org=org.uscc),
    )
    return redirect(url_for("staff.organizations"))


@bp.route("/organizations/bulk", methods=["POST"])
@access.allow(access.staff("moderator"))
def bulk_organizations():
    form = DecisionForm()
    ids = inputs.record_ids(request.form.getlist("ids"), 200)
    if not form.validate_on_submit() or not ids:
        flash(_("Choose organizations and a decision."), "error")
        return redirect(url_for("staff.organizations"))

    def decide_all() -> int:
        orgs = list(db.session.scalars(select(Organization).where(Organization.id.in_(ids))))
        for org in orgs:
            org_services.set_status(org, form.decision.data, form.reason.data, current_user)
        return len(orgs)

    commit_or_flash(decide_all, lambda done: _("%(n)s decisions saved.", n=done))
    return redirect(url_for("staff.organizations"))


@bp.route("/jobs/")
@access.allow(access.staff("admin"))
def jobs():
    status = request.args.get("status", "failed")
    if status not in ("failed", "queued", "running", "done"):
        status = "failed"
    page = paginate(select(JobRun).where(JobRun.status == status).order_by(JobRun.updated_at.desc()))
    from core.accounts.forms import EmptyForm

    return render_template("staff/jobs.html", page=page, status=status, form=EmptyForm())


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
    page = paginate(select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    return render_template("staff/audit.html", page=page)


@bp.route("/people/")
@access.allow(access.staff("admin"))
def people():
    return render_template("staff/people.html", users=staff_users())
