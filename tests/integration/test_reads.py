"""core.reads: the busiest pages' prebuilt SELECTs, run on the driver (PostgreSQL) or the session."""

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import bindparam, select, text

from core import reads
from marketplace.catalog.models import Product
from marketplace.public import reads as public_reads
from tests.data import PRODUCT

_STATEMENT = select(Product.id, Product.updated_at, Product.price_min, Product.specs, Product.title_en).where(
    Product.organization_id == bindparam("org"), Product.status == "draft"
)


def _products(app, make_exhibitor, n=2):
    owner = make_exhibitor()
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.services import clean_product, create_product

        clean, _errors = clean_product(PRODUCT)
        for number in range(n):
            create_product(owner.organization_id, dict(clean, sku=f"R{number}"))
        db.session.commit()
    return owner.organization_id


def test_rows_are_what_sqlalchemy_returns(app, make_exhibitor, categories):
    org_id = _products(app, make_exhibitor)
    with app.test_request_context():
        from core.extensions import db

        expected = [tuple(row) for row in db.session.execute(_STATEMENT, {"org": org_id})]
        found = [tuple(row) for row in reads.rows(_STATEMENT, {"org": org_id})]
        assert sorted(found) == sorted(expected) and len(found) == 2
        _id, updated_at, price, specs, title = found[0]
        assert isinstance(updated_at, datetime) and updated_at.tzinfo is not None  # UTCDateTime's processor
        assert price == Decimal("12.5") and specs[0] == {"name": "Material", "value": "304"}
        assert title == "Stainless steel gate valve"
        assert reads.first(_STATEMENT, {"org": org_id + 1000}) is None


def test_product_page_read_model_matches_the_model(app, make_exhibitor, categories):
    org_id = _products(app, make_exhibitor, n=1)
    with app.test_request_context():
        from core.extensions import db

        product = db.session.scalar(select(Product).where(Product.organization_id == org_id))
        detail = public_reads.product_detail(product.id)
        for field in public_reads.DETAIL_FIELDS:
            if field != "specs":
                assert getattr(detail, field) == getattr(product, field), field
        assert [{"name": spec.name, "value": spec.value} for spec in detail.specs] == product.specs
        hash(detail)  # pages are kept under their read models (core.templating.render_shared)
        assert detail.supplier.name_en == product.organization.name_en
        assert detail.is_public is False  # a draft
        assert [card.id for card in public_reads.product_cards([product.id, product.id + 999])] == []


def test_a_statement_needs_its_parameters(app, clean_app):
    with app.test_request_context(), pytest.raises(Exception):  # noqa: B017 - KeyError or StatementError
        reads.rows(_STATEMENT, {})


def test_in_lists_are_refused_on_postgresql(app, clean_app):
    with app.test_request_context():
        from core.extensions import db

        statement = select(Product.id).where(Product.id.in_(bindparam("ids", expanding=True)))
        if db.engine.dialect.name != "postgresql":
            assert reads.rows(statement, {"ids": [1, 2]}) == []  # the session runs it elsewhere
            return
        with pytest.raises(ValueError, match="ANY"):
            reads.rows(statement, {"ids": [1, 2]})


@pytest.mark.postgres  # the driver path is PostgreSQL's; other databases read through the session
def test_a_broken_connection_fails_one_read_and_the_next_one_reconnects(app, make_exhibitor, categories):
    org_id = _products(app, make_exhibitor, n=1)
    with app.test_request_context():
        from core.extensions import db

        pid_statement = select(text("pg_backend_pid()"))
        backend = reads.first(pid_statement)[0]
        with db.engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        import psycopg

        with pytest.raises(psycopg.OperationalError):
            reads.rows(_STATEMENT, {"org": org_id})  # the pool's idle connection was the killed one
        assert len(reads.rows(_STATEMENT, {"org": org_id})) == 1
        assert reads.first(pid_statement)[0] != backend


def test_a_booth_reads_its_first_page_of_products_with_itself(app, make_org, make_booth, make_product):
    """public.reads.booth: on PostgreSQL the first page comes in the booth's own row; it must be
    the page product_listing gives, on each database."""
    org = make_org()
    slug = make_booth(org=org).slug
    for number in range(30):
        make_product(org.id, title_en=f"Valve {number:02d}")
    make_product(org.id, status="draft", title_en="Draft valve")
    with app.test_request_context("/en/"):
        booth, first = public_reads.booth(slug)
        listed = public_reads.product_listing(organization_id=org.id, total=30, per_page=24, number=1)
        assert booth.organization_id == org.id and first.total == 30
        assert first.items == listed.items and len(first.items) == 24 and first.more
        _booth, second = public_reads.booth(slug, 2)
        assert len(second.items) == 6 and not second.more and second.page == 2
        assert not {pid for pid, _version in first.items} & {pid for pid, _version in second.items}
        empty = make_booth().slug
        _booth, nothing = public_reads.booth(empty)
        assert nothing.items == [] and nothing.total == 0 and not nothing.more
