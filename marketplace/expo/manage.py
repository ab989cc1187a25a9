"""The exhibitor's booth: profile in both languages, logo, banner, gallery (every change waits for
review, see expo.services); applications to exhibitions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core import access, inputs
from core.db import commit
from core.errors import DomainError, commit_or_flash
from core.extensions import db
from core.media import ImageRejected, read_upload, store_image
from i18n import current_lang
from marketplace.expo import services
from marketplace.expo.forms import ProfileForm
from marketplace.expo.models import Booth, Exhibition, ExhibitorProfile
from marketplace.public.categories import category_tree

bp = Blueprint("expo_manage", __name__, url_prefix="/<lang>/account/booth", template_folder="templates")
access.protect(bp, access.EXHIBITOR)


def _org():
    return current_user.org_member.organization


def _first_values(org, draft: dict) -> dict:
    """The booth form's values: a booth never written starts with what the sign-up gave."""
    if any(value for value in draft.values()):
        return draft
    return {**draft, "public_email": org.contact_email, "public_phone": org.contact_phone}


@bp.route("/", methods=["GET", "POST"])
def profile():
    org = _org()
    if not org.is_verified:
        flash(_("Your booth opens once the bureau has verified your organization."), "info")
        return redirect(url_for("accounts.home"))
    profile = services.ensure_profile(org)
    commit()  # a first visit opens the (empty) booth
    draft = services.profile_draft(profile)
    tree = category_tree()
    lang = current_lang()
    top = tree.children(None)
    form = ProfileForm(data={**_first_values(org, draft), "main_category": str(profile.main_category_id or "")})
    form.main_category.choices = [("", "—")] + [(str(n.id), n.localized("name", lang).text) for n in top]
    if form.validate_on_submit():
        values = form.values()
        category_id = inputs.record_id(form.main_category.data)
        if form.main_category.data and not any(n.id == category_id for n in top):
            form.main_category.errors = [_("Choose a category from the list.")]
            return render_template("expo/manage_profile.html", form=form, profile=profile, draft=draft, org=org)
        try:
            for field, name in (("logo", "logo_key"), ("banner", "banner_key")):
                upload = request.files.get(field)
                if upload and upload.filename:
                    values[name] = store_image(read_upload(upload), "booths", kind=field).key
            waits = services.update_profile(profile, values)
            photo = request.files.get("photo")
            if photo and photo.filename:
                stored = store_image(read_upload(photo), "booths", kind="photo")
                waits = services.add_photo(profile, stored.key) or waits
            services.set_main_category(org, category_id)
        except (ImageRejected, DomainError) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            commit()
            if waits:
                flash(_("Your changes wait for review; your booth shows the approved version until then."), "success")
            else:
                flash(_("Your booth is saved."), "success")
            return redirect(url_for("expo_manage.profile"))
    return render_template("expo/manage_profile.html", form=form, profile=profile, draft=draft, org=org)


@bp.route("/gallery/<int:index>/delete", methods=["POST"])
def delete_photo(index):
    from core.accounts.forms import EmptyForm

    profile = services.ensure_profile(_org())
    gallery = services.profile_draft(profile)["gallery"] or []
    if not EmptyForm().validate_on_submit() or not 0 <= index < len(gallery):
        abort(404)
    services.remove_photo(profile, index)
    commit()
    flash(_("The photo is removed."), "success")
    return redirect(url_for("expo_manage.profile"))


@bp.route("/exhibitions", methods=["GET", "POST"])
def exhibitions():
    from core.accounts.forms import EmptyForm

    org = _org()
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        exhibition = db.session.get(Exhibition, inputs.record_id(request.form.get("exhibition_id")) or 0) or abort(404)
        message = (request.form.get("message") or "").strip()[:1000] or None
        commit_or_flash(
            lambda: services.apply(org, exhibition, message),
            _("Your application is sent. Bureau staff will assign a hall."),
        )
        return redirect(url_for("expo_manage.exhibitions"))
    all_exhibitions = list(db.session.scalars(select(Exhibition).order_by(Exhibition.position)))
    booths = {b.exhibition_id: b for b in db.session.scalars(select(Booth).where(Booth.organization_id == org.id))}
    profile = db.session.get(ExhibitorProfile, org.id)
    return render_template(
        "expo/manage_exhibitions.html", exhibitions=all_exhibitions, booths=booths, org=org, profile=profile
    )
