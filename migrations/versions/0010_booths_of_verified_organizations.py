"""booths of verified organizations

A verified organization is in the year-round expo at once (its booth page, the directory, a
hall); a booth profile used to be made only by an approved exhibition application or a first
visit to the booth settings, and a place in the year-round expo only by an application.
Verified organizations without a profile get one here, published and empty, as
``marketplace.expo.services.ensure_profile`` makes it; and each has an approved booth in the
year-round expo, in the hall of its main category when it has one
(``place_in_year_round_expo``). Applications are for timed exhibitions.

Revision ID: 0010_booths_of_verified
Revises: 0009_product_cover
Create Date: 2026-12-06 08:30:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from core.text import slugify

revision = "0010_booths_of_verified"
down_revision = "0009_product_cover"
branch_labels = None
depends_on = None

_PROFILES = sa.table(
    "exhibitor_profiles",
    sa.column("organization_id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("original_language", sa.String),
    sa.column("status", sa.String),
    sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("tier_code", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def upgrade():
    bind = op.get_bind()
    missing = bind.execute(
        sa.text(
            "SELECT o.id, o.name_zh, o.name_en, o.original_language FROM organizations o"
            " WHERE o.status = 'verified' AND NOT EXISTS"
            " (SELECT 1 FROM exhibitor_profiles p WHERE p.organization_id = o.id) ORDER BY o.id"
        )
    ).all()
    if missing:
        _add_profiles(bind, missing)
    _place_in_year_round_expo(bind)


def _place_in_year_round_expo(bind):
    expo = bind.execute(
        sa.text("SELECT id FROM exhibitions WHERE is_permanent = :yes ORDER BY position, id LIMIT 1"), {"yes": True}
    ).scalar()
    if expo is None:
        return
    now = datetime.now(UTC)
    bind.execute(
        sa.text(
            "UPDATE booths SET status = 'approved', reason = NULL WHERE exhibition_id = :expo"
            " AND status <> 'approved' AND organization_id IN (SELECT id FROM organizations WHERE status = 'verified')"
        ),
        {"expo": expo},
    )
    bind.execute(
        sa.text(
            "INSERT INTO booths (exhibition_id, organization_id, hall_id, status, decided_at, created_at, updated_at)"
            " SELECT :expo, o.id, (SELECT h.id FROM halls h JOIN exhibitor_profiles p"
            "   ON p.main_category_id = h.category_id WHERE h.exhibition_id = :expo AND p.organization_id = o.id"
            "   ORDER BY h.position, h.id LIMIT 1), 'approved', :now, :now, :now"
            " FROM organizations o WHERE o.status = 'verified' AND NOT EXISTS"
            " (SELECT 1 FROM booths b WHERE b.exhibition_id = :expo AND b.organization_id = o.id)"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
        {"expo": expo, "now": now},
    )


def _add_profiles(bind, missing):
    taken = set(bind.execute(sa.text("SELECT slug FROM exhibitor_profiles")).scalars())
    now = datetime.now(UTC)
    rows = []
    for org_id, name_zh, name_en, language in missing:
        base = slugify(name_en or name_zh, max_length=60, fallback=f"exhibitor-{org_id}")
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        rows.append(
            {
                "organization_id": org_id,
                "slug": slug,
                "original_language": language or "zh",
                "status": "published",
                "published_at": now,
                "tier_code": "free",
                "created_at": now,
                "updated_at": now,
            }
        )
    op.bulk_insert(_PROFILES, rows)


def downgrade():
    pass  # the profiles stay: they may have been edited since
