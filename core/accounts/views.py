"""Account pages: sign-up, verification, sign-in/out, password reset, profile, organization."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from core import access, limits
from core.accounts import services
from core.accounts.forms import (
    BuyerSignupForm,
    ChangePasswordForm,
    EmailForm,
    EmptyForm,
    ExhibitorSignupForm,
    InviteForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
)
from core.db import commit
from core.errors import DomainError, commit_or_flash
from core.extensions import db, limiter
from core.forms import apply_domain_error, is_safe_next
from core.organizations import services as org_services
from core.organizations.models import Invitation

bp = Blueprint("accounts", __name__, url_prefix="/<lang>/account", template_folder="templates")
access.protect(bp, access.SIGNED_IN)


@bp.route("/")
def home():
    from flask import current_app

    from core.registry import get_registry

    member = current_user.org_member
    panels = [
        (panel.template, panel.context())
        for panel in sorted(get_registry(current_app).dashboard_panels, key=lambda p: p.order)
        if panel.policy.allows(current_user)
    ]
    return render_template("accounts/home.html", member=member, resend_form=EmptyForm(), panels=panels)


@bp.route("/signup")
@access.public
def signup():
    return render_template("accounts/signup_choice.html")


@bp.route("/signup/buyer", methods=["GET", "POST"])
@access.public
@limiter.limit(limits.setting("RATELIMIT_SIGNUP"), key_func=limits.per_address, methods=["POST"])
def signup_buyer():
    form = BuyerSignupForm()
    if request.method == "GET":
        form.preferred_language.data = _current_lang()
    if form.validate_on_submit():
        try:
            user = services.register_buyer(
                form.email.data,
                form.password.data,
                form.full_name.data,
                form.preferred_language.data,
                company_name=form.company_name.data,
                country=form.country.data,
            )
            commit()  # may refuse an email or code another sign-up took meanwhile
        except DomainError as exc:
            db.session.rollback()
            apply_domain_error(form, exc)
        else:
            login_user(user)
            flash(_("Welcome! We sent a confirmation link to %(email)s.", email=user.email), "success")
            return redirect(url_for("accounts.home", lang=user.preferred_language))
    return render_template("accounts/signup_buyer.html", form=form)


@bp.route("/signup/exhibitor", methods=["GET", "POST"])
@access.public
@limiter.limit(limits.setting("RATELIMIT_SIGNUP"), key_func=limits.per_address, methods=["POST"])
def signup_exhibitor():
    form = ExhibitorSignupForm()
    if request.method == "GET":
        form.preferred_language.data = _current_lang()
    if form.validate_on_submit():
        org_fields = {
            "uscc": form.uscc.data,
            "name_zh": form.name_zh.data,
            "name_en": form.name_en.data,
            "original_language": "zh" if form.name_zh.data else "en",
            "district": form.district.data,
            "industry": form.industry.data,
            "address_zh": form.address_zh.data,
            "website": form.website.data,
            "contact_name": form.full_name.data,
            "contact_phone": form.contact_phone.data,
            "contact_email": form.email.data,
        }
        try:
            user, _org = services.register_exhibitor(
                form.email.data, form.password.data, form.full_name.data, form.preferred_language.data, org_fields
            )
            commit()  # may refuse an email or code another sign-up took meanwhile
        except DomainError as exc:
            db.session.rollback()
            apply_domain_error(form, exc)
        else:
            login_user(user)
            flash(
                _(
                    "Welcome! We sent a confirmation link to %(email)s. Bureau staff will verify your organization.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("accounts.home", lang=user.preferred_language))
    return render_template("accounts/signup_exhibitor.html", form=form)


@bp.route("/verify/<token>")
@access.public
def verify(token):
    try:
        user = services.verify_email(token)
    except DomainError as exc:
        return render_template("accounts/link_invalid.html", message=exc.message, kind="verify"), 400
    commit()
    flash(_("Thank you: your email address is confirmed."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("accounts.home"))
    return redirect(url_for("accounts.login"))


@bp.route("/verify/again", methods=["GET", "POST"])
@access.public
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_address, methods=["POST"])
def verify_again():
    """A new confirmation link for someone whose link expired, signed in or not. The answer is
    the same whether or not an unconfirmed account uses the address."""
    form = EmailForm()
    if form.validate_on_submit():
        services.resend_verification_to(form.email.data)
        commit()
        sent = _(
            "If an account with an unconfirmed address %(email)s exists, a new confirmation link is on its way.",
            email=form.email.data,
        )
        return render_template("accounts/link_sent.html", message=sent)
    intro = _("Enter the email address you signed up with. We will send you a new link to confirm it.")
    return render_template("accounts/ask_link.html", form=form, title=_("Confirm your email address"), intro=intro)


@bp.route("/verify/resend", methods=["POST"])
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_account)
def resend_verification():
    if EmptyForm().validate_on_submit() and not current_user.is_verified:
        services.send_verification(current_user)
        commit()
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.home"))


@bp.route("/login", methods=["GET", "POST"])
@access.public
@limiter.limit(limits.setting("RATELIMIT_LOGIN"), key_func=limits.per_sign_in, methods=["POST"])
@limiter.limit(limits.setting("RATELIMIT_LOGIN_ACCOUNT"), key_func=limits.per_sign_in_account, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.home"))
    form = LoginForm()
    target = request.form.get("next") or request.args.get("next") or _came_from()
    if not is_safe_next(target):
        target = None
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("The email address or password is not correct."))
        else:
            commit()
            login_user(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            # Back where they were, in the language they were reading.
            return redirect(target or url_for("accounts.home", lang=_current_lang()))
    return render_template("accounts/login.html", form=form, next_page=target)


_NOT_BACK_TO = ("/account/login", "/account/logout", "/account/signup", "/account/reset", "/account/forgot")


def _came_from() -> str | None:
    """The page of this site the visitor followed the header's "Sign in" link from (the link
    itself carries no address: the header is the same on every page)."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != request.host or any(part in parts.path for part in _NOT_BACK_TO):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.route("/logout", methods=["POST"])
