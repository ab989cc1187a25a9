"""search outbox and synonyms

``search_outbox``: each change to something searchable writes a row in the same transaction;
the ``search.drain`` job indexes it and stamps ``processed_at`` (rows are kept a week so a
rebuild can replay what changed while it ran). ``search_synonyms``: the groups of equivalent
expressions staff keep (水泵 = pump = 8413), read when a query is parsed.

Revision ID: 0012_search_outbox
Revises: 0011_unit_and_port_codes
Create Date: 2026-12-06 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_search_outbox"
down_revision = "0011_unit_and_port_codes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("doc_type", sa.String(40), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_search_outbox_processed_at", "search_outbox", ["processed_at"])
    op.create_table(
        "search_synonyms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("terms", sa.String(500), nullable=False),
        sa.Column("note", sa.String(200), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("search_synonyms")
    op.drop_index("ix_search_outbox_processed_at", "search_outbox")
    op.drop_table("search_outbox")
