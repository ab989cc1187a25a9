"""What staff screens call things, in the page's language.

The audit log, the jobs table and review records keep codes: ``product.approved``, the table
``organizations`` with an id, a field ``price_max``, a job ``catalog.thumbnails``, a role
``complaint_handler``. Staff read labels and names instead: "Product: approved", the
organization's name linked to its page, "Highest price", "Product thumbnails", "Complaint
handler". Core labels its own codes here; each face adds its kinds, fields and object names
from its ``init_app`` with ``add_kind``, ``add_fields`` and ``add_namer``. A code without a
label shows as itself, and ``tests/integration/test_staff_labels.py`` fails on any code the app
can write that has none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l, ngettext

# The first part of an audit action (``product`` of ``product.approved``) and the tables
# its entries point at.
KINDS: dict[str, object] = {
    "organization": _l("Organization"),
    "organizations": _l("Organization"),
    "job": _l("Background job"),
    "job_runs": _l("Background job"),
    "staff": _l("Staff account"),
    "users": _l("User account"),
    "synonym": _l("Search synonyms"),
    "search_synonyms": _l("Search synonyms"),
}

# The second part of an audit action.
VERBS: dict[str, object] = {
    "submitted": _l("submitted for review"),
    "revision_submitted": _l("change submitted for review"),
    "approved": _l("approved"),
    "revision_approved": _l("change approved"),
    "returned": _l("returned with a reason"),
    "revision_returned": _l("change returned with a reason"),
    "archived": _l("archived"),
    "restored": _l("restored from the archive"),
    "verified": _l("verified"),
    "rejected": _l("refused"),
    "pending": _l("set back to pending"),
    "retry": _l("sent again"),
    "created": _l("created"),
    "role_granted": _l("role granted"),
    "role_revoked": _l("role taken away"),
    "unit_changed": _l("moved to another unit"),
    "changed": _l("changed"),
    "deleted": _l("deleted"),
}

ROLES: dict[str, object] = {
    "editor": _l("Content editor"),
    "reviewer": _l("Content reviewer"),
    "moderator": _l("Expo moderator"),
    "complaint_handler": _l("Complaint handler"),
    "credit_officer": _l("Credit officer"),
    "admin": _l("Administrator"),
}

# What the details of an audit entry are called.
DETAILS: dict[str, object] = {
    "reason": _l("Reason"),
    "role": _l("Role"),
    "roles": _l("Roles"),
    "hall": _l("Hall"),
    "media": _l("Pictures"),
}

FIELDS: dict[str, dict[str, object]] = {}
# object_type -> names(ids) -> {id: (name, url or None)}: one query for a page of entries.
NAMERS: dict[str, Callable[[list[str]], dict[str, tuple[str, str | None]]]] = {}


def add_kind(code: str, label, *tables: str) -> None:
    KINDS[code] = label
    for table in tables:
        KINDS[table] = label


def add_verbs(labels: dict[str, object]) -> None:
    VERBS.update(labels)


def add_fields(kind: str, labels: dict[str, object]) -> None:
    FIELDS.setdefault(kind, {}).update(labels)


def add_namer(object_type: str, namer: Callable[[list[str]], dict[str, tuple[str, str | None]]]) -> None:
    NAMERS[object_type] = namer


def form_labels(form_class, rename: dict[str, str] | None = None) -> dict[str, object]:
    """The labels of a form class's fields, by field name (``rename``: a form field that
    stands for a stored field of another name)."""
    found = {}
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if hasattr(unbound, "field_class") and (unbound.args or "label" in unbound.kwargs):
            label = unbound.kwargs.get("label", unbound.args[0] if unbound.args else None)
            if label is not None:
                found[(rename or {}).get(name, name)] = label
    return found


def kind(code: str | None) -> str:
    return str(KINDS.get(code or "", code or ""))


def action(code: str) -> str:
    """``product.approved`` → "Product: approved"."""
    prefix, _dot, verb = code.rpartition(".")
    if not prefix:
        return str(VERBS.get(code, code))
    return _("%(kind)s: %(verb)s", kind=kind(prefix), verb=VERBS.get(verb, verb))


def field(kind_code: str, name: str) -> str:
    return str(FIELDS.get(kind_code, {}).get(name, name))


def role(code: str) -> str:
    return str(ROLES.get(code, code))


# What a flash message says was done, by the decision a form sent.
DECIDED: dict[str, object] = {
    "verified": _l("Verified"),
    "rejected": _l("Refused"),
    "approve": _l("Approved"),
    "approved": _l("Approved"),
    "return": _l("Returned to the exhibitor"),
}


def decided(decision: str, names: list[str]) -> str:
    """The message after a decision: what was decided, on what. "Approved: Gate valve." """
    shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    what = DECIDED.get(decision, decision)
    return ngettext("%(what)s: %(names)s.", "%(what)s (%(num)s): %(names)s.", len(names), what=what, names=shown)


def roles(codes: Iterable[str]) -> str:
    return ", ".join(sorted(role(code) for code in codes))


@dataclass(frozen=True)
class Described:
    kind: str
    name: str
    url: str | None


def describe(entries) -> dict[tuple[str | None, str | None], Described]:
    """(object_type, object_id) of audit entries, and of the objects their details name (a
    hall), → what staff call it: its kind, its name (one query per kind of object on the page)
    and where it can be seen."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.object_type and entry.object_id:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
        for key, object_type in DETAIL_OBJECTS.items():
            value = (entry.detail or {}).get(key)
            if value not in (None, ""):
                wanted.setdefault(object_type, set()).add(str(value))
    found = {}
    for object_type, ids in wanted.items():
        namer = NAMERS.get(object_type)
        names = namer(sorted(ids)) if namer else {}
        for object_id in ids:
            name, url = names.get(object_id, (None, None))
            if not name:
                name = _("#%(id)s (deleted)", id=object_id) if namer else f"#{object_id}"
            found[(object_type, object_id)] = Described(kind(object_type), name, url)
    return found


