"""Account rules as plain functions: register, verify, authenticate, reset, profile, staff.

Services add and flush; the caller (a view, a CLI command, a test) commits once.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import audit
from core.accounts.models import StaffRole, User, user_by_email
from core.accounts.tokens import fingerprint, make_token, read_token
from core.db import unique_error, utcnow
from core.errors import Conflict, DomainError
from core.extensions import db
from core.mail import send_mail
from core.organizations.models import Organization, OrganizationMember
from core.organizations.services import create_organization

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("tradewindow-timing-equaliser")

PASSWORD_MIN = 10
PASSWORD_MAX = 128


class EmailTaken(Conflict):
    default_message = _l("An account with this email address already exists. Sign in or reset your password.")


unique_error("uq_users_email", lambda: EmailTaken(field="email"))  # two sign-ups at once


class WeakPassword(DomainError):
    default_message = _l("Choose a password of at least 10 characters that is not your email address.")


class InvalidLink(DomainError):
    default_message = _l("This link is invalid or has expired. Please ask for a new one.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str, email: str = "") -> None:
    if (
        not password
        or len(password) < PASSWORD_MIN
        or len(password) > PASSWORD_MAX
        or password.strip().lower() == (email or "").strip().lower()
        or len(set(password)) < 4
    ):
        raise WeakPassword(field="password")


def _new_user(email: str, password: str, full_name: str, lang: str, account_type: str, **extra) -> User:
    email = email.strip().lower()
    if user_by_email(email) is not None:
        raise EmailTaken(field="email")
    check_password_rules(password, email)
    user = User(
        email=email,
        password_hash=hash_password(password),
        full_name=full_name.strip(),
        preferred_language=lang if lang in current_app.config["LANGUAGES"] else "zh",
        account_type=account_type,
        **extra,
    )
    db.session.add(user)
    db.session.flush()
    return user


def register_buyer(email, password, full_name, lang, company_name=None, country=None) -> User:
    user = _new_user(
        email,
        password,
        full_name,
        lang,
        "buyer",
        company_name=(company_name or "").strip() or None,
        country=country or None,
    )
    send_verification(user)
    return user


def register_exhibitor(email, password, full_name, lang, organization: dict) -> tuple[User, Organization]:
    """The user and its organization (pending verification by staff), as the owner."""
    user = _new_user(email, password, full_name, lang, "exhibitor")
    org = create_organization(**organization)
    db.session.add(OrganizationMember(user=user, organization=org, role="owner"))
    db.session.flush()
    send_verification(user)
    return user, org


def send_verification(user: User) -> None:
    token = make_token("verify", uid=user.id, email=user.email)
    send_mail(user.email, "verify_email", user.preferred_language, user=user, token=token)


def resend_verification_to(email: str) -> None:
    """A new confirmation link to ``email`` if an unconfirmed account uses it; nothing otherwise."""
    user = user_by_email(email)
    if user is not None and user.email_verified_at is None and user.active:
        send_verification(user)


def verify_email(token: str) -> User:
    data = read_token("verify", token, current_app.config["TOKEN_MAX_AGE_VERIFY"])
    user = db.session.get(User, data["uid"]) if data else None
    if user is None or user.email != data.get("email"):
        raise InvalidLink()
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = user_by_email(email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; say the same thing either way."""
    user = user_by_email(email)
    if user is None or not user.is_active:
        return
    token = make_token("reset", uid=user.id, ph=fingerprint(user.password_hash))
    send_mail(user.email, "reset_password", user.preferred_language, user=user, token=token)


def user_for_reset_token(token: str) -> User:
    # A reset link works two hours; the first-password link of a new staff account, three days.
    data = read_token("reset", token, current_app.config["TOKEN_MAX_AGE_RESET"]) or read_token(
        "welcome", token, current_app.config["TOKEN_MAX_AGE_VERIFY"]
    )
    user = db.session.get(User, data["uid"]) if data else None
    # The fingerprint of the current hash makes the link single-use: a new password voids it.
    if user is None or data.get("ph") != fingerprint(user.password_hash) or not user.is_active:
        raise InvalidLink()
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    check_password_rules(new_password, user.email)
    user.password_hash = hash_password(new_password)
    # Following the link proved the mailbox is the user's.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def change_password(user: User, current: str, new_password: str) -> None:
    try:
        _hasher.verify(user.password_hash, current or "")
    except (VerificationError, InvalidHashError):
        raise DomainError(_l("Your current password is not correct."), field="current_password") from None
    check_password_rules(new_password, user.email)
    user.password_hash = hash_password(new_password)


