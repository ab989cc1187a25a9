"""enterprise credit: the public credit record per USCC with its facts, follows, objections and
issued reports (govportal.credit), and each organization's credit standing for the badge
(core.organizations.standing)

Products and booths are searchable by their supplier's standing (a ``credit`` facet, "none"
without a record): the documents indexed before carry no value, so each verified organization
gets one outbox row here, as the watch would have written it, and the next drain re-indexes its
booth and products on whichever backend is in use.

Revision ID: 0026_enterprise_credit
Revises: 0025_portal_publishing
Create Date: 2026-12-06 22:30:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0026_enterprise_credit"
down_revision = "0025_portal_publishing"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.add_column("organizations", sa.Column("credit_status", sa.String(12), nullable=True))
    op.create_index("ix_organizations_credit_status", "organizations", ["credit_status"])
    op.create_table(
        "credit_enterprises",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("name_zh", sa.String(200), nullable=True),
        sa.Column("name_en", sa.String(200), nullable=True),
        sa.Column("former_names", sa.String(600), nullable=True),
        sa.Column("legal_rep", sa.String(100), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("district", sa.String(6), nullable=True),
        sa.Column("industry", sa.String(32), nullable=True),
        sa.Column("address_zh", sa.String(300), nullable=True),
        sa.Column("address_en", sa.String(300), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("status_changed_at", TZ, nullable=True),
        sa.Column("facts_changed_at", TZ, nullable=False),
        sa.Column("original_language", sa.String(8), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("uscc", name="uq_credit_enterprises_uscc"),
    )
    op.create_index("ix_credit_enterprises_status", "credit_enterprises", ["status"])
    op.create_index("ix_credit_enterprises_legal_rep", "credit_enterprises", ["legal_rep"])
    op.create_table(
        "credit_facts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "enterprise_id", sa.Integer(), sa.ForeignKey("credit_enterprises.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("grade", sa.String(16), nullable=True),
        sa.Column("title_zh", sa.String(300), nullable=True),
        sa.Column("title_en", sa.String(300), nullable=True),
        sa.Column("reference", sa.String(80), nullable=True),
        sa.Column("authority_zh", sa.String(200), nullable=True),
        sa.Column("authority_en", sa.String(200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("detail_zh", sa.Text(), nullable=True),
        sa.Column("detail_en", sa.Text(), nullable=True),
        sa.Column("outcome_zh", sa.String(1000), nullable=True),
        sa.Column("outcome_en", sa.String(1000), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.String(12), nullable=False),
        sa.Column("shown_until", sa.Date(), nullable=True),
        sa.Column("repairable_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("ended_how", sa.String(12), nullable=True),
        sa.Column("ended_reason", sa.String(1000), nullable=True),
        sa.Column("public_note", sa.String(1000), nullable=True),
        sa.Column("deleted_at", TZ, nullable=True),
        sa.Column("deleted_reason", sa.String(1000), nullable=True),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_credit_facts_enterprise_kind", "credit_facts", ["enterprise_id", "kind"])
    op.create_index(
        "ix_credit_facts_repairable",
        "credit_facts",
        ["repairable_on"],
        postgresql_where=sa.text("ended_on IS NULL AND repairable_on IS NOT NULL"),
    )
    op.create_table(
        "credit_follows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "enterprise_id", sa.Integer(), sa.ForeignKey("credit_enterprises.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("user_id", "enterprise_id", name="uq_credit_follows_user_enterprise"),
    )
    op.create_index("ix_credit_follows_user_id", "credit_follows", ["user_id"])
    op.create_index("ix_credit_follows_enterprise_id", "credit_follows", ["enterprise_id"])
    op.create_table(
        "credit_objections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(24), nullable=False),
        sa.Column(
            "enterprise_id", sa.Integer(), sa.ForeignKey("credit_enterprises.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("fact_id", sa.Integer(), sa.ForeignKey("credit_facts.id", ondelete="SET NULL"), nullable=True),
        sa.Column(
            "organization_id", sa.Integer(), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("filed_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("decided_at", TZ, nullable=True),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("reference", name="uq_credit_objections_reference"),
    )
    op.create_index("ix_credit_objections_enterprise_id", "credit_objections", ["enterprise_id"])
    op.create_index("ix_credit_objections_organization_id", "credit_objections", ["organization_id"])
    op.create_index("ix_credit_objections_status", "credit_objections", ["status"])
    op.create_table(
        "credit_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(24), nullable=False),
        sa.Column(
            "enterprise_id", sa.Integer(), sa.ForeignKey("credit_enterprises.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("facts_changed_at", TZ, nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("reference", name="uq_credit_reports_reference"),
    )
    op.create_index("ix_credit_reports_enterprise_id", "credit_reports", ["enterprise_id"])
    op.get_bind().execute(
        sa.text(
            "INSERT INTO search_outbox (doc_type, key, created_at)"
            " SELECT 'organization', CAST(id AS VARCHAR(64)), :now FROM organizations"
            " WHERE status = 'verified' ORDER BY id"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
        {"now": datetime.now(UTC)},
    )


def downgrade():
    op.drop_table("credit_reports")
    op.drop_table("credit_objections")
    op.drop_table("credit_follows")
    op.drop_table("credit_facts")
    op.drop_table("credit_enterprises")
    op.drop_index("ix_organizations_credit_status", "organizations")
    op.execute("ALTER TABLE organizations DROP COLUMN credit_status")
