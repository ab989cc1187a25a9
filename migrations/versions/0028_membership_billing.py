"""membership and billing: tier prices, the Stripe mirror (billing accounts, invoices,
checkouts), webhook events stored once by id, staff tier grants, inquiry analytics as a tier
benefit, and products hidden beyond a tier's quota after a downgrade

Revision ID: 0028_membership_billing
Revises: 0027_credit_imports
Create Date: 2026-12-09 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0028_membership_billing"
down_revision = "0027_credit_imports"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

# (tier, interval, currency): amount in fen / cents. The Stripe price ids are ours to choose
# (``flask billing stripe-setup`` creates them in the Stripe account under these ids).
PRICES = {
    ("gold", "month", "cny"): 29_900,
    ("gold", "year", "cny"): 299_000,
    ("premium", "month", "cny"): 69_900,
    ("premium", "year", "cny"): 699_000,
    ("gold", "month", "usd"): 4_900,
    ("gold", "year", "usd"): 49_000,
    ("premium", "month", "usd"): 9_900,
    ("premium", "year", "usd"): 99_000,
}


def upgrade():
    # Plain ADD COLUMNs (no batch copy on SQLite: member_tiers and products are pointed at).
    op.add_column(
        "member_tiers", sa.Column("inquiry_analytics", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.execute("UPDATE member_tiers SET inquiry_analytics = (rank > 0)")
    op.add_column("products", sa.Column("over_quota", sa.Boolean(), nullable=False, server_default=sa.false()))

    prices = op.create_table(
        "member_tier_prices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tier_code", sa.String(16), nullable=False),
        sa.Column("interval", sa.String(8), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("stripe_price", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["tier_code"],
            ["member_tiers.code"],
            name=op.f("fk_member_tier_prices_tier_code_member_tiers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_tier_prices")),
        sa.UniqueConstraint("stripe_price", name=op.f("uq_member_tier_prices_stripe_price")),
        sa.UniqueConstraint(
            "tier_code", "interval", "currency", name=op.f("uq_member_tier_prices_tier_code")
        ),
    )
    op.bulk_insert(
        prices,
        [
            {
                "tier_code": tier,
                "interval": interval,
                "currency": currency,
                "amount": amount,
                "stripe_price": f"tradewindow_{tier}_{interval}_{currency}",
            }
            for (tier, interval, currency), amount in PRICES.items()
        ],
    )

    op.create_table(
        "billing_accounts",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("stripe_customer", sa.String(100), nullable=True),
        sa.Column("subscription_id", sa.String(100), nullable=True),
        sa.Column("status", sa.String(24), nullable=True),
        sa.Column("tier_code", sa.String(16), nullable=True),
        sa.Column("stripe_price", sa.String(100), nullable=True),
        sa.Column("interval", sa.String(8), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("current_period_end", TZ, nullable=True),
        sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False),
        sa.Column("grace_until", TZ, nullable=True),
        sa.Column("synced_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_billing_accounts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tier_code"], ["member_tiers.code"], name=op.f("fk_billing_accounts_tier_code_member_tiers")
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_billing_accounts")),
        sa.UniqueConstraint("stripe_customer", name=op.f("uq_billing_accounts_stripe_customer")),
        sa.UniqueConstraint("subscription_id", name=op.f("uq_billing_accounts_subscription_id")),
    )
    op.create_table(
        "billing_invoices",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(100), nullable=True),
        sa.Column("status", sa.String(24), nullable=True),
        sa.Column("amount_due", sa.Integer(), nullable=False),
        sa.Column("amount_paid", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("hosted_url", sa.String(500), nullable=True),
        sa.Column("pdf_url", sa.String(500), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_billing_invoices_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_invoices")),
    )
    op.create_index(op.f("ix_billing_invoices_organization_id"), "billing_invoices", ["organization_id"])
    op.create_table(
        "stripe_events",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("customer", sa.String(100), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("processed_at", TZ, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stripe_events")),
    )
    op.create_index(op.f("ix_stripe_events_customer"), "stripe_events", ["customer"])
    op.create_index(op.f("ix_stripe_events_processed_at"), "stripe_events", ["processed_at"])
    op.create_table(
        "billing_checkouts",
        sa.Column("id", sa.String(255), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("tier_code", sa.String(16), nullable=False),
        sa.Column("stripe_price", sa.String(100), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("completed_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_billing_checkouts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_billing_checkouts_user_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["tier_code"], ["member_tiers.code"], name=op.f("fk_billing_checkouts_tier_code_member_tiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_checkouts")),
    )
    op.create_index(op.f("ix_billing_checkouts_organization_id"), "billing_checkouts", ["organization_id"])
    op.create_table(
        "tier_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("tier_code", sa.String(16), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded_at", TZ, nullable=True),
        sa.Column("ended_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_tier_grants_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tier_code"], ["member_tiers.code"], name=op.f("fk_tier_grants_tier_code_member_tiers")),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["users.id"], name=op.f("fk_tier_grants_granted_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_tier_grants_revoked_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_grants")),
    )
    op.create_index(op.f("ix_tier_grants_organization_id"), "tier_grants", ["organization_id"])
    op.create_index(op.f("ix_tier_grants_ends_on"), "tier_grants", ["ends_on"])


def downgrade():
    for table in ("tier_grants", "billing_checkouts", "stripe_events", "billing_invoices", "billing_accounts"):
        op.drop_table(table)
    op.drop_table("member_tier_prices")
    op.execute("ALTER TABLE products DROP COLUMN over_quota")  # SQLite 3.35+ and PostgreSQL alike
    op.execute("ALTER TABLE member_tiers DROP COLUMN inquiry_analytics")
