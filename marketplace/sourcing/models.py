"""Buyer requests (采购需求, RFQ): what a signed-in buyer wants to buy, and the quotes (报价)
exhibitors answer them with.

A request goes through the shared review (core.review) before it is public. Once published it
is open until its deadline passes, the buyer closes it, or it has ``MAX_QUOTES`` quotes;
``closed_at`` and ``close_reason`` record the last two, the deadline is read as it stands (a
request never needs a job to close on time).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Float, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import cache
from core.accounts.models import User
from core.db import TimestampMixin, utcnow
from core.extensions import db
from core.organizations.models import Organization
from core.review import STATUS_LABELS, Reviewable
from marketplace.catalog.models import Category

REQUEST_STATES = STATUS_LABELS
MAX_QUOTES = 10
TRADE_TERMS = {  # Incoterms 2020 a buyer asks for most
    "EXW": _l("EXW: ex works"),
    "FCA": _l("FCA: free carrier"),
    "FOB": _l("FOB: free on board"),
    "CFR": _l("CFR: cost and freight"),
    "CIF": _l("CIF: cost, insurance and freight"),
    "DAP": _l("DAP: delivered at place"),
    "DDP": _l("DDP: delivered duty paid"),
}
CLOSE_REASONS = {
    "buyer": _l("Closed by the buyer"),
    "accepted": _l("Closed: the buyer accepted a quote"),
    "quotes": _l("Closed: it has all the quotes it takes"),
    "deadline": _l("Closed: the deadline has passed"),
}


class BuyerRequest(Reviewable, TimestampMixin, db.Model):
    __tablename__ = "buyer_requests"
    __table_args__ = (Index("ix_buyer_requests_buyer", "buyer_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8), default="en")  # what the buyer wrote it in
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str | None] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    quantity: Mapped[int] = mapped_column()
    unit: Mapped[str | None] = mapped_column(String(20))  # marketplace.catalog.terms.UNITS
    target_price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    country: Mapped[str] = mapped_column(String(2))  # destination, ISO 3166 alpha-2
    trade_term: Mapped[str | None] = mapped_column(String(3))
    certifications: Mapped[str | None] = mapped_column(String(300))
    deadline: Mapped[date] = mapped_column(Date)
    quotes_count: Mapped[int] = mapped_column(default=0)
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(16))
    routed_at: Mapped[datetime | None]  # matching exhibitors were told (marketplace.sourcing.routing)
    notified_count: Mapped[int] = mapped_column(default=0)  # how many: the public page says so

    buyer: Mapped[User] = relationship(foreign_keys=[buyer_id])
    category: Mapped[Category | None] = relationship()


# The public list: open requests, newest first, by category and by country, without a scan.
Index(
    "ix_buyer_requests_public",
    BuyerRequest.published_at.desc(),
    BuyerRequest.id.desc(),
    postgresql_where=BuyerRequest.status == "published",
    sqlite_where=BuyerRequest.status == "published",
)
Index(
    "ix_buyer_requests_public_category",
    BuyerRequest.category_id,
    BuyerRequest.published_at.desc(),
    BuyerRequest.id.desc(),
    postgresql_where=BuyerRequest.status == "published",
    sqlite_where=BuyerRequest.status == "published",
)
Index(
    "ix_buyer_requests_public_country",
    BuyerRequest.country,
    BuyerRequest.published_at.desc(),
    BuyerRequest.id.desc(),
    postgresql_where=BuyerRequest.status == "published",
    sqlite_where=BuyerRequest.status == "published",
)

# Cached public reads that depend on requests (the list's counts) forget them when this process
# writes one.
cache.track(BuyerRequest, "request")


QUOTE_STATES = {
    "submitted": _l("Received"),
    "shortlisted": _l("Shortlisted"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}


class Quote(TimestampMixin, db.Model):
    """An exhibitor's answer to a buyer request: one per organization and request. Only the
    buyer and the quoting organization's members ever see it."""

    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("request_id", "organization_id", name="uq_quotes_request_org"),
        Index("ix_quotes_org_created", "organization_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("buyer_requests.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    moq: Mapped[int | None]
    lead_time_days: Mapped[int | None]
    trade_term: Mapped[str] = mapped_column(String(3))
    valid_until: Mapped[date] = mapped_column(Date)
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    decline_reason: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[datetime | None]

    request: Mapped[BuyerRequest] = relationship()
    organization: Mapped[Organization] = relationship()


class Inquiry(TimestampMixin, db.Model):
    """A buyer's conversation with an exhibitor, about one of its products or its booth. Seen by
    the buyer and the organization's members only; each side has its count of unread messages."""

    __tablename__ = "inquiries"
    __table_args__ = (
        Index("ix_inquiries_org_last", "organization_id", "last_message_at"),
        Index("ix_inquiries_buyer_last", "buyer_id", "last_message_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int | None]
    last_message_at: Mapped[datetime]
    buyer_unread: Mapped[int] = mapped_column(default=0)
    exhibitor_unread: Mapped[int] = mapped_column(default=0)
    first_response_at: Mapped[datetime | None]  # the exhibitor's first reply or decline (response metrics)
    declined_at: Mapped[datetime | None]  # the exhibitor declined: the thread is closed
    decline_reason: Mapped[str | None] = mapped_column(String(300))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A side reported the thread (spam, fraud): it waits in the moderation queue until staff
    # close it (no more messages either way) or dismiss the report.
    reported_at: Mapped[datetime | None] = mapped_column(index=True)
    reported_by_side: Mapped[str | None] = mapped_column(String(10))
    report_reason: Mapped[str | None] = mapped_column(String(300))
    report_outcome: Mapped[str | None] = mapped_column(String(10))  # "closed" or "dismissed"
    report_decided_at: Mapped[datetime | None]

    buyer: Mapped[User] = relationship(foreign_keys=[buyer_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    organization: Mapped[Organization] = relationship()
    messages: Mapped[list[InquiryMessage]] = relationship(
        back_populates="inquiry", order_by="InquiryMessage.id", cascade="all, delete-orphan"
    )


class InquiryMessage(db.Model):
    __tablename__ = "inquiry_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    side: Mapped[str] = mapped_column(String(10))  # "buyer" or "exhibitor"
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()


class RequestRouting(db.Model):
    """A published request told to one matching exhibitor (marketplace.sourcing.routing)."""

    __tablename__ = "request_routings"
    __table_args__ = (
        UniqueConstraint("request_id", "organization_id", name="uq_request_routings_request_org"),
        Index("ix_request_routings_org_created", "organization_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("buyer_requests.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResponseStats(db.Model):
    """An exhibitor's answers to inquiries over the last 30 days (marketplace.sourcing.metrics):
    the share answered or declined within 24 hours, and the median time to the first answer.
    ``responsive`` (enough inquiries, most answered in time) is what search ranking reads."""

    __tablename__ = "response_stats"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    received: Mapped[int] = mapped_column(default=0)  # inquiries whose 24 hours are over, or answered
    answered_in_time: Mapped[int] = mapped_column(default=0)
    rate: Mapped[float | None] = mapped_column(Float)  # None: no inquiry to count
    median_minutes: Mapped[int | None]
    responsive: Mapped[bool] = mapped_column(default=False)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
