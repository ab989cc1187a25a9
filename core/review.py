"""The review lifecycle public content goes through, one mechanism for every kind of item.

::

    draft ──submit──▶ submitted ──approve──▶ published ──archive──▶ archived ──restore──▶ draft
      ▲                  │
      └──edit── returned ◀──return (with a reason)

Nothing is public before staff with the kind's deciding role approved it, and never by the
person who submitted it. A published item stays public while an edit of it waits as a pending
revision: approving applies the revision, returning drops it; either way the public version
never shows unreviewed content. Every step is an audit entry (``<kind>.submitted``,
``<kind>.approved``, ``<kind>.revision_returned`` ...): that is the item's decision history.

A model takes part by mixing in ``Reviewable`` (its columns) and registering a
``ReviewKind`` (what a revision may change, who decides, and hooks: a check before the first
publication, what happens to media of a revision, whom to tell). Services call the functions
below inside the request's transaction; the view commits once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, and_, inspect, or_, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from core import audit
from core.db import enum_column, utcnow
from core.errors import DomainError, Forbidden
from core.extensions import db


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PUBLISHED = "published"
    ARCHIVED = "archived"
    SCHEDULED = "scheduled"  # approved, public from a time the kind gives (``publish_at``)
    WITHDRAWN = "withdrawn"  # no longer current: its page stays with the reason, out of lists
    UNPUBLISHED = "unpublished"  # published in error: its page explains, or leads to a replacement


STATUS_LABELS = {
    ReviewStatus.DRAFT: _l("Draft"),
    ReviewStatus.SUBMITTED: _l("Waiting for review"),
    ReviewStatus.RETURNED: _l("Returned"),
    ReviewStatus.PUBLISHED: _l("Published"),
    ReviewStatus.ARCHIVED: _l("Archived"),
    ReviewStatus.SCHEDULED: _l("Scheduled"),
    ReviewStatus.WITHDRAWN: _l("Withdrawn"),
    ReviewStatus.UNPUBLISHED: _l("Unpublished"),
}
EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)  # changed at once, no review yet
MEDIA = "_media"  # in a pending revision: media were added that wait for review


class Reviewable:
    """The columns of an item that goes through review."""

    status: Mapped[ReviewStatus] = mapped_column(enum_column(ReviewStatus), default=ReviewStatus.DRAFT)
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    archived_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(String(500))
    # An edit of the published item, waiting for review while the public version stays: the
    # new values of the fields it changes (and MEDIA when media were added). NULL when none waits.
    pending_revision: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))

    @declared_attr
    def reviewed_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


def waiting(model):
    """The clause of ``model``'s items that wait for a decision: new ones and revisions."""
    return or_(
        model.status == ReviewStatus.SUBMITTED,
        and_(model.status == ReviewStatus.PUBLISHED, model.pending_revision.is_not(None)),
    )


@dataclass(frozen=True)
class ReviewKind:
    """How one kind of item is reviewed.

    ``name``: the audit actions' prefix (``product``). ``fields``: what an edit may change, and
    what a revision carries besides that is no column of the item (a change note, read when it
    is decided).
    ``decider``: the policy staff must meet to decide (``core.access``). ``apply(item, values)``
    writes revision values onto the item (default: setattr of each field; a revision keeps
    Decimals and dates as strings, so a kind with money or date fields brings its own). ``before_publish(item)``
    may refuse the first publication (a quota). ``before_submit(item)`` may refuse sending it to
    review with a DomainError that says what is missing (an unverified organization, no image).
    ``revision_decided(item, approved, revision)`` handles a revision's media, before the revision
    is written or dropped. ``decided(item, decision)`` tells the people concerned (``decision`` is
    ``approved`` or ``returned``). ``may_decide(item, user)`` narrows who decides one item
    beyond the policy (a reviewer of one district decides that district's items only).
    ``publish_at(item)`` gives the time an approved item goes public: a later one makes it
    ``scheduled`` until ``go_live`` (the kind's job or sweep calls it).
    """

    name: str
    fields: tuple[str, ...]
    decider: object
    before_publish: Callable | None = None
    before_submit: Callable | None = None
    revision_decided: Callable | None = None
    decided: Callable | None = None
    apply: Callable | None = field(default=None, compare=False)
    may_decide: Callable | None = field(default=None, compare=False)
    publish_at: Callable | None = field(default=None, compare=False)

    def write(self, item, values: dict) -> None:
        if self.apply is not None:
            self.apply(item, values)
            return
        for name in self.fields:
            if name in values:
                setattr(item, name, values[name])


