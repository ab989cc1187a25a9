"""booth listing index

A booth page lists its supplier's newest published products and counts them: one range of this
partial index instead of all the supplier's products sorted on each request.

Revision ID: 0008_booth_listing_index
Revises: 0007_review_lifecycle
Create Date: 2026-12-06 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_booth_listing_index"
down_revision = "0007_review_lifecycle"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_products_published_org_recent",
        "products",
        ["organization_id", sa.literal_column("published_at DESC"), sa.literal_column("id DESC")],
        unique=False,
        postgresql_where=sa.text("status = 'published'"),
        sqlite_where=sa.text("status = 'published'"),
    )


def downgrade():
    op.drop_index("ix_products_published_org_recent", table_name="products")
