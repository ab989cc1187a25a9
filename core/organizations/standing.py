"""An organization's credit standing, as the bureau's credit record gives it.

The record itself (facts, rules, lookup) is the portal's (govportal.credit); what the
marketplace shows of it is one word per organization: the badge on booths and products and the
"good standing" filter. That word is kept on ``Organization.credit_status``, set here by the
portal whenever a record's status changes (in the same transaction, so the badge changes with
the record) and when an organization registers with a code the record already knows. Saving the
organization re-indexes its booth and products (the marketplace watches organizations), so the
search filter follows at once too.

A change from one status to another is signalled (``standing_changed``), so that the people
who rely on the supplier hear of it: the marketplace tells the buyers following the exhibitor.

Core knows no face: the portal hands in how to read a status by code and which endpoint shows
a record (``provide``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from blinker import Namespace
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db

GOOD, ATTENTION, ABNORMAL, SERIOUS = "good", "attention", "abnormal", "serious"
STANDINGS = {
    GOOD: _l("Good standing"),
    ATTENTION: _l("Needs attention"),
    ABNORMAL: _l("Abnormal operations"),
    SERIOUS: _l("Serious dishonesty"),
}
# Worst last: a status is at least as bad as every one before it.
ORDER = (GOOD, ATTENTION, ABNORMAL, SERIOUS)


def provide(app, status_of: Callable[[str], str | None], record_endpoint: str) -> None:
    """The portal says how to read a code's status and where its record is shown."""
    app.extensions["credit_standing"] = (status_of, record_endpoint)


def _provider():
    return current_app.extensions.get("credit_standing")


def of_uscc(code: str) -> str | None:
    provider = _provider()
    return provider[0](code) if provider else None


def record_url(code: str, **values) -> str | None:
    provider = _provider()
    return url_for(provider[1], uscc=code, **values) if provider else None


# Sent with the organization, ``old`` and ``new`` standing and ``told`` (the ids of users the
# record's own followers, told already) when an organization's standing changes from one status
# to another, before the commit: the marketplace tells the buyers who follow that exhibitor.
standing_changed = Namespace().signal("credit-standing-changed")


def set_for_uscc(code: str, status: str | None, told: Iterable[int] = ()) -> None:
    """The record of ``code`` now says ``status``: the organization with that code (if one has
    registered) shows it from this transaction on."""
    from core.organizations.models import Organization

    org = db.session.scalar(select(Organization).where(Organization.uscc == code))
    if org is not None and org.credit_status != status:
        old, org.credit_status = org.credit_status, status
        if old is not None and status is not None:
            standing_changed.send(org, old=old, new=status, told=frozenset(told))


def label(status: str | None):
    return STANDINGS.get(status or "")