def update_profile(user: User, full_name: str, preferred_language: str, company_name=None, country=None):
    user.full_name = full_name.strip()
    if preferred_language in current_app.config["LANGUAGES"]:
        user.preferred_language = preferred_language
    user.company_name = (company_name or "").strip() or None
    user.country = country or None


def create_staff(email: str, role: str, password: str, full_name: str | None = None, lang: str = "zh") -> User:
    """A staff account with ``role`` (adds the role when the account exists)."""
    from core.access import STAFF_ROLES

    if role not in STAFF_ROLES:
        raise DomainError(f"role must be one of {', '.join(STAFF_ROLES)}")
    user = user_by_email(email)
    if user is None:
        user = _new_user(email, password, full_name or email.split("@")[0], lang, "staff")
        user.email_verified_at = utcnow()
    elif user.account_type != "staff":
        raise Conflict(_l("This email belongs to a buyer or exhibitor account."))
    if role not in user.roles:
        user.staff_roles.append(StaffRole(role=role))
    audit.record("staff.role_granted", user, role=role)
    db.session.flush()
    return user


def add_staff(email: str, full_name: str, roles, lang: str, unit_id: int | None = None) -> User:
    """A new staff account with ``roles``, added by an administrator: its owner chooses a
    password from the link mailed to them (nobody else ever knows one)."""
    import secrets

    from core.access import STAFF_ROLES

    roles = sorted(set(roles) & set(STAFF_ROLES))
    if not roles:
        raise DomainError(_l("Choose at least one role."), field="roles")
    existing = user_by_email(email)
    if existing is not None:
        if existing.account_type == "staff":
            raise Conflict(
                _l("This person has a staff account already: change their roles in the list."), field="email"
            )
        raise Conflict(_l("This email belongs to a buyer or exhibitor account."), field="email")
    user = _new_user(email, secrets.token_urlsafe(32), full_name, lang, "staff")
    user.staff_roles.extend(StaffRole(role=role) for role in roles)
    user.unit_id = _known_unit(unit_id)
    audit.record("staff.created", user, roles=roles, unit=user.unit_id)
    token = make_token("welcome", uid=user.id, ph=fingerprint(user.password_hash))
    send_mail(user.email, "staff_welcome", user.preferred_language, user=user, token=token, roles=roles)
    return user


def _known_unit(unit_id: int | None) -> int | None:
    from core import units

    if unit_id is None:
        return None
    if units.by_id(unit_id) is None:
        raise DomainError(_l("Choose a unit from the list."), field="unit_id")
    return unit_id


def set_staff_unit(user: User, unit_id: int | None, actor: User) -> bool:
    """An administrator moves a staff member to a unit (None: the city level), audited."""
    unit_id = _known_unit(unit_id)
    if user.unit_id == unit_id:
        return False
    audit.record("staff.unit_changed", user, actor=actor, unit=unit_id, before=user.unit_id)
    user.unit_id = unit_id
    return True


def set_staff_roles(user: User, roles, actor: User) -> bool:
    """An administrator changes a staff member's roles; every change is audited. Returns
    whether anything changed. An administrator cannot take away their own admin role."""
    from core.access import STAFF_ROLES

    if user.account_type != "staff":
        raise DomainError(_l("Only staff accounts have roles."))
    wanted = set(roles) & set(STAFF_ROLES)
    if user.id == actor.id and "admin" not in wanted:
        raise DomainError(_l("You cannot take away your own administrator role: ask another administrator."))
    current = user.roles
    for role in sorted(wanted - current):
        user.staff_roles.append(StaffRole(role=role))
        audit.record("staff.role_granted", user, actor=actor, role=role)
    for record in [r for r in user.staff_roles if r.role not in wanted]:
        user.staff_roles.remove(record)
        audit.record("staff.role_revoked", user, actor=actor, role=record.role)
    return wanted != current


def staff_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.account_type == "staff").order_by(User.email)))
