"""one review lifecycle for products and booth profiles; organization members

Products take core.review's statuses (pending -> submitted, rejected -> returned; the reason
column is return_reason), a pending revision is SQL NULL when none waits (it was stored as the
JSON value null after a decision), and images added to a published product wait for review.
Booth profiles gain the review columns and start published. The user-organization link is
renamed organization_members (memberships is for member tiers).

Revision ID: 0007_review_lifecycle
Revises: 0006_category_listing_index
Create Date: 2026-12-06 03:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_review_lifecycle"
down_revision = "0006_category_listing_index"
branch_labels = None
depends_on = None


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    # -- organization_members: a new table with the rows of memberships (works on both databases)
    op.create_table(
        "organization_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_members_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_organization_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_members")),
        sa.UniqueConstraint("user_id", "organization_id", name="uq_organization_members_user_org"),
    )
    with op.batch_alter_table("organization_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_members_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_members_user_id"), ["user_id"], unique=False)
    op.execute(
        "INSERT INTO organization_members (id, user_id, organization_id, role, created_at, updated_at)"
        " SELECT id, user_id, organization_id, role, created_at, updated_at FROM memberships"
    )
    if _is_postgresql():
        op.execute(
            "SELECT setval(pg_get_serial_sequence('organization_members', 'id'),"
            " COALESCE((SELECT MAX(id) FROM organization_members), 0) + 1, false)"
        )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_organization_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_user_id"))
    op.drop_table("memberships")

    # -- products: review statuses, the reason's name, no JSON null for "no revision".
    # RENAME COLUMN runs natively on PostgreSQL and SQLite (3.25+): no copy of the big table.
    op.execute("ALTER TABLE products RENAME COLUMN rejected_reason TO return_reason")
    op.execute("UPDATE products SET status = 'submitted' WHERE status = 'pending'")
    op.execute("UPDATE products SET status = 'returned' WHERE status = 'rejected'")
    if _is_postgresql():
        op.execute("UPDATE products SET pending_revision = NULL WHERE pending_revision::text = 'null'")
    else:
        op.execute("UPDATE products SET pending_revision = NULL WHERE pending_revision = 'null'")
    op.add_column("product_images", sa.Column("pending", sa.Boolean(), nullable=False, server_default=sa.false()))

    # -- booth profiles: reviewed like products; every existing profile is published
    with op.batch_alter_table("exhibitor_profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="published"))
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("return_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("pending_revision", sa.JSON(none_as_null=True), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_exhibitor_profiles_reviewed_by_id_users"),
            "users",
            ["reviewed_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute("UPDATE exhibitor_profiles SET published_at = created_at")


def downgrade():
    with op.batch_alter_table("exhibitor_profiles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_exhibitor_profiles_reviewed_by_id_users"), type_="foreignkey")
        for column in (
            "reviewed_by_id",
            "pending_revision",
            "return_reason",
            "archived_at",
            "published_at",
            "submitted_at",
            "status",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("product_images", schema=None) as batch_op:
        batch_op.drop_column("pending")
    op.execute("UPDATE products SET status = 'pending' WHERE status = 'submitted'")
    op.execute("UPDATE products SET status = 'rejected' WHERE status = 'returned'")
    op.execute("ALTER TABLE products RENAME COLUMN return_reason TO rejected_reason")

    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"], name="fk_memberships_organization_id_organizations", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_memberships_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_memberships"),
        sa.UniqueConstraint("user_id", "organization_id", name="uq_memberships_user_org"),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index("ix_memberships_organization_id", ["organization_id"], unique=False)
        batch_op.create_index("ix_memberships_user_id", ["user_id"], unique=False)
    op.execute(
        "INSERT INTO memberships (id, user_id, organization_id, role, created_at, updated_at)"
        " SELECT id, user_id, organization_id, role, created_at, updated_at FROM organization_members"
    )
    op.drop_table("organization_members")