def _stored(values: dict) -> dict:
    """Revision values as JSON keeps them (Decimals as strings, dates as ISO dates)."""
    return {
        k: (str(v) if isinstance(v, Decimal) else v.isoformat() if isinstance(v, date) else v)
        for k, v in values.items()
    }


def submit(item: Reviewable, kind: ReviewKind, actor=None) -> None:
    """Send a draft or returned item to review."""
    if item.status == ReviewStatus.ARCHIVED:
        raise DomainError(_l("Restore it before submitting it for review."))
    if item.status not in EDITABLE:
        return  # already submitted or published: nothing to do
    if kind.before_submit is not None:
        kind.before_submit(item)
    item.status = ReviewStatus.SUBMITTED
    item.submitted_at = utcnow()
    item.return_reason = None
    audit.record(f"{kind.name}.submitted", item, actor=actor, object_id=_object_id(item))


def edit(item: Reviewable, kind: ReviewKind, values: dict, actor=None) -> bool:
    """Change an item: at once while it is a draft or returned (a returned item becomes a draft
    again), as a pending revision while it is published. Returns whether the change waits for
    review."""
    values = {k: v for k, v in values.items() if k in kind.fields}
    if item.status == ReviewStatus.PUBLISHED:
        proposed = {**(item.pending_revision or {}), **_stored(values)}
        # Only what differs from the public version waits (an edit undone leaves nothing to review).
        # A field the item has no column for (a change note) only describes the change: it is
        # kept with the revision, and waits only beside a real change.
        live = _stored({k: getattr(item, k) for k in proposed if k in kind.fields and hasattr(item, k)})
        proposed = {k: v for k, v in proposed.items() if k not in live or live[k] != v}
        if not any(k in live or k == MEDIA for k in proposed):
            item.pending_revision = None
            return False
        if proposed != item.pending_revision:
            item.pending_revision = proposed
            item.submitted_at = utcnow()
            audit.record(f"{kind.name}.revision_submitted", item, actor=actor, object_id=_object_id(item))
        return True
    if item.status == ReviewStatus.SUBMITTED:
        raise DomainError(_l("This is waiting for review: it can be changed once the bureau has decided."))
    kind.write(item, values)
    if item.status == ReviewStatus.RETURNED:
        item.status = ReviewStatus.DRAFT
    return False


def revise_media(item: Reviewable, kind: ReviewKind, actor=None) -> bool:
    """Media were added to ``item`` (a product's images): a published item now has a revision to
    review, marked ``MEDIA`` (its fields may be unchanged). Returns whether the addition waits."""
    if item.status != ReviewStatus.PUBLISHED:
        return False
    item.pending_revision = {**(item.pending_revision or {}), MEDIA: True}
    item.submitted_at = utcnow()
    audit.record(f"{kind.name}.revision_submitted", item, actor=actor, object_id=_object_id(item), media=True)
    return True


