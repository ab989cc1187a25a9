"""request routing: which matching exhibitors were told of a published buyer request

Revision ID: 0019_request_routing
Revises: 0018_response_stats
Create Date: 2026-12-06 16:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_request_routing"
down_revision = "0018_response_stats"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "request_routings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "request_id", sa.Integer(), sa.ForeignKey("buyer_requests.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "organization_id", sa.Integer(), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("request_id", "organization_id", name="uq_request_routings_request_org"),
    )
    op.create_index("ix_request_routings_org_created", "request_routings", ["organization_id", "created_at"])
    # Plain ADD COLUMN (a SQLite batch copy of buyer_requests would trip over its foreign keys).
    op.add_column("buyer_requests", sa.Column("routed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "buyer_requests", sa.Column("notified_count", sa.Integer(), nullable=False, server_default="0")
    )


def downgrade():
    op.execute("ALTER TABLE buyer_requests DROP COLUMN notified_count")
    op.execute("ALTER TABLE buyer_requests DROP COLUMN routed_at")
    op.drop_index("ix_request_routings_org_created", "request_routings")
    op.drop_table("request_routings")
