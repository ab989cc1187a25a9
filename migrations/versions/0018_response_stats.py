"""response stats: how quickly each exhibitor answers inquiries (30 days)

Revision ID: 0018_response_stats
Revises: 0017_notifications
Create Date: 2026-12-06 16:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_response_stats"
down_revision = "0017_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "response_stats",
        sa.Column(
            "organization_id",
            sa.Integer(),
            sa.ForeignKey("organizations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("answered_in_time", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Float(), nullable=True),
        sa.Column("median_minutes", sa.Integer(), nullable=True),
        sa.Column("responsive", sa.Boolean(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("response_stats")