def _submitter(item, kind: ReviewKind):
    from core.audit import AuditEntry

    return db.session.scalar(
        select(AuditEntry.actor_id)
        .where(
            AuditEntry.object_type == item.__tablename__,
            AuditEntry.object_id == str(_object_id(item)),
            AuditEntry.action.in_((f"{kind.name}.submitted", f"{kind.name}.revision_submitted")),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )


def _object_id(item):
    """The item's primary key (products have ``id``, exhibitor profiles ``organization_id``)."""
    identity = inspect(item).identity
    return identity[0] if identity else None


def _check_decider(item, kind: ReviewKind, decider) -> None:
    if not kind.decider.allows(decider):
        raise Forbidden()
    if kind.may_decide is not None and not kind.may_decide(item, decider):
        raise Forbidden()
    if _submitter(item, kind) == decider.id:
        raise Forbidden(_l("Someone other than the author must review this."))


def approve(item: Reviewable, kind: ReviewKind, decider) -> None:
    _check_decider(item, kind, decider)
    if item.status == ReviewStatus.PUBLISHED and item.pending_revision is not None:
        if kind.revision_decided:
            kind.revision_decided(item, True, item.pending_revision)
        kind.write(item, item.pending_revision)
        item.pending_revision = None
        action = "revision_approved"
    elif item.status == ReviewStatus.SUBMITTED:
        if kind.before_publish:
            kind.before_publish(item)
        when = kind.publish_at(item) if kind.publish_at else None
        if when is not None and when > utcnow():
            item.status = ReviewStatus.SCHEDULED
            action = "scheduled"
        else:
            item.status = ReviewStatus.PUBLISHED
            item.published_at = item.published_at or utcnow()
            action = "approved"
    else:
        raise DomainError(_l("This is not waiting for review."))
    item.reviewed_by_id = decider.id
    item.return_reason = None
    audit.record(f"{kind.name}.{action}", item, actor=decider, object_id=_object_id(item))
    if kind.decided:
        kind.decided(item, "approved")


def return_(item: Reviewable, kind: ReviewKind, decider, reason: str | None) -> None:
    """Send an item (or its revision) back to its author with a reason they will see."""
    _check_decider(item, kind, decider)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give a reason: the exhibitor will see it."), field="reason")
    if item.status == ReviewStatus.PUBLISHED and item.pending_revision is not None:
        if kind.revision_decided:
            kind.revision_decided(item, False, item.pending_revision)
        item.pending_revision = None
        action = "revision_returned"
    elif item.status == ReviewStatus.SUBMITTED:
        item.status = ReviewStatus.RETURNED
        action = "returned"
    else:
        raise DomainError(_l("This is not waiting for review."))
    item.return_reason = reason[:500]
    item.reviewed_by_id = decider.id
    audit.record(f"{kind.name}.{action}", item, actor=decider, object_id=_object_id(item), reason=reason[:500])
    if kind.decided:
        kind.decided(item, "returned")


def go_live(item: Reviewable, kind: ReviewKind, actor=None, **details) -> bool:
    """A scheduled item becomes public now (its time has come). Returns whether it did; an item
    no longer scheduled (published already by another run, or taken back) is left alone."""
    if item.status != ReviewStatus.SCHEDULED:
        return False
    item.status = ReviewStatus.PUBLISHED
    item.published_at = utcnow()
    audit.record(f"{kind.name}.published", item, actor=actor, object_id=_object_id(item), **details)
    return True


def decide(item: Reviewable, kind: ReviewKind, decider, decision: str, reason: str | None = None) -> None:
    """``decision``: ``approve`` or ``return``."""
    if decision == "approve":
        approve(item, kind, decider)
    elif decision == "return":
        return_(item, kind, decider, reason)
    else:
        raise DomainError(_l("Choose a decision."))


def archive(item: Reviewable, kind: ReviewKind, actor=None) -> None:
    """Take an item out of public view (a pending revision goes with it)."""
    if item.status == ReviewStatus.ARCHIVED:
        return
    if item.pending_revision is not None and kind.revision_decided:
        kind.revision_decided(item, False, item.pending_revision)
    item.status = ReviewStatus.ARCHIVED
    item.archived_at = utcnow()
    item.pending_revision = None
    audit.record(f"{kind.name}.archived", item, actor=actor, object_id=_object_id(item))


def restore(item: Reviewable, kind: ReviewKind, actor=None) -> None:
    """An archived item comes back as a draft (it is reviewed again before it is public)."""
    if item.status != ReviewStatus.ARCHIVED:
        return
    item.status = ReviewStatus.DRAFT
    item.archived_at = None
    audit.record(f"{kind.name}.restored", item, actor=actor, object_id=_object_id(item))