@access.public
def logout():
    if EmptyForm().validate_on_submit():
        logout_user()
        flash(_("You are signed out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@access.public
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_address, methods=["POST"])
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        commit()
        sent = _(
            "If an account exists for %(email)s, a link to reset its password is on its way. "
            "The link works once, for two hours.",
            email=form.email.data,
        )
        return render_template("accounts/link_sent.html", message=sent)
    intro = _("Enter the email address of your account. We will send you a link to choose a new password.")
    return render_template("accounts/ask_link.html", form=form, title=_("Reset your password"), intro=intro)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@access.public
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_address, methods=["POST"])
def reset_password(token):
    try:
        user = services.user_for_reset_token(token)
    except DomainError as exc:
        return render_template("accounts/link_invalid.html", message=exc.message, kind="reset"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as exc:
            db.session.rollback()
            apply_domain_error(form, exc)
        else:
            commit()
            logout_user()
            flash(_("Your password is changed. Sign in with the new one."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form, user=user)


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if request.method == "POST" and request.form.get("action") == "password":
        if password_form.validate_on_submit():
            try:
                services.change_password(current_user, password_form.current_password.data, password_form.password.data)
            except DomainError as exc:
                db.session.rollback()
                apply_domain_error(password_form, exc)
            else:
                commit()
                flash(_("Your password is changed."), "success")
                return redirect(url_for("accounts.profile"))
    elif form.validate_on_submit():
        services.update_profile(
            current_user, form.full_name.data, form.preferred_language.data, form.company_name.data, form.country.data
        )
        commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile", lang=current_user.preferred_language))
    return render_template("accounts/profile.html", form=form, password_form=password_form)


@bp.route("/organization", methods=["GET", "POST"])
@access.allow(access.EXHIBITOR)
def organization():
    member = current_user.org_member
    form = InviteForm()
    if member.role == "owner" and form.validate_on_submit():
        try:
            org_services.invite(current_user, member.organization_id, form.email.data, form.role.data)
        except DomainError as exc:
            db.session.rollback()
            apply_domain_error(form, exc)
        else:
            commit()
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("accounts.organization"))
    invitations = db.session.scalars(
        db.select(Invitation)
        .where(
            Invitation.organization_id == member.organization_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at.desc())
    ).all()
    return render_template("accounts/organization.html", member=member, form=form, invitations=invitations)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@access.public
def accept_invitation(token):
    try:
        invitation = org_services.invitation_for_token(token)
    except DomainError as exc:
        return render_template("accounts/link_invalid.html", message=exc.message, kind="invitation"), 400
    form = EmptyForm()
    if current_user.is_authenticated and form.validate_on_submit():
        joined = _("You have joined %(org)s.", org=invitation.organization.localized("name", _current_lang()))
        if commit_or_flash(lambda: org_services.accept_invitation(invitation, current_user), joined):
            return redirect(url_for("accounts.organization"))
    return render_template("accounts/invitation.html", invitation=invitation, form=form, token=token)


def _current_lang() -> str:
    from i18n import current_lang

    return current_lang()
