"""follows and digest settings, the scheduler's slots, and extra mail headers

Revision ID: 0020_following
Revises: 0019_request_routing
Create Date: 2026-12-06 16:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_following"
down_revision = "0019_request_routing"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "kind", "target_id", name="uq_follows_user_target"),
    )
    op.create_index("ix_follows_target", "follows", ["kind", "target_id"])
    op.create_table(
        "digest_settings",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("frequency", sa.String(8), nullable=False),
        sa.Column("covered_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "schedule_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("slot", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", "slot", name="uq_schedule_runs_name_slot"),
    )
    op.add_column("mail_messages", sa.Column("headers", sa.JSON(), nullable=True))


def downgrade():
    op.execute("ALTER TABLE mail_messages DROP COLUMN headers")
    op.drop_table("schedule_runs")
    op.drop_table("digest_settings")
    op.drop_index("ix_follows_target", "follows")
    op.drop_table("follows")
