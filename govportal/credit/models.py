"""The bureau's enterprise credit records (信用记录): one per unified social credit code.

``CreditEnterprise`` is who the record is about (by USCC, whether or not it has an account
here) with its computed ``status``; ``CreditFact`` is one entry of the record, of a kind in
``FACT_KINDS``: registration status, foreign-trade operator filing, customs registration,
licences, annual reports, inspections (spot checks), administrative penalties, abnormal-
operations list entries, the serious-dishonesty list and commendations. A fact says which
authority stated it, as of which day, and where it came from (bureau staff, an import, or the
enterprise's own correction after review). Facts are never deleted: one entered in error is
``deleted_at`` with a reason (the audit log keeps who), and an entry that ends (repaired,
removed from a list) keeps its end.

``rules.py`` computes the status and the publication periods; ``services.py`` changes records.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import TimestampMixin, utcnow
from core.extensions import db
from core.imports.records import ImportRecord
from i18n.content import Multilingual

FACT_KINDS = {
    "registration": _l("Registration status"),
    "trade_filing": _l("Foreign-trade operator filing"),
    "customs": _l("Customs registration"),
    "licence": _l("Licence"),
    "annual_report": _l("Annual report"),
    "inspection": _l("Inspection (spot check)"),
    "penalty": _l("Administrative penalty"),
    "abnormal": _l("Abnormal-operations list"),
    "dishonesty": _l("Serious-dishonesty list"),
    "commendation": _l("Commendation"),
}
# What a list shows of the kinds, in the record's order: who the enterprise is first.
IDENTITY_KINDS = ("registration", "trade_filing", "customs")
NEGATIVE_KINDS = ("penalty", "abnormal", "dishonesty")
REGISTRATION = {
    "active": _l("In business"),
    "revoked": _l("Business licence revoked"),
    "cancelled": _l("Deregistered"),
}
SEVERITIES = {  # of a penalty
    "minor": _l("Minor"),
    "ordinary": _l("Ordinary"),
    "serious": _l("Serious"),
}
INSPECTION_RESULTS = {
    "pass": _l("No problems found"),
    "issues": _l("Problems found and corrected"),
    "fail": _l("Failed"),
}
SOURCES = {
    "staff": _l("Entered by bureau staff"),
    "import": _l("Imported from the authority's data"),
    "correction": _l("Corrected after the enterprise's objection"),
}
ENDINGS = {
    "repaired": _l("Credit repaired"),
    "removed": _l("Removed from the list"),
    "expired": _l("Publication period ended"),
}


class CreditEnterprise(Multilingual, TimestampMixin, db.Model):
    __tablename__ = "credit_enterprises"
    __multilingual__ = ("name", "address")

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name_zh: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    former_names: Mapped[str | None] = mapped_column(String(600))  # "|"-separated, newest first
    legal_rep: Mapped[str | None] = mapped_column(String(100), index=True)
    registered_on: Mapped[date | None] = mapped_column(Date)
    district: Mapped[str | None] = mapped_column(String(6))
    industry: Mapped[str | None] = mapped_column(String(32))
    address_zh: Mapped[str | None] = mapped_column(String(300))
    address_en: Mapped[str | None] = mapped_column(String(300))
    # Computed by rules.status_of from the facts: a key of core.organizations.standing.STANDINGS.
    status: Mapped[str] = mapped_column(String(12), default="good", index=True)
    status_changed_at: Mapped[datetime | None]
    # When a fact last changed: the record page's "as of" and its cache key.
    facts_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    facts: Mapped[list[CreditFact]] = relationship(back_populates="enterprise", order_by="CreditFact.id")

    @property
    def former_name_list(self) -> list[str]:
        return [n for n in (self.former_names or "").split("|") if n]

    def __repr__(self) -> str:
        return f"<CreditEnterprise {self.id} {self.uscc}>"


class CreditFact(TimestampMixin, db.Model):
    __tablename__ = "credit_facts"
    __table_args__ = (Index("ix_credit_facts_enterprise_kind", "enterprise_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("credit_enterprises.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # a key of FACT_KINDS
    # A penalty's severity (SEVERITIES), an inspection's result (INSPECTION_RESULTS) or a
    # registration status (REGISTRATION).
    grade: Mapped[str | None] = mapped_column(String(16))
    title_zh: Mapped[str | None] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(80))  # decision, licence or filing number
    authority_zh: Mapped[str | None] = mapped_column(String(200))
    authority_en: Mapped[str | None] = mapped_column(String(200))
    decided_on: Mapped[date | None] = mapped_column(Date)  # decided, listed, issued or filed
    valid_until: Mapped[date | None] = mapped_column(Date)  # a licence's expiry
    year: Mapped[int | None]  # an annual report's year
    detail_zh: Mapped[str | None] = mapped_column(Text)  # the facts (plain text)
    detail_en: Mapped[str | None] = mapped_column(Text)
    outcome_zh: Mapped[str | None] = mapped_column(String(1000))  # the penalty, or the result
    outcome_en: Mapped[str | None] = mapped_column(String(1000))
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(12), default="staff")  # a key of SOURCES
    # Computed by rules.periods when saved: until when a penalty is shown, from when it can be
    # repaired (or a list entry removed early), and when a list entry ends by itself.
    shown_until: Mapped[date | None] = mapped_column(Date)
    repairable_on: Mapped[date | None] = mapped_column(Date)
    # How an entry ended (ENDINGS), when, and why (a repair's or removal's reason).
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_how: Mapped[str | None] = mapped_column(String(12))
    ended_reason: Mapped[str | None] = mapped_column(String(1000))
    public_note: Mapped[str | None] = mapped_column(String(1000))  # a correction's note
    deleted_at: Mapped[datetime | None]  # entered in error; kept for the audit log
    deleted_reason: Mapped[str | None] = mapped_column(String(1000))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    enterprise: Mapped[CreditEnterprise] = relationship(back_populates="facts")


# The staff's list of repairs that fall due reads the entries still open, by their repair day.
Index(
    "ix_credit_facts_repairable",
    CreditFact.repairable_on,
    postgresql_where=CreditFact.ended_on.is_(None) & CreditFact.repairable_on.is_not(None),
)


class CreditFollow(db.Model):
    """A signed-in user follows an enterprise's record and is told when a fact changes."""

    __tablename__ = "credit_follows"
    __table_args__ = (UniqueConstraint("user_id", "enterprise_id", name="uq_credit_follows_user_enterprise"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("credit_enterprises.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CreditObjection(TimestampMixin, db.Model):
    """An enterprise's objection (异议) to a fact of its record, with evidence attached
    (core.attachments, owner ``credit_objection``); staff decide it by ``due_on``."""

    __tablename__ = "credit_objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("credit_enterprises.id", ondelete="CASCADE"), index=True)
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("credit_facts.id", ondelete="SET NULL"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)  # OBJECTION_STATES
    due_on: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str | None] = mapped_column(Text)  # the reasons, shown to the enterprise

    enterprise: Mapped[CreditEnterprise] = relationship()
    fact: Mapped[CreditFact | None] = relationship()


OBJECTION_STATES = {
    "open": _l("Being handled"),
    "upheld": _l("Upheld: the record was corrected"),
    "rejected": _l("Rejected"),
}


class CreditReport(db.Model):
    """A credit report as issued: its reference number and what it said, so that anyone holding
    the PDF can check it at its verification URL."""

    __tablename__ = "credit_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("credit_enterprises.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    facts_changed_at: Mapped[datetime]
    lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    enterprise: Mapped[CreditEnterprise] = relationship()


class CreditImport(ImportRecord, TimestampMixin, db.Model):
    """One upload of facts from a spreadsheet by a credit officer (govportal.credit.importing):
    who, which file, progress, and the problems of its rows (core.imports.records.ImportRecord);
    here what it did: facts added, duplicates skipped, records created."""

    __tablename__ = "credit_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    added_count: Mapped[int] = mapped_column(default=0)
    duplicate_count: Mapped[int] = mapped_column(default=0)
    records_created: Mapped[int] = mapped_column(default=0)
