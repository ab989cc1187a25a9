"""buyer requests (RFQs)

``buyer_requests``: what a signed-in buyer wants to buy, reviewed by staff before it is public
(core.review's columns), open until its deadline, its closing or its last quote.

Revision ID: 0013_buyer_requests
Revises: 0012_search_outbox
Create Date: 2026-12-06 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_buyer_requests"
down_revision = "0012_search_outbox"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "buyer_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("buyer_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("category_id", sa.Integer(), sa.ForeignKey("categories.id", ondelete="SET NULL"), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(20), nullable=True),
        sa.Column("target_price", sa.Numeric(14, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("trade_term", sa.String(3), nullable=True),
        sa.Column("certifications", sa.String(300), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("quotes_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(16), nullable=True),
        # core.review.Reviewable
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_reason", sa.String(500), nullable=True),
        sa.Column("pending_revision", sa.JSON(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_buyer_requests_buyer", "buyer_requests", ["buyer_id", "status"])
    published = sa.text("status = 'published'")
    op.create_index(
        "ix_buyer_requests_public",
        "buyer_requests",
        [sa.text("published_at DESC"), sa.text("id DESC")],
        postgresql_where=published,
        sqlite_where=published,
    )
    op.create_index(
        "ix_buyer_requests_public_category",
        "buyer_requests",
        ["category_id", sa.text("published_at DESC")],
        postgresql_where=published,
        sqlite_where=published,
    )


def downgrade():
    op.drop_index("ix_buyer_requests_public_category", "buyer_requests")
    op.drop_index("ix_buyer_requests_public", "buyer_requests")
    op.drop_index("ix_buyer_requests_buyer", "buyer_requests")
    op.drop_table("buyer_requests")
