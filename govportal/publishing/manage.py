"""Staff screens of the portal's publishing: ``/<lang>/staff/portal/``.

Editors write and send for review, reviewers decide, within their unit (services says who may
do what; every route loads the item through ``_load``, which refuses other units' items).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core import access, attachments, inputs, labels, review, units
from core.audit import AuditEntry
from core.db import commit
from core.errors import DomainError, Forbidden, button_post
from core.extensions import db
from core.forms import show_errors
from core.pagination import paginate
from govportal.publishing import forms, services
from govportal.publishing.kinds import KINDS
from govportal.publishing.models import LINKS, PUBLICATION_STATES, VALIDITY, Publication
from i18n import current_lang

bp = Blueprint("publishing_manage", __name__, url_prefix="/<lang>/staff/portal", template_folder="templates")
access.protect(bp, services.EDITOR)
FILES = "publication"


def _load(item_id: int) -> Publication:
    item = db.session.get(Publication, item_id) or abort(404)
    if not units.acts_for(current_user, item.unit_id):
        abort(403)
    return item


@bp.route("/")
def index():
    query = services.staff_items(current_user)
    kind = request.args.get("kind") or ""
    if kind in KINDS:
        query = query.where(Publication.kind == kind)
    state = request.args.get("status") or ""
    if state == "waiting":
        query = query.where(review.waiting(Publication))
    elif state in PUBLICATION_STATES:
        query = query.where(Publication.status == state)
    page = paginate(query.order_by(Publication.updated_at.desc(), Publication.id.desc()), per_page=25)
    return render_template(
        "publishing/manage/index.html",
        page=page,
        kinds=KINDS,
        states=PUBLICATION_STATES,
        chosen={"kind": kind, "status": state},
        kind_options=[(name, str(k.one)) for name, k in KINDS.items()],
        status_options=[("waiting", _("Waiting for review")), *((k, str(v)) for k, v in PUBLICATION_STATES.items())],
        can_write=services.EDITOR.allows(current_user),
    )


@bp.route("/review/")
@access.allow(services.REVIEWER)
def waiting():
    page = paginate(services.waiting_for(current_user), per_page=25)
    return render_template("publishing/manage/waiting.html", page=page, kinds=KINDS, states=PUBLICATION_STATES)


def _form_data(item: Publication, kind) -> dict:
    data = {name: getattr(item, name) for name in ("unit_id", *services.COMMON, "industries", "districts",
                                                   "doc_number", "effective_on", "expires_on", "deadline")}  # fmt: skip
    data.update(item.details or {})
    if item.pending_revision:
        data.update(item.pending_revision)
        data.update(item.pending_revision.get("details") or {})
    data["unit_id"] = str(data.get("unit_id") or "")
    for lang, texts in ((item.pending_revision or {}).get("texts") or item.texts or {}).items():
        for name, value in texts.items():
            data[f"{name}_{lang}"] = value
    links = data.pop("links", None) or {}
    for relation, target_id in links.items():
        data[relation] = str(target_id)
    for name in ("industries", "districts"):
        value = data.get(name)
        data[name] = [c for c in value.split(",") if c] if isinstance(value, str) else []
    for name, value in list(data.items()):
        if name in ("materials_zh", "materials_en", "steps_zh", "steps_en") and isinstance(value, list):
            data[name] = "\n".join(value)
        elif value is not None and not isinstance(value, (str, list, bool)):
            data[name] = str(value)
    if item.scheduled_for and item.status in review.EDITABLE:
        from flask_babel import get_timezone

        data["scheduled_for"] = item.scheduled_for.astimezone(get_timezone()).strftime("%Y-%m-%dT%H:%M")
    return data


def _raw(form) -> dict:
    raw = {key: request.form.get(key) for key in request.form}
    raw["industries"] = request.form.getlist("industries")
    raw["districts"] = request.form.getlist("districts")
    return raw


def _save(kind_name: str, item: Publication | None):
    kind = KINDS.get(kind_name) or abort(404)
    amending = item is not None and item.status == review.ReviewStatus.PUBLISHED
    form = (
        forms.publication_form(kind, amending)
        if request.method == "POST"
        else forms.publication_form(kind, amending, **(_form_data(item, kind) if item is not None else {}))
    )
    form.unit_id.choices = [
        (value, label) for value, label in units.choices(current_lang(), _("Choose a unit"))
        if not value or units.acts_for(current_user, int(value))
    ]  # fmt: skip
    if item is None and request.method == "GET" and current_user.unit_id:
        form.unit_id.data = str(current_user.unit_id)
    if form.validate_on_submit():
        values, errors = services.clean(kind, _raw(form), current_user, item)
        already = attachments.count(FILES, item.id) if item is not None else 0
        uploads, file_errors = attachments.check_uploads(form.files.files, FILES, already)
        if kind.files == "photos":
            file_errors += [("files", _("Photos must be JPEG, PNG or WebP pictures."))
                            for upload in uploads if not upload.mime.startswith("image/")]  # fmt: skip
        errors = [*errors, *file_errors]
        if not errors:
            try:
                if item is None:
                    item = services.create(kind, current_user, values)
                    message = _("Saved as a draft. Check it, then send it for review.")
                    waits = False
                else:
                    waits = services.update(item, current_user, values)
                    message = (
                        _("The amendment waits for review; the published version stays until then.")
                        if waits
                        else _("Saved.")
                    )
                if uploads:
                    attachments.attach(FILES, item.id, uploads, current_user, pending=item.status == "published")
                    if item.status == "published" and not waits:
                        review.revise_media(item, services.REVIEW, actor=current_user)
                commit()
            except DomainError as exc:
                db.session.rollback()
                errors = [(exc.field or "title_zh", exc.message)]
            else:
                flash(message, "success")
                return redirect(url_for("publishing_manage.edit", item_id=item.id))
        show_errors(form, errors)
        attachments.files_not_kept(form)
    return render_template(
        "publishing/manage/edit.html",
        form=form,
        fieldsets=[
            (legend, [getattr(form, n) for n in names if hasattr(form, n)])
            for legend, names in forms.layout(kind, amending)
        ],
        kind=kind,
        item=item,
        **(_panel(item) if item is not None else {}),
    )


def _panel(item: Publication) -> dict:
    return {
        "files": attachments.of(FILES, item.id),
        "states": PUBLICATION_STATES,
        "validity": VALIDITY,
        "decision_form": forms.DecisionForm(formdata=None),
        "withdraw_form": forms.WithdrawForm(formdata=None),
        "unpublish_form": forms.UnpublishForm(formdata=None),
        "may_edit": services.can_edit(current_user, item),
        "may_decide": services.can_decide(current_user, item)
        and review._submitter(item, services.REVIEW) != current_user.id,
        "is_author_of_submission": review._submitter(item, services.REVIEW) == current_user.id,
        "is_admin": current_user.has_role("admin"),
        "preview_url": url_for("publishing.preview", token=services.preview_token(item), _external=True),
        "public_url": url_for("publishing.item", path=KINDS[item.kind].path, item_id=item.id)
        if item.status in services.PAGE_STATES
        else None,
    }


@bp.route("/new/<kind_name>", methods=["GET", "POST"])
@attachments.accepts_files(FILES)
def new(kind_name):
    if not services.EDITOR.allows(current_user):
        abort(403)
    return _save(kind_name, None)


@bp.route("/<int:item_id>/", methods=["GET", "POST"])
@attachments.accepts_files(FILES)
def edit(item_id):
    item = _load(item_id)
    return _save(item.kind, item)


@bp.route("/<int:item_id>/submit", methods=["POST"])
def submit(item_id):
    return button_post(
        lambda: _load(item_id),
        lambda item: services.submit(item, current_user),
        _("Sent for review: the reviewers of the unit are told."),
        lambda item: url_for("publishing_manage.edit", item_id=item.id),
    )


@bp.route("/<int:item_id>/decide", methods=["POST"])
@access.allow(services.REVIEWER)
def decide(item_id):
    item = _load(item_id)
    form = forms.DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.decide(item, current_user, form.decision.data, form.reason.data)
        commit()
    except Forbidden as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        if form.decision.data == "return":
            flash(_("Returned to the author with your comments."), "success")
        elif item.status == "scheduled":
            flash(_("Approved: it will be published at the time set."), "success")
        else:
            flash(_("Approved and published."), "success")
    return redirect(url_for("publishing_manage.edit", item_id=item.id))


@bp.route("/<int:item_id>/withdraw", methods=["POST"])
@access.allow(services.REVIEWER)
def withdraw(item_id):
    item = _load(item_id)
    form = forms.WithdrawForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.withdraw(item, current_user, form.reason.data)
        commit()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        flash(_("Withdrawn: it has left the lists and feeds; its page says why."), "success")
    return redirect(url_for("publishing_manage.edit", item_id=item.id))


@bp.route("/<int:item_id>/unpublish", methods=["POST"])
@access.allow(access.staff("admin"))
def unpublish(item_id):
    item = _load(item_id)
    form = forms.UnpublishForm()
    if not form.validate_on_submit():
        abort(400)
    replacement = None
    raw = (form.replacement.data or "").strip().lstrip("#")
    if raw:
        replacement = db.session.get(Publication, inputs.record_id(raw) or 0)
        if replacement is None:
            flash(_("No item has that number."), "error")
            return redirect(url_for("publishing_manage.edit", item_id=item.id))
    try:
        services.unpublish(item, current_user, form.note.data or "", replacement)
        commit()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        flash(_("Unpublished."), "success")
    return redirect(url_for("publishing_manage.edit", item_id=item.id))


@bp.route("/<int:item_id>/unschedule", methods=["POST"])
def unschedule(item_id):
    return button_post(
        lambda: _load(item_id),
        lambda item: services.cancel_schedule(item, current_user),
        _("No longer scheduled: it is a draft again."),
        lambda item: url_for("publishing_manage.edit", item_id=item.id),
    )


@bp.route("/<int:item_id>/files/<int:attachment_id>/remove", methods=["POST"])
def remove_file(item_id, attachment_id):
    def load():
        item = _load(item_id)
        services.check_edit(current_user, item)
        found = next((f for f in attachments.of(FILES, item.id) if f.id == attachment_id), None) or abort(404)
        return item, found

    def act(pair):
        item, found = pair
        if item.status not in review.EDITABLE and not found.pending:
            raise DomainError(_("A published file can be removed by amending the item: ask a reviewer."))
        attachments.remove(found)

    return button_post(
        load, act, _("File removed."), lambda pair: url_for("publishing_manage.edit", item_id=pair[0].id)
    )


@bp.route("/<int:item_id>/history")
def history(item_id):
    item = _load(item_id)
    found = services.versions(item)
    compared = []
    for number, version in enumerate(found):
        older = found[number + 1].snapshot if number + 1 < len(found) else None
        compared.append((version, services.differences(older, version.snapshot)))
    pending = services.differences(services.snapshot(item), {**services.snapshot(item), **{
        k: v for k, v in (item.pending_revision or {}).items() if k not in services.NOTE_FIELDS and k != "_media"
    }}) if item.pending_revision else []  # fmt: skip
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "publications", AuditEntry.object_id == str(item.id))
        .order_by(AuditEntry.id.desc())
        .limit(200)
    ).all()
    from core.accounts.models import User

    ids = {e.actor_id for e in entries if e.actor_id}
    actors = {u.id: u.full_name for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    return render_template(
        "publishing/manage/history.html",
        actors=actors,
        item=item,
        compared=compared,
        pending=pending,
        entries=entries,
        field_label=lambda name: labels.field("publication", name),
        action_label=labels.action,
        links=LINKS,
    )
