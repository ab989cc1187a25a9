"""category listing index

Revision ID: 0006_category_listing_index
Revises: 0005_featured_exhibitors_index
Create Date: 2026-11-23 07:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006_category_listing_index"
down_revision = "0005_featured_exhibitors_index"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(
            "ix_products_published_category_recent",
            ["category_id", sa.literal_column("published_at DESC"), sa.literal_column("id DESC")],
            unique=False,
            postgresql_where=sa.text("status = 'published'"),
            sqlite_where=sa.text("status = 'published'"),
        )


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_products_published_category_recent",
            postgresql_where=sa.text("status = 'published'"),
            sqlite_where=sa.text("status = 'published'"),
        )
