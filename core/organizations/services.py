"""Organization rules: create with a valid, unique USCC; invite colleagues; verify."""

from __future__ import annotations

from blinker import Namespace
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import audit
from core.accounts.tokens import make_token, read_token
from core.db import unique_error, utcnow
from core.errors import Conflict, DomainError, Forbidden
from core.extensions import db
from core.organizations import standing, uscc as uscc_rules
from core.organizations.choices import DISTRICTS, INDUSTRIES
from core.organizations.models import Invitation, Organization, OrganizationMember, OrganizationStatus

USCC_MESSAGES = {
    "length": _l("A unified social credit code has exactly 18 characters."),
    "charset": _l("A unified social credit code uses only digits and capital letters other than I, O, S, V and Z."),
    "division": _l("Characters 3 to 8 of a unified social credit code are the digits of an administrative division."),
    "check": _l("The last character does not match: please check the unified social credit code for typing errors."),
}


class USCCTaken(Conflict):
    default_message = _l(
        "An organization with this unified social credit code is already registered. "
        "Ask its owner to invite you instead."
    )


unique_error("uq_organizations_uscc", lambda: USCCTaken(field="uscc"))  # two sign-ups at once


MSG_CHECK_NAMED = _l(
    "The last character is %(found)s, but the first 17 characters call for %(expected)s: "
    "please check the unified social credit code for typing errors."
)


def uscc_message(exc: uscc_rules.USCCError) -> str:
    """What is wrong with a code, in the user's language; a wrong check character is named."""
    if exc.code == "check" and exc.found and exc.expected:
        return str(MSG_CHECK_NAMED) % {"found": exc.found, "expected": exc.expected}
    return str(USCC_MESSAGES[exc.code])


def clean_uscc(value: str) -> str:
    try:
        return uscc_rules.validate(value)
    except uscc_rules.USCCError as exc:
        raise DomainError(uscc_message(exc), field="uscc") from None


def organization_by_uscc(code: str) -> Organization | None:
    return db.session.scalar(select(Organization).where(Organization.uscc == uscc_rules.normalize(code)))


def create_organization(
    *,
    uscc: str,
    name_zh=None,
    name_en=None,
    original_language="zh",
    district=None,
    industry=None,
    address_zh=None,
    address_en=None,
    website=None,
    contact_name=None,
    contact_phone=None,
    contact_email=None,
) -> Organization:
    code = clean_uscc(uscc)
    if organization_by_uscc(code) is not None:
        raise USCCTaken(field="uscc")
    if not (name_zh or "").strip() and not (name_en or "").strip():
        raise DomainError(_l("Give the organization's name in Chinese or in English."), field="name_zh")
    if district and district not in DISTRICTS:
        raise DomainError(_l("Choose a district from the list."), field="district")
    if industry and industry not in INDUSTRIES:
        raise DomainError(_l("Choose an industry from the list."), field="industry")
    org = Organization(
        uscc=code,
        original_language=original_language,
        district=district or None,
        industry=industry or None,
        website=website or None,
        contact_name=contact_name or None,
        contact_phone=contact_phone or None,
        contact_email=contact_email or None,
        credit_status=standing.of_uscc(code),
    )
    for field, zh, en in (("name", name_zh, name_en), ("address", address_zh, address_en)):
        org.set_localized(field, "zh", zh)
        org.set_localized(field, "en", en)
    db.session.add(org)
    db.session.flush()
    return org


def mail_members(org: Organization, template: str, roles=("owner",), **context) -> None:
    """Mail ``template`` to the organization's members with ``roles``, each in their language."""
    from core.mail import send_mail

    for member in org.members:
        if roles is None or member.role in roles:
            user = member.user
            send_mail(user.email, template, user.preferred_language, user=user, **context)


def require_owner(user, organization_id: int) -> OrganizationMember:
    member = user.member_in(organization_id)
    if member is None or member.role != "owner":
        raise Forbidden()
    return member


def invite(user, organization_id: int, email: str, role: str = "editor") -> tuple[Invitation, str]:
    """An owner invites a colleague; returns the invitation and its signed token (mailed)."""
    from core.accounts.models import user_by_email
    from core.mail import send_mail

    member = require_owner(user, organization_id)
    email = email.strip().lower()
    if role not in ("owner", "editor"):
        raise DomainError(_l("Choose a role from the list."), field="role")
    existing = user_by_email(email)
    if existing is not None and existing.member_in(organization_id):
        raise Conflict(_l("This person is already a member of your organization."), field="email")
    if existing is not None and (existing.account_type == "staff" or existing.organization_members):
        raise Conflict(_l("This email belongs to an account that cannot join another organization."), field="email")
    pending = db.session.scalar(
        select(Invitation).where(
            Invitation.organization_id == organization_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    )
    invitation = pending or Invitation(organization_id=organization_id, email=email)
    invitation.role = role
    invitation.invited_by_id = user.id
    db.session.add(invitation)
    db.session.flush()
    token = make_token("invite", iid=invitation.id, email=email)
    lang = existing.preferred_language if existing else user.preferred_language
    send_mail(
        email,
        "invitation",
        lang,
        invitation=invitation,
        inviter=user,
        organization=member.organization,
        token=token,
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    from core.accounts.services import InvalidLink

    data = read_token("invite", token, current_app.config["TOKEN_MAX_AGE_INVITE"])
    invitation = db.session.get(Invitation, data["iid"]) if data else None
    if invitation is None or invitation.accepted_at or invitation.revoked_at or invitation.email != data.get("email"):
        raise InvalidLink()
    return invitation


def accept_invitation(invitation: Invitation, user) -> OrganizationMember:
    if user.email != invitation.email:
        raise Forbidden(_l("This invitation was sent to another email address."))
    if user.account_type == "staff" or (user.organization_members and not user.member_in(invitation.organization_id)):
        raise Conflict(_l("This account cannot join another organization."))
    member = user.member_in(invitation.organization_id)
    if member is None:
        member = OrganizationMember(user=user, organization_id=invitation.organization_id, role=invitation.role)
        db.session.add(member)
    user.account_type = "exhibitor"
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the link arrived in this mailbox
    invitation.accepted_at = utcnow()
    db.session.flush()
    return member


# Sent with the organization (and ``staff_user``) when staff verify it, before the commit, so
# that what a face opens for a verified organization commits with the decision: the expo
# gives it its booth in the year-round expo. Core knows no face; faces connect here.
organization_verified = Namespace().signal("organization-verified")


def set_status(org: Organization, status: str, reason: str | None, staff_user) -> None:
    """Staff verify or refuse an organization; recorded in the audit log."""
    try:
        status = OrganizationStatus(status)
    except ValueError:
        raise DomainError() from None
    if status == OrganizationStatus.REJECTED and not (reason or "").strip():
        raise DomainError(_l("Give a reason: the organization will see it."), field="reason")

    verified = status == OrganizationStatus.VERIFIED
    org.status = status
    org.status_reason = (reason or "").strip() or None
    org.verified_at = utcnow() if verified else None
    org.verified_by_id = staff_user.id if verified else None
    audit.record(f"organization.{status}", org, actor=staff_user, reason=org.status_reason)
    if verified:
        organization_verified.send(org, staff_user=staff_user)
    if status != OrganizationStatus.PENDING:
        mail_members(org, "organization_decision", organization=org)
