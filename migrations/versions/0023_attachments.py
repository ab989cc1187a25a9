"""attachments: documents and pictures attached to buyer requests, quotes, inquiry messages (and
later the portal's documents and evidence), checked by content (core.attachments)

Revision ID: 0023_attachments
Revises: 0022_responsive_in_search
Create Date: 2026-12-07 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_attachments"
down_revision = "0022_responsive_in_search"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_kind", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("mime_type", sa.String(127), nullable=False),
        sa.Column("extension", sa.String(10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pending", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("uploaded_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("key", name="uq_attachments_key"),
    )
    op.create_index("ix_attachments_owner", "attachments", ["owner_kind", "owner_id"])


def downgrade():
    op.drop_index("ix_attachments_owner", "attachments")
    op.drop_table("attachments")
