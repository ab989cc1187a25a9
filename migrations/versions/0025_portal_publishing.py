"""portal publishing: organizational units (departments and districts) that staff belong to,
and the portal's publications (policies, announcements, notices, guides, projects, news) with
their links, versions, subscriptions and deliveries (govportal.publishing)

Revision ID: 0025_portal_publishing
Revises: 0024_request_listing_indexes
Create Date: 2026-12-06 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_portal_publishing"
down_revision = "0024_request_listing_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name_zh", sa.String(100), nullable=True),
        sa.Column("name_en", sa.String(100), nullable=True),
        sa.Column("district", sa.String(6), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("original_language", sa.String(8), nullable=False),
        sa.UniqueConstraint("slug", name="uq_units_slug"),
    )
    # No foreign key: SQLite can only add one by rebuilding ``users``, and dropping the old table
    # would cascade into every table that references it. Units are never deleted by the app; a
    # unit_id that names no unit acts for nothing (core.units.acts_for).
    op.add_column("users", sa.Column("unit_id", sa.Integer(), nullable=True))
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("title_zh", sa.String(300), nullable=True),
        sa.Column("title_en", sa.String(300), nullable=True),
        sa.Column("summary_zh", sa.String(1000), nullable=True),
        sa.Column("summary_en", sa.String(1000), nullable=True),
        sa.Column("body_zh", sa.Text(), nullable=True),
        sa.Column("body_en", sa.Text(), nullable=True),
        sa.Column("texts", sa.JSON(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("industries", sa.String(400), nullable=False),
        sa.Column("districts", sa.String(200), nullable=False),
        sa.Column("doc_number", sa.String(80), nullable=True),
        sa.Column("validity", sa.String(16), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_reason", sa.String(1000), nullable=True),
        sa.Column("unpublished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unpublished_note", sa.String(1000), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), sa.ForeignKey("publications.id", ondelete="SET NULL"), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_reason", sa.String(500), nullable=True),
        sa.Column("pending_revision", sa.JSON(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("original_language", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_publications_unit_id", "publications", ["unit_id"])
    op.create_index("ix_publications_kind_public", "publications", ["kind", "status", sa.text("published_at DESC")])
    op.create_index(
        "ix_publications_deadline", "publications", ["deadline"], postgresql_where=sa.text("deadline IS NOT NULL")
    )
    op.create_table(
        "publication_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("publications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("target_id", sa.Integer(), sa.ForeignKey("publications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.UniqueConstraint("source_id", "target_id", "relation", name="uq_publication_links"),
    )
    op.create_index("ix_publication_links_source_id", "publication_links", ["source_id"])
    op.create_index("ix_publication_links_target_id", "publication_links", ["target_id"])
    op.create_table(
        "publication_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("publication_id", sa.Integer(), sa.ForeignKey("publications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("major", sa.Boolean(), nullable=False),
        sa.Column("note_zh", sa.String(500), nullable=True),
        sa.Column("note_en", sa.String(500), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.UniqueConstraint("publication_id", "number", name="uq_publication_versions_number"),
    )
    op.create_table(
        "portal_subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("kinds", sa.String(100), nullable=False),
        sa.Column("industries", sa.String(400), nullable=False),
        sa.Column("districts", sa.String(200), nullable=False),
        sa.Column("frequency", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_portal_subscriptions_email", "portal_subscriptions", ["email"])
    op.create_table(
        "portal_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "subscription_id", sa.Integer(), sa.ForeignKey("portal_subscriptions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("publication_id", sa.Integer(), sa.ForeignKey("publications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("subscription_id", "publication_id", "version", name="uq_portal_deliveries_once"),
    )
    op.create_index("ix_portal_deliveries_publication_id", "portal_deliveries", ["publication_id"])


def downgrade():
    op.drop_table("portal_deliveries")
    op.drop_table("portal_subscriptions")
    op.drop_table("publication_versions")
    op.drop_table("publication_links")
    op.drop_table("publications")
    op.execute("ALTER TABLE users DROP COLUMN unit_id")
    op.drop_table("units")
