"""Migrations carry existing data along: 0007 (one review lifecycle, organization members)."""

import json

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from core.extensions import db
from tests.conftest import make_other_app


@pytest.fixture()
def scratch_database(app, tmp_path):
    """An empty database of the suite's kind: a SQLite file, or a new PostgreSQL database."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    from sqlalchemy import create_engine

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS tw_scratch"))
        conn.execute(text("CREATE DATABASE tw_scratch"))
    yield url.rsplit("/", 1)[0] + "/tw_scratch"
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS tw_scratch WITH (FORCE)"))
    admin.dispose()


def test_0007_moves_products_members_and_profiles_onto_the_review_lifecycle(app, scratch_database):
    other = make_other_app(app, SQLALCHEMY_DATABASE_URI=scratch_database)
    with other.app_context():
        upgrade(revision="0006_category_listing_index")
        now = "2026-01-01 00:00:00"
        statements = [
            "INSERT INTO users (id, email, password_hash, full_name, preferred_language, account_type, active,"
            " created_at, updated_at) VALUES (1, 'a@example.com', 'x', 'A', 'zh', 'exhibitor', true, :now, :now)",
            "INSERT INTO organizations (id, name_zh, uscc, status, original_language, created_at, updated_at)"
            " VALUES (1, '甲公司', '91330200MA2AAAAA0X', 'verified', 'zh', :now, :now)",
            "INSERT INTO memberships (id, user_id, organization_id, role, created_at, updated_at)"
            " VALUES (7, 1, 1, 'owner', :now, :now)",
            "INSERT INTO member_tiers (code, name_zh, name_en, rank) SELECT 'free', '免费', 'Free', 0"
            " WHERE NOT EXISTS (SELECT 1 FROM member_tiers WHERE code = 'free')",
            "INSERT INTO exhibitor_profiles (organization_id, slug, tier_code, original_language, created_at,"
            " updated_at) VALUES (1, 'jia', 'free', 'zh', :now, :now)",
        ]
        revisions = [None, None, "null", '{"title_en": "New"}']
        for n, status in enumerate(["pending", "rejected", "published", "published"], start=1):
            statements.append(
                "INSERT INTO products (id, organization_id, slug, status, title_zh, original_language, currency,"
                " price_negotiable, views, rejected_reason, pending_revision, created_at, updated_at)"
                f" VALUES ({n}, 1, 'p{n}', '{status}', '产品', 'zh', 'USD', false, 0, 'why', :rev{n}, :now, :now)"
            )
        statements += [
            "INSERT INTO product_images (id, product_id, key, position, thumbs, alt_en)"
            " VALUES (1, 4, 'second.jpg', 1, NULL, 'Side'), (2, 4, 'first.jpg', 0, :thumbs, 'Front')",
        ]
        params = {"now": now, **{f"rev{n}": revision for n, revision in enumerate(revisions, start=1)}}
        params["thumbs"] = '{"160": "first-160.webp"}'
        with db.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement), params)
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, status, return_reason, pending_revision FROM products ORDER BY id"))
            found = [
                (r[0], r[1], r[2], r[3] if r[3] is None or isinstance(r[3], dict) else json.loads(r[3])) for r in rows
            ]
            assert found == [
                (1, "submitted", "why", None),
                (2, "returned", "why", None),
                (3, "published", "why", None),  # the JSON null of a decided revision is no revision
                (4, "published", "why", {"title_en": "New"}),
            ]
            assert conn.execute(text("SELECT id, user_id, organization_id, role FROM organization_members")).all() == [
                (7, 1, 1, "owner")
            ]
            status, published_at = conn.execute(text("SELECT status, published_at FROM exhibitor_profiles")).one()
            assert status == "published" and published_at is not None
            # 0009: the card's cover is the first image, read from the product's row.
            covers = dict(conn.execute(text("SELECT id, cover FROM products")).all())
            cover = covers[4] if isinstance(covers[4], dict) else json.loads(covers[4])
            assert cover["key"] == "first.jpg" and cover["thumbs"] == {"160": "first-160.webp"}
            assert cover["alt_en"] == "Front" and covers[1] is None
        # A new member gets an id after the copied ones (PostgreSQL: the sequence was moved on).
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, email, password_hash, full_name, preferred_language, account_type,"
                    " active, created_at, updated_at) VALUES (2, 'b@example.com', 'x', 'B', 'zh', 'exhibitor',"
                    " true, :now, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO organization_members (user_id, organization_id, role, created_at, updated_at)"
                    " VALUES (2, 1, 'editor', :now, :now)"
                ),
                {"now": now},
            )
            assert conn.execute(text("SELECT max(id) FROM organization_members")).scalar() > 7
        downgrade(revision="0006_category_listing_index")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT status FROM products ORDER BY id")).scalars().all() == [
                "pending",
                "rejected",
                "published",
                "published",
            ]
            assert conn.execute(text("SELECT count(*) FROM memberships")).scalar() == 2
        db.engine.dispose()


def test_0010_opens_a_booth_in_the_year_round_expo_for_every_verified_organization(app, scratch_database):
    other = make_other_app(app, SQLALCHEMY_DATABASE_URI=scratch_database)
    with other.app_context():
        upgrade(revision="0009_product_cover")
        now = "2026-01-01 00:00:00"
        statements = [
            "INSERT INTO member_tiers (code, name_zh, name_en, rank) SELECT 'free', '免费', 'Free', 0"
            " WHERE NOT EXISTS (SELECT 1 FROM member_tiers WHERE code = 'free')",
            "INSERT INTO organizations (id, name_zh, name_en, uscc, status, original_language, created_at,"
            " updated_at) VALUES (1, '甲公司', 'Jia Valves', '91330200MA2AAAAA0X', 'verified', 'zh', :now, :now),"
            " (2, '乙公司', NULL, '91330200MA2AAAAB0X', 'pending', 'zh', :now, :now),"
            " (3, '丙公司', 'Bing Pumps', '91330200MA2AAAAC0X', 'verified', 'zh', :now, :now)",
            "INSERT INTO exhibitor_profiles (organization_id, slug, tier_code, status, original_language,"
            " created_at, updated_at) VALUES (3, 'jia-valves', 'free', 'published', 'zh', :now, :now)",
            "INSERT INTO exhibitions (id, slug, name_zh, is_permanent, position, original_language, created_at,"
            " updated_at) VALUES (1, 'online-expo', '网上博览会', :yes, 0, 'zh', :now, :now)",
            "INSERT INTO booths (exhibition_id, organization_id, status, reason, created_at, updated_at)"
            " VALUES (1, 3, 'rejected', 'Not now', :now, :now)",
        ]
        with db.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement), {"now": now, "yes": True})
        upgrade(revision="0010_booths_of_verified")
        with db.engine.connect() as conn:
            profiles = conn.execute(
                text("SELECT organization_id, slug, status FROM exhibitor_profiles ORDER BY organization_id")
            ).all()
            # Org 1 gets a profile; its name's slug is taken by org 3, so it gets the next free one.
            assert profiles == [(1, "jia-valves-2", "published"), (3, "jia-valves", "published")]
            booths = conn.execute(
                text("SELECT organization_id, status, reason FROM booths WHERE exhibition_id = 1 ORDER BY 1")
            ).all()
            assert booths == [(1, "approved", None), (3, "approved", None)]  # not the pending org 2
        db.engine.dispose()


def test_0011_turns_listed_units_and_ports_into_codes(app, scratch_database):
    other = make_other_app(app, SQLALCHEMY_DATABASE_URI=scratch_database)
    with other.app_context():
        upgrade(revision="0010_booths_of_verified")
        now = "2026-01-01 00:00:00"
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organizations (id, name_zh, uscc, status, original_language, created_at, updated_at)"
                    " VALUES (1, '甲公司', '91330200MA2AAAAA0X', 'verified', 'zh', :now, :now)"
                ),
                {"now": now},
            )
            for n, (unit, port) in enumerate([("pcs", "Ningbo"), ("件", "上海"), ("bales", "Rotterdam")], start=1):
                conn.execute(
                    text(
                        "INSERT INTO products (id, organization_id, slug, status, title_zh, original_language,"
                        " currency, price_negotiable, views, moq_unit, fob_port, created_at, updated_at)"
                        " VALUES (:id, 1, :slug, 'draft', '产品', 'zh', 'USD', false, 0, :unit, :port, :now, :now)"
                    ),
                    {"id": n, "slug": f"p{n}", "unit": unit, "port": port, "now": now},
                )
        upgrade(revision="0011_unit_and_port_codes")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT moq_unit, fob_port FROM products ORDER BY id")).all()
        # Listed names become codes; free text that names nothing listed stays as written.
        assert [tuple(r) for r in rows] == [("pieces", "ningbo"), ("pieces", "shanghai"), ("bales", "Rotterdam")]
        db.engine.dispose()


def test_0022_sends_the_organizations_responsive_already_to_the_search_outbox(app, scratch_database):
    """Documents indexed before ranking read ``responsive`` carry no flag: every organization
    responsive at the upgrade gets an outbox row (the "organization" expansion), the others none."""
    other = make_other_app(app, SQLALCHEMY_DATABASE_URI=scratch_database)
    with other.app_context():
        upgrade(revision="0021_inquiry_reports")
        now = "2026-01-01 00:00:00"
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organizations (id, name_zh, uscc, status, original_language, created_at, updated_at)"
                    " VALUES (1, '甲公司', '91330200MA2AAAAA0X', 'verified', 'zh', :now, :now),"
                    " (2, '乙公司', '91330200MA2AAAAB0X', 'verified', 'zh', :now, :now),"
                    " (3, '丙公司', '91330200MA2AAAAC0X', 'verified', 'zh', :now, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO response_stats (organization_id, received, answered_in_time, rate, median_minutes,"
                    " responsive, computed_at) VALUES (1, 5, 5, 1.0, 30, :yes, :now), (2, 5, 1, 0.2, 900, :no, :now),"
                    " (3, 3, 3, 1.0, 10, :yes, :now)"
                ),
                {"now": now, "yes": True, "no": False},
            )
        upgrade(revision="0022_responsive_in_search")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT doc_type, key, processed_at FROM search_outbox ORDER BY id")).all()
            created = conn.execute(text("SELECT created_at FROM search_outbox")).scalars().all()
        assert [tuple(r) for r in rows] == [("organization", "1", None), ("organization", "3", None)]
        assert all(created)
        downgrade(revision="0021_inquiry_reports")
        db.engine.dispose()
