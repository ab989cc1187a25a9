"""Subscribing to the portal's notices and policies by mail: ``/<lang>/gov/subscribe/``.

No account needed: the address is confirmed by a signed link before anything is sent. The
links in mails (confirm, change, unsubscribe) are signed tokens; a GET only shows a button,
the POST acts (so a mail scanner that opens links changes nothing), except the one-click
unsubscribe POST that mail programs send (RFC 8058), which needs no CSRF token.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectMultipleField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from core import access, limits
from core.accounts.forms import EmptyForm
from core.db import commit
from core.errors import DomainError
from core.extensions import csrf, db, limiter
from core.forms import apply_domain_error, strip
from core.organizations.choices import DISTRICTS, INDUSTRIES
from govportal.publishing import subscriptions
from govportal.publishing.kinds import KINDS, SUBSCRIBABLE
from i18n import current_lang

bp = Blueprint("portal_subscriptions", __name__, url_prefix="/<lang>/gov/subscribe", template_folder="templates")
access.protect(bp, access.PUBLIC)


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ChoicesForm(FlaskForm):
    kinds = _Checkboxes(_l("What to receive"), validate_choice=True)
    industries = _Checkboxes(_l("Industries (none: all)"), validate_choice=True)
    districts = _Checkboxes(_l("Districts (none: the whole city)"), validate_choice=True)
    frequency = RadioField(_l("How often"), default="immediate")

    def fill(self):
        self.kinds.choices = [(k, str(KINDS[k].label)) for k in SUBSCRIBABLE]
        self.industries.choices = [(k, str(v)) for k, v in INDUSTRIES.items()]
        self.districts.choices = [(k, str(v)) for k, v in DISTRICTS.items()]
        self.frequency.choices = [(k, str(v)) for k, v in subscriptions.FREQUENCIES.items()]
        return self


class SubscribeForm(ChoicesForm):
    email = EmailField(
        _l("Email address"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
    )


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(limits.setting("RATELIMIT_FORMS"), methods=["POST"])
def subscribe():
    form = SubscribeForm().fill()
    if request.method == "GET":
        wanted = [k for k in request.args.getlist("kinds") if k in SUBSCRIBABLE]
        form.kinds.data = wanted or list(SUBSCRIBABLE)
        form.industries.data = [c for c in request.args.getlist("industries") if c in INDUSTRIES]
        if current_user.is_authenticated:
            form.email.data = current_user.email
    if form.validate_on_submit():
        try:
            found = subscriptions.subscribe(form.email.data, current_lang(), form.kinds.data, form.industries.data,
                                            form.districts.data, form.frequency.data, current_user)  # fmt: skip
            subscriptions.send_confirmation(found)
            commit()
        except DomainError as exc:
            db.session.rollback()
            apply_domain_error(form, exc)
        else:
            return render_template("publishing/subscribe_sent.html", email=found.email, reference=found.id)
    return render_template("publishing/subscribe.html", form=form)


def _found(purpose: str, token: str):
    found = subscriptions.read(purpose, token)
    if found is None:
        abort(404)
    return found


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    found = _found("confirm", token)
    form = EmptyForm()
    if form.validate_on_submit():
        subscriptions.confirm(found)
        commit()
    return render_template(
        "publishing/subscription.html",
        step="confirm",
        found=found,
        form=form,
        done=found.confirmed_at is not None and found.unsubscribed_at is None,
        described=subscriptions.describe(found, current_lang()),
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the credential; mail programs post here (RFC 8058)
def unsubscribe(token):
    found = _found("unsubscribe", token)
    if request.method == "POST":
        subscriptions.unsubscribe(found)
        commit()
    return render_template(
        "publishing/subscription.html",
        step="unsubscribe",
        found=found,
        form=EmptyForm(),
        done=found.unsubscribed_at is not None,
        described=subscriptions.describe(found, current_lang()),
    )


@bp.route("/manage/<token>", methods=["GET", "POST"])
def manage(token):
    found = _found("manage", token)
    form = ChoicesForm().fill()
    if request.method == "GET":
        form.kinds.data = [k for k in found.kinds.split(",") if k]
        form.industries.data = found.targets("industries")
        form.districts.data = found.targets("districts")
        form.frequency.data = found.frequency
    saved = False
    if form.validate_on_submit():
        if not form.kinds.data:
            form.kinds.errors = [_("Choose notices, policies or both.")]
        else:
            found.kinds = subscriptions._codes(form.kinds.data, SUBSCRIBABLE)
            found.industries = subscriptions._codes(form.industries.data, INDUSTRIES)
            found.districts = subscriptions._codes(form.districts.data, DISTRICTS)
            found.frequency = form.frequency.data
            found.unsubscribed_at = None
            commit()
            saved = True
    return render_template(
        "publishing/subscription_manage.html",
        form=form,
        found=found,
        saved=saved,
        described=subscriptions.describe(found, current_lang()),
    )