# Details that name an object, and the kind of object they name.
DETAIL_OBJECTS = {"hall": "halls"}


def details(entry, described: dict) -> list[tuple[str, str]]:
    """An audit entry's details as (label, value) in the page's language; ``described``:
    what ``describe`` found for the page's entries."""
    shown = []
    for key, value in (entry.detail or {}).items():
        if value in (None, "", False):
            continue
        if key == "role":
            value = role(value)
        elif key == "roles":
            value = roles(value)
        elif key == "media":
            value = _("yes")
        elif key in DETAIL_OBJECTS:
            found = described.get((DETAIL_OBJECTS[key], str(value)))
            value = found.name if found else f"#{value}"
        shown.append((str(DETAILS.get(key, key)), str(value)))
    return shown


def ids_of(values: list[str]) -> list[int]:
    """The numeric ids of a namer's argument (audit ids are kept as text)."""
    return [int(value) for value in values if value.isdigit() and len(value) <= 19]


def init_app(app) -> None:
    """Core's own object names: organizations, users, job runs."""
    from flask import url_for
    from sqlalchemy import select

    from core.accounts.models import User
    from core.extensions import db
    from core.jobs import JobRun, job_label
    from core.organizations.models import Organization
    from i18n import current_lang

    def organizations(ids):
        rows = db.session.scalars(select(Organization).where(Organization.id.in_(ids_of(ids))))
        lang = current_lang()
        return {
            str(o.id): (o.localized("name", lang).text, url_for("staff.organizations", status=o.status)) for o in rows
        }

    def users(ids):
        rows = db.session.execute(select(User.id, User.full_name, User.email).where(User.id.in_(ids_of(ids))))
        return {str(i): (f"{name} <{email}>", None) for i, name, email in rows}

    def job_runs(ids):
        rows = db.session.execute(select(JobRun.id, JobRun.name).where(JobRun.id.in_(ids_of(ids))))
        return {str(i): (f"{job_label(name)} #{i}", None) for i, name in rows}

    add_namer("organizations", organizations)
    add_namer("users", users)
    add_namer("job_runs", job_runs)
