"""inquiry reports: a side reports a thread; staff close it or dismiss the report

Revision ID: 0021_inquiry_reports
Revises: 0020_following
Create Date: 2026-12-06 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_inquiry_reports"
down_revision = "0020_following"
branch_labels = None
depends_on = None

COLUMNS = ("reported_at", "reported_by_side", "report_reason", "report_outcome", "report_decided_at")


def upgrade():
    # Plain ADD COLUMN (a SQLite batch copy of inquiries would trip over its foreign keys).
    op.add_column("inquiries", sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("inquiries", sa.Column("reported_by_side", sa.String(10), nullable=True))
    op.add_column("inquiries", sa.Column("report_reason", sa.String(300), nullable=True))
    op.add_column("inquiries", sa.Column("report_outcome", sa.String(10), nullable=True))
    op.add_column("inquiries", sa.Column("report_decided_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_inquiries_reported_at", "inquiries", ["reported_at"])


def downgrade():
    op.drop_index("ix_inquiries_reported_at", "inquiries")
    for name in reversed(COLUMNS):
        op.execute(f"ALTER TABLE inquiries DROP COLUMN {name}")
