"""inquiries: an exhibitor's quick decline with a reason, and assignment to a colleague

Revision ID: 0016_inquiry_decline
Revises: 0015_inquiries
Create Date: 2026-12-06 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_inquiry_decline"
down_revision = "0015_inquiries"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inquiries") as batch_op:
        batch_op.add_column(sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("decline_reason", sa.String(300), nullable=True))
        batch_op.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_inquiries_assigned_to_id_users", "users", ["assigned_to_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("inquiries") as batch_op:
        batch_op.drop_constraint("fk_inquiries_assigned_to_id_users", type_="foreignkey")
        batch_op.drop_column("assigned_to_id")
        batch_op.drop_column("decline_reason")
        batch_op.drop_column("declined_at")
