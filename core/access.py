"""Who may open what: one check that runs before every view and cannot be forgotten.

Every blueprint declares a default policy with ``protect(bp, policy)``; a view may override it
with ``@allow(policy)``. A route whose blueprint declares nothing is refused (403) and
``tests/unit/test_access.py`` fails, so a new view cannot slip out unprotected.
Object ownership ("this product belongs to your organization") is checked in services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

STAFF_ROLES = ("editor", "reviewer", "moderator", "complaint_handler", "credit_officer", "admin")
_BLUEPRINT_POLICIES: dict[str, Policy] = {}
_UNPROTECTED_ENDPOINTS = {"static"}


@dataclass(frozen=True)
class Policy:
    """A rule on the current user. ``signed_in`` and ``verified`` gate; ``check`` decides."""

    name: str
    signed_in: bool = False
    verified: bool = False
    check: Callable[[object], bool] | None = field(default=None, compare=False)

    def allows(self, user) -> bool:
        if self.signed_in and not user.is_authenticated:
            return False
        if self.verified and not getattr(user, "is_verified", False):
            return False
        return self.check is None or bool(self.check(user))


PUBLIC = Policy("public")
SIGNED_IN = Policy("signed-in", signed_in=True)
VERIFIED = Policy("verified", signed_in=True, verified=True)
EXHIBITOR = Policy("exhibitor", signed_in=True, verified=True, check=lambda u: u.org_member is not None)
ORGANIZATION_OWNER = Policy(
    "organization-owner",
    signed_in=True,
    verified=True,
    check=lambda u: u.org_member is not None and u.org_member.role == "owner",
)
BUYER = Policy("buyer", signed_in=True, verified=True, check=lambda u: u.account_type == "buyer")


def staff(*roles: str) -> Policy:
    """Staff with any of ``roles`` (admin always passes); no roles means any staff member."""
    wanted = set(roles)
    unknown = wanted - set(STAFF_ROLES)
    if unknown:
        raise ValueError(f"unknown staff roles {unknown}")
    return Policy(
        "staff:" + ",".join(sorted(wanted) or ["any"]),
        signed_in=True,
        check=lambda u: u.is_staff and (not wanted or u.has_any_role(wanted | {"admin"})),
    )


def protect(blueprint, policy: Policy) -> None:
    _BLUEPRINT_POLICIES[blueprint.name] = policy


def allow(policy: Policy):
    def decorate(view):
        view._access_policy = policy
        return view

    return decorate


public = allow(PUBLIC)


def policy_for(endpoint: str) -> Policy | None:
    view = current_app.view_functions.get(endpoint)
    explicit = getattr(view, "_access_policy", None)
    if explicit is not None:
        return explicit
    blueprint = endpoint.rpartition(".")[0]
    while blueprint:
        if blueprint in _BLUEPRINT_POLICIES:
            return _BLUEPRINT_POLICIES[blueprint]
        blueprint = blueprint.rpartition(".")[0]
    return None


def enforce():
    """before_request hook: apply the endpoint's policy."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in _UNPROTECTED_ENDPOINTS:
        return None
    policy = policy_for(endpoint)
    if policy is None:
        current_app.logger.error("endpoint %s has no access policy; refused", endpoint)
        abort(403)
    if policy.allows(current_user):
        return None
    if policy.signed_in and not current_user.is_authenticated:
        flash(_("Please sign in to open that page."), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if policy.verified and not getattr(current_user, "is_verified", False):
        flash(_("Please confirm your email address first: we sent you a link."), "warning")
        return redirect(url_for("accounts.home"))
    abort(403)


def init_app(app) -> None:
    app.before_request(enforce)
