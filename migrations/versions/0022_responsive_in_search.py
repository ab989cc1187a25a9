"""search: re-index the exhibitors that are responsive already

Search now ranks a responsive exhibitor's booth and products one point higher
(``search.model.RESPONSIVE_POINTS``), and a change of ``response_stats.responsive`` re-indexes
the organization's documents (``marketplace.public.searching``). The documents indexed before
carry no flag (both backends read that as "not responsive"; their index needs no rebuild), so
each organization that is responsive now gets one outbox row here, as the watch would have
written it: the next drain (after any commit that touches search, or ``flask search drain``)
re-indexes its booth and products on whichever backend is in use.

Revision ID: 0022_responsive_in_search
Revises: 0021_inquiry_reports
Create Date: 2026-12-06 18:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0022_responsive_in_search"
down_revision = "0021_inquiry_reports"
branch_labels = None
depends_on = None


def upgrade():
    op.get_bind().execute(
        sa.text(
            "INSERT INTO search_outbox (doc_type, key, created_at)"
            " SELECT 'organization', CAST(organization_id AS VARCHAR(64)), :now FROM response_stats"
            " WHERE responsive = :yes ORDER BY organization_id"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
        {"now": datetime.now(UTC), "yes": True},
    )


def downgrade():
    pass  # outbox rows: drained or harmless
