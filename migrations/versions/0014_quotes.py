"""quotes on buyer requests, and each tier's monthly quote quota

Revision ID: 0014_quotes
Revises: 0013_buyer_requests
Create Date: 2026-12-06 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_quotes"
down_revision = "0013_buyer_requests"
branch_labels = None
depends_on = None

QUOTAS = {"free": 3, "gold": 20, "premium": 60}


def upgrade():
    # A plain ADD COLUMN (not a batch copy): on SQLite a copy would drop member_tiers, which
    # exhibitor profiles point at.
    op.add_column("member_tiers", sa.Column("quote_quota", sa.Integer(), nullable=False, server_default="3"))
    for code, quota in QUOTAS.items():
        op.execute(sa.text("UPDATE member_tiers SET quote_quota = :q WHERE code = :c").bindparams(q=quota, c=code))
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "request_id", sa.Integer(), sa.ForeignKey("buyer_requests.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "organization_id", sa.Integer(), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("unit_price", sa.Numeric(14, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("moq", sa.Integer(), nullable=True),
        sa.Column("lead_time_days", sa.Integer(), nullable=True),
        sa.Column("trade_term", sa.String(3), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decline_reason", sa.String(300), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("request_id", "organization_id", name="uq_quotes_request_org"),
    )
    op.create_index("ix_quotes_request_id", "quotes", ["request_id"])
    op.create_index("ix_quotes_org_created", "quotes", ["organization_id", "created_at"])


def downgrade():
    op.drop_index("ix_quotes_org_created", "quotes")
    op.drop_index("ix_quotes_request_id", "quotes")
    op.drop_table("quotes")
    op.execute("ALTER TABLE member_tiers DROP COLUMN quote_quota")  # SQLite 3.35+ and PostgreSQL alike
