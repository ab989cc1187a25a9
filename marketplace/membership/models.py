"""Member tiers and what an organization has of them.

``MemberTier`` says what a tier allows (rows the migrations insert); ``TierPrice`` what it costs
per month and per year, in each currency, and which Stripe price bills it. An organization's
tier comes from two sources, and the higher wins (``tiers.effective_tier``):

- a Stripe subscription, mirrored in ``BillingAccount`` (one per organization that ever started
  a checkout) — Stripe is the source of truth, the mirror is refreshed from it on every webhook
  and by the daily reconcile;
- a ``TierGrant`` by bureau staff, for a period, with a reason.

``StripeEvent`` stores every webhook event once, by its id, until a job has handled it;
``CheckoutRecord`` remembers a Checkout Session so its return page can tell "confirming" from
"done"; ``BillingInvoice`` mirrors the organization's invoices for its billing page.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import cache
from core.db import TimestampMixin, utcnow
from core.extensions import db

FREE = "free"
INTERVALS = ("month", "year")
CURRENCIES = ("cny", "usd")


class MemberTier(db.Model):
    """What a tier allows. An exhibitor profile names its tier (``tier_code``)."""

    __tablename__ = "member_tiers"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(50))
    rank: Mapped[int] = mapped_column(default=0)
    product_quota: Mapped[int | None]  # None: unlimited
    quote_quota: Mapped[int] = mapped_column(default=3)  # quotes on buyer requests per calendar month
    inquiry_analytics: Mapped[bool] = mapped_column(Boolean, default=False)

    def label(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


class TierPrice(db.Model):
    """One price of a paid tier: amount in the currency's minor unit (fen, cents) per interval.
    ``stripe_price`` is the Stripe price (or plan) id that bills it; ``flask billing
    stripe-setup`` creates the missing ones."""

    __tablename__ = "member_tier_prices"
    __table_args__ = (UniqueConstraint("tier_code", "interval", "currency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tier_code: Mapped[str] = mapped_column(ForeignKey("member_tiers.code", ondelete="CASCADE"))
    interval: Mapped[str] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[int] = mapped_column(Integer)
    stripe_price: Mapped[str] = mapped_column(String(100), unique=True)

    tier: Mapped[MemberTier] = relationship()


class BillingAccount(TimestampMixin, db.Model):
    """An organization's Stripe customer and the mirror of its current subscription."""

    __tablename__ = "billing_accounts"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    stripe_customer: Mapped[str | None] = mapped_column(String(100), unique=True)
    subscription_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    status: Mapped[str | None] = mapped_column(String(24))  # Stripe's: active, past_due, canceled ...
    tier_code: Mapped[str | None] = mapped_column(ForeignKey("member_tiers.code"))
    stripe_price: Mapped[str | None] = mapped_column(String(100))
    interval: Mapped[str | None] = mapped_column(String(8))
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[int | None]
    current_period_end: Mapped[datetime | None]
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, default=False)
    grace_until: Mapped[datetime | None]  # a failed renewal: the paid tier holds until then
    synced_at: Mapped[datetime | None]


class BillingInvoice(db.Model):
    __tablename__ = "billing_invoices"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # Stripe's invoice id
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    number: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str | None] = mapped_column(String(24))
    amount_due: Mapped[int] = mapped_column(default=0)
    amount_paid: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="cny")
    issued_at: Mapped[datetime]
    hosted_url: Mapped[str | None] = mapped_column(String(500))
    pdf_url: Mapped[str | None] = mapped_column(String(500))


class StripeEvent(db.Model):
    """A webhook event, stored once by its id (a replay finds it and does nothing)."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    customer: Mapped[str | None] = mapped_column(String(100), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class CheckoutRecord(db.Model):
    """A Checkout Session an owner started: its return page waits for the webhook."""

    __tablename__ = "billing_checkouts"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)  # Stripe's session id
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    tier_code: Mapped[str] = mapped_column(ForeignKey("member_tiers.code"))
    stripe_price: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class TierGrant(TimestampMixin, db.Model):
    """A tier the bureau gives an organization from ``starts_on`` to ``ends_on`` (inclusive)."""

    __tablename__ = "tier_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    tier_code: Mapped[str] = mapped_column(ForeignKey("member_tiers.code"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(500))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_at: Mapped[datetime | None]  # the mail a week before the end went out
    ended_at: Mapped[datetime | None]  # the tier was recomputed after the end

    tier: Mapped[MemberTier] = relationship()
    organization = relationship("Organization")


cache.track(MemberTier, "tier")
cache.track(TierPrice, "tier")
