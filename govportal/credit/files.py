"""The evidence an enterprise attaches to its objection (core.attachments, owner
``credit_objection``). Evidence is between the enterprise and the bureau: the owners of the
organization that filed the objection read it, and the credit officers (and admins) who decide
it; nobody else, not the organization's editors, not the public.

Registered when this module is imported (``govportal.credit.setup`` imports it).
"""

from __future__ import annotations

from core import attachments
from core.extensions import db

FILES = "credit_objection"
MAX_FILES = 5
DECIDERS = ("credit_officer", "admin")


def is_officer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff and user.has_any_role(DECIDERS))


def is_owner_of(user, organization_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    member = user.member_in(organization_id)
    return member is not None and member.role == "owner"


def read_file(attachment, user) -> bool:
    from govportal.credit.models import CreditObjection

    objection = db.session.get(CreditObjection, attachment.owner_id)
    if objection is None:
        return False
    return is_officer(user) or is_owner_of(user, objection.organization_id)


attachments.register_owner(FILES, read_file, max_count=MAX_FILES)
