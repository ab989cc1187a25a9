"""What the bureau publishes on its portal: policies (政策法规) with their interpretations (解读),
approval announcements (审批公告), notices to enterprises (通知公告), service guides (办事指南),
investment projects (招商项目) and news (新闻).

One table for every kind: the columns they share (unit, titles, summary, body, targets, dates
the lists sort and filter by) and ``details``, a JSON object of what one kind adds (a guide's
materials and steps, an announcement's decision). ``kinds.py`` says which details each kind
has and how the forms read them.

Every item goes through the shared review (core.review), with three more states this
domain uses: ``scheduled`` (approved, public from ``scheduled_for``), ``withdrawn`` (the page
stays with the reason and date, out of lists and feeds) and ``unpublished`` (published in
error: the page explains, or redirects to ``replaced_by_id``). Each publication and each
approved amendment is a ``PublicationVersion``: the public history (first publication and
major changes, with their notes) and what staff compare.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import cache
from core.db import TimestampMixin, utcnow
from core.extensions import db
from core.review import STATUS_LABELS, Reviewable
from core.units import Unit
from i18n.content import Multilingual

PUBLICATION_STATES = STATUS_LABELS
VALIDITY = {
    "in_force": _l("In force"),
    "not_yet": _l("Not yet in force"),
    "amended": _l("Amended"),
    "repealed": _l("Repealed"),
    "expired": _l("Expired"),
}
LINKS = {  # relation -> (on the source's page, on the target's page)
    "amends": (_l("Amends"), _l("Amended by")),
    "repeals": (_l("Repeals"), _l("Repealed by")),
    "interprets": (_l("Interprets"), _l("Interpretations")),
}


class Publication(Reviewable, Multilingual, TimestampMixin, db.Model):
    __tablename__ = "publications"
    __multilingual__ = ("title", "summary", "body")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # govportal.publishing.kinds.KINDS
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    slug: Mapped[str] = mapped_column(String(80), default="item")
    title_zh: Mapped[str | None] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    summary_zh: Mapped[str | None] = mapped_column(String(1000))
    summary_en: Mapped[str | None] = mapped_column(String(1000))
    body_zh: Mapped[str | None] = mapped_column(Text)  # sanitized rich text (core.text)
    body_en: Mapped[str | None] = mapped_column(Text)
    # Texts in further languages (a project's Japanese): {"ja": {"title", "summary", "body"}}.
    texts: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    details: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # Whom it concerns, as ",code,code," (empty: everyone), so "targets this industry" is one
    # LIKE on either database.
    industries: Mapped[str] = mapped_column(String(400), default="")
    districts: Mapped[str] = mapped_column(String(200), default="")
    # What lists sort and filter by, out of ``details``.
    doc_number: Mapped[str | None] = mapped_column(String(80))
    validity: Mapped[str | None] = mapped_column(String(16))  # policies: a key of VALIDITY
    effective_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)  # notices
    scheduled_for: Mapped[datetime | None]  # public from then, once approved
    version: Mapped[int] = mapped_column(default=0)  # of the public text: 1 at first publication
    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(String(1000))
    unpublished_at: Mapped[datetime | None]
    unpublished_note: Mapped[str | None] = mapped_column(String(1000))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("publications.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship(lazy="joined")

    def targets(self, name: str) -> list[str]:
        return [code for code in (getattr(self, name) or "").split(",") if code]

    def __repr__(self) -> str:
        return f"<Publication {self.id} {self.kind}>"


# The finder's and feeds' newest-first lists per kind, and the home page's deadlines.
Index("ix_publications_kind_public", Publication.kind, Publication.status, Publication.published_at.desc())
Index("ix_publications_deadline", Publication.deadline, postgresql_where=Publication.deadline.is_not(None))
cache.track(Publication, "publication")


class PublicationLink(db.Model):
    """``source`` amends, repeals or interprets ``target`` (both policies)."""

    __tablename__ = "publication_links"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "relation", name="uq_publication_links"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(16))  # a key of LINKS


cache.track(PublicationLink, "publication")


class PublicationVersion(db.Model):
    """The public text as one decision made it: number 1 at first publication, then one per
    approved amendment. ``major`` changes are listed in the public history with their note and
    sent to subscribers; minor ones (typos) only staff see."""

    __tablename__ = "publication_versions"
    __table_args__ = (UniqueConstraint("publication_id", "number", name="uq_publication_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    major: Mapped[bool] = mapped_column(default=True)
    note_zh: Mapped[str | None] = mapped_column(String(500))
    note_en: Mapped[str | None] = mapped_column(String(500))
    snapshot: Mapped[dict] = mapped_column(JSON)  # the fields as published
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


cache.track(PublicationVersion, "publication")


class Subscription(TimestampMixin, db.Model):
    """Someone who asked for new notices and policies by mail, for some industries and districts
    (empty: all), confirmed by a link; ``frequency`` is ``immediate`` or ``daily``."""

    __tablename__ = "portal_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    language: Mapped[str] = mapped_column(String(8), default="zh")
    kinds: Mapped[str] = mapped_column(String(100), default=",notice,policy,")
    industries: Mapped[str] = mapped_column(String(400), default="")
    districts: Mapped[str] = mapped_column(String(200), default="")
    frequency: Mapped[str] = mapped_column(String(16), default="immediate")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    confirmed_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]

    def targets(self, name: str) -> list[str]:
        return [code for code in (getattr(self, name) or "").split(",") if code]


class Delivery(db.Model):
    """A publication (or one of its major changes) sent to a subscription: never twice."""

    __tablename__ = "portal_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "publication_id", "version", name="uq_portal_deliveries_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("portal_subscriptions.id", ondelete="CASCADE"))
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
