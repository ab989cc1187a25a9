"""product cover

Cards read their picture from the product's own row (products.cover: the first public image as
JSON), not from a subquery per card. Filled here from the images there are.

Revision ID: 0009_product_cover
Revises: 0008_booth_listing_index
Create Date: 2026-12-06 04:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_product_cover"
down_revision = "0008_booth_listing_index"
branch_labels = None
depends_on = None

_FIRST = (
    " FROM product_images i WHERE i.product_id = products.id AND i.pending = {false}"
    " ORDER BY i.position, i.id LIMIT 1)"
)


def upgrade():
    op.add_column("products", sa.Column("cover", sa.JSON(none_as_null=True), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE products SET cover = (SELECT json_build_object('key', i.key, 'thumbs', i.thumbs,"
            " 'width', i.width, 'height', i.height, 'alt_zh', i.alt_zh, 'alt_en', i.alt_en)"
            + _FIRST.format(false="false")
        )
    else:
        op.execute(
            "UPDATE products SET cover = (SELECT json_object('key', i.key, 'thumbs', json(i.thumbs),"
            " 'width', i.width, 'height', i.height, 'alt_zh', i.alt_zh, 'alt_en', i.alt_en)"
            + _FIRST.format(false="0")
        )


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("cover")
