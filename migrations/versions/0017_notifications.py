"""notifications: what a user is told in the app (beside the mail)

Revision ID: 0017_notifications
Revises: 0016_inquiry_decline
Create Date: 2026-12-06 15:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_notifications"
down_revision = "0016_inquiry_decline"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("template", sa.String(64), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("endpoint", sa.String(100), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_notifications_user_created", "notifications", ["user_id", "created_at"])


def downgrade():
    op.drop_index("ix_notifications_user_created", "notifications")
    op.drop_table("notifications")
