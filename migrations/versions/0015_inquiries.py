"""inquiries: a buyer's conversations with exhibitors

Revision ID: 0015_inquiries
Revises: 0014_quotes
Create Date: 2026-12-06 14:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_inquiries"
down_revision = "0014_quotes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "inquiries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("buyer_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "organization_id", sa.Integer(), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("product_id", sa.Integer(), sa.ForeignKey("products.id", ondelete="SET NULL"), nullable=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("buyer_unread", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("exhibitor_unread", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_inquiries_org_last", "inquiries", ["organization_id", "last_message_at"])
    op.create_index("ix_inquiries_buyer_last", "inquiries", ["buyer_id", "last_message_at"])
    op.create_table(
        "inquiry_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("inquiry_id", sa.Integer(), sa.ForeignKey("inquiries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_inquiry_messages_inquiry_id", "inquiry_messages", ["inquiry_id"])


def downgrade():
    op.drop_index("ix_inquiry_messages_inquiry_id", "inquiry_messages")
    op.drop_table("inquiry_messages")
    op.drop_index("ix_inquiries_buyer_last", "inquiries")
    op.drop_index("ix_inquiries_org_last", "inquiries")
    op.drop_table("inquiries")
