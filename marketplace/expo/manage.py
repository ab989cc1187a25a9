"""The exhibitor's booth: profile in both languages, logo, banner, gallery; applications to exhibitions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Length, NumberRange, Optional

from core import access
from core.db import commit, utcnow
from core.errors import DomainError, commit_or_flash
from core.extensions import db
from core.forms import PlainText, strip
from marketplace.catalog.images import ImageRejected, _encode, _open
from marketplace.expo import services
from marketplace.expo.models import Booth, Exhibition

bp = Blueprint("expo_manage", __name__, url_prefix="/<lang>/account/booth", template_folder="templates")
access.protect(bp, access.EXHIBITOR)

STAFF_SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"]
MAX_GALLERY = 8


def _text(label, limit, area=False):
    field = TextAreaField if area else StringField
    return field(
        label,
        filters=[strip],
        validators=[Optional(), Length(max=limit, message=_l("At most %(n)s characters.", n=limit)), PlainText()],
    )


class ProfileForm(FlaskForm):
    about_zh = _text(_l("About the company in Chinese"), 3000, area=True)
    about_en = _text(_l("About the company in English"), 3000, area=True)
    main_products_zh = _text(_l("Main products in Chinese"), 500)
    main_products_en = _text(_l("Main products in English"), 500)
    main_markets_zh = _text(_l("Main markets in Chinese"), 300)
    main_markets_en = _text(_l("Main markets in English"), 300)
    year_founded = IntegerField(
        _l("Year founded"),
        validators=[Optional(), NumberRange(min=1800, max=2100, message=_l("Enter a year like 1998."))],
    )
    staff_size = SelectField(
        _l("Staff size"),
        choices=[SelectChoice("", "—")] + [SelectChoice(s, s) for s in STAFF_SIZES],
        validators=[Optional()],
    )
    certifications = _text(_l("Certifications"), 300)
    public_email = EmailField(
        _l("Public email address"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Enter an email address like name@example.com."), check_deliverability=False),
        ],
    )
    public_phone = _text(_l("Public phone"), 40)
    logo = FileField(_l("Logo (JPEG, PNG or WebP)"))
    banner = FileField(_l("Banner (JPEG, PNG or WebP, wide)"))
    photo = FileField(_l("Add a photo to the gallery"))


def _org():
    return current_user.current_membership.organization


def _store_upload(upload, prefix):
    import io

    from core.storage import get_storage

    image = _open(upload.stream.read(10 * 1024 * 1024 + 1))
    from marketplace.catalog.images import FORMATS

    ext, fmt = FORMATS[image.format]
    return get_storage().save(io.BytesIO(_encode(image, fmt)), prefix, ext)


@bp.route("/", methods=["GET", "POST"])
def profile():
    org = _org()
    if not org.is_verified:
        flash(_("Your booth opens once the bureau has verified your organization."), "info")
        return redirect(url_for("accounts.home"))
    profile = services.ensure_profile(org)
    form = ProfileForm(obj=profile)
    if form.validate_on_submit():
        for name in (
            "about_zh",
            "about_en",
            "main_products_zh",
            "main_products_en",
            "main_markets_zh",
            "main_markets_en",
            "year_founded",
            "staff_size",
            "certifications",
            "public_email",
            "public_phone",
        ):
            value = getattr(form, name).data
            setattr(profile, name, value if value not in ("",) else None)
        try:
            for field, attr in (("logo", "logo_key"), ("banner", "banner_key")):
                upload = request.files.get(field)
                if upload and upload.filename:
                    setattr(profile, attr, _store_upload(upload, "booths"))
            photo = request.files.get("photo")
            if photo and photo.filename:
                gallery = list(profile.gallery or [])
                if len(gallery) >= MAX_GALLERY:
                    raise DomainError(_l("The gallery holds at most 8 photos."), field="photo")
                gallery.append(_store_upload(photo, "booths"))
                profile.gallery = gallery
        except (ImageRejected, DomainError) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            profile.updated_at = utcnow()
            commit()
            flash(_("Your booth is saved."), "success")
            return redirect(url_for("expo_manage.profile"))
    return render_template("expo/manage_profile.html", form=form, profile=profile, org=org)


@bp.route("/gallery/<int:index>/delete", methods=["POST"])
def delete_photo(index):
    from core.accounts.forms import EmptyForm

    profile = services.ensure_profile(_org())
    gallery = list(profile.gallery or [])
    if not EmptyForm().validate_on_submit() or not 0 <= index < len(gallery):
        abort(404)
    gallery.pop(index)
    profile.gallery = gallery
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
        exhibition = db.session.get(Exhibition, request.form.get("exhibition_id", type=int) or 0) or abort(404)
        message = (request.form.get("message") or "").strip()[:1000] or None
        commit_or_flash(
            lambda: services.apply(org, exhibition, message),
            _("Your application is sent. Bureau staff will assign a hall."),
        )
        return redirect(url_for("expo_manage.exhibitions"))
    all_exhibitions = list(db.session.scalars(select(Exhibition).order_by(Exhibition.position)))
    booths = {b.exhibition_id: b for b in db.session.scalars(select(Booth).where(Booth.organization_id == org.id))}
    return render_template("expo/manage_exhibitions.html", exhibitions=all_exhibitions, booths=booths, org=org)
