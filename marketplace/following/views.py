"""Follow pages: follow an exhibitor or a category (a confirmation page, so the public pages that
link here stay the same for every visitor), the list of follows with the digest setting, and
the digest's one-click unsubscribe (no sign-in: the signed link is the credential)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import access, inputs
from core.accounts.forms import EmptyForm
from core.db import commit
from core.errors import button_post, commit_or_flash
from core.extensions import csrf, db
from i18n import current_lang
from marketplace.following import services
from marketplace.following.models import FREQUENCIES, DigestSetting

bp = Blueprint("following", __name__, url_prefix="/<lang>/account/following", template_folder="templates")
access.protect(bp, access.SIGNED_IN)

public_bp = Blueprint("digest", __name__, url_prefix="/<lang>/digest", template_folder="templates")


def _target() -> services.Target:
    exhibitor = inputs.record_id(request.args.get("exhibitor"))
    if exhibitor is not None:
        found = services.find_target("exhibitor", exhibitor)
    else:
        found = services.find_target("category", slug=(request.args.get("category") or "")[:120])
    return found or abort(404)


def _label(target: services.Target) -> str:
    return target.name.localized("name", current_lang()).text


@bp.route("/")
def index():
    return render_template(
        "following/index.html",
        follows=services.follows_of(current_user),
        setting=services.setting_of(current_user),
        frequencies=FREQUENCIES,
        form=EmptyForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    target = _target()
    form = EmptyForm()
    if form.validate_on_submit():
        label = _label(target)
        commit_or_flash(
            lambda: services.follow(current_user, target),
            lambda created: (
                _("You follow %(name)s. What is new there comes in your digest mail.", name=label)
                if created
                else _("You already follow %(name)s.", name=label)
            ),
        )
        return redirect(url_for("following.index"))
    return render_template(
        "following/new.html",
        target=target,
        label=_label(target),
        following=services.is_following(current_user, target),
        form=form,
    )


@bp.route("/<int:follow_id>/remove", methods=["POST"])
def remove(follow_id: int):
    return button_post(
        lambda: follow_id,
        lambda fid: services.unfollow(current_user, fid),
        _("You no longer follow it."),
        lambda _fid: url_for("following.index"),
    )


@bp.route("/digest", methods=["POST"])
def digest_setting():
    if not EmptyForm().validate_on_submit():
        abort(400)
    frequency = (request.form.get("frequency") or "")[:10]
    commit_or_flash(
        lambda: services.set_frequency(current_user, frequency),
        _("Saved: your digest comes %(how)s.", how=str(FREQUENCIES.get(frequency, "")).lower())
        if frequency != "off"
        else _("Saved: you get no digest mail."),
    )
    return redirect(url_for("following.index"))


# ---------------------------------------------------------------- unsubscribe (public)


@public_bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@access.public
@csrf.exempt  # the signed token is the credential; mail programs post here (RFC 8058)
def unsubscribe(token: str):
    user_id = services.read_unsubscribe(token[:500])
    setting = db.session.get(DigestSetting, user_id) if user_id is not None else None
    if setting is None:
        return render_template("following/unsubscribe.html", invalid=True, done=False), 404
    if request.method == "POST":
        setting.frequency = "off"
        commit()
    return render_template("following/unsubscribe.html", invalid=False, done=setting.frequency == "off")
