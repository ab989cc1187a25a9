"""Bulk benchmark data: what demo.bulk adds is valid, public and served."""

from sqlalchemy import func, select

from core.extensions import db
from core.organizations import uscc
from core.organizations.models import Organization
from core.storage import get_storage
from core.text import slugify
from demo.bulk import generate_products
from marketplace.catalog.models import Category, Product, ProductImage
from marketplace.expo.models import Booth, Exhibition, ExhibitorProfile, Hall


def _hall(app):
    """One exhibition hall for machinery, so that some generated exhibitors get a booth."""
    from marketplace.catalog.tree import load_categories

    with app.app_context():
        load_categories()
        machinery = db.session.scalar(select(Category).where(Category.slug == "machinery"))
        expo = Exhibition(slug="online-expo", name_zh="网上博览会", name_en="Online Expo", is_permanent=True)
        db.session.add(expo)
        db.session.flush()
        hall = Hall(exhibition_id=expo.id, slug="machinery", name_zh="机械馆", category_id=machinery.id)
        db.session.add(hall)
        db.session.commit()
        return hall.id


def _check_database(expected_products: int) -> None:
    products = db.session.execute(
        select(Product.id, Product.slug, Product.title_zh, Product.title_en, Product.status, Product.category_id)
    ).all()
    assert len(products) == expected_products
    assert {p.status for p in products} == {"published"}
    for p in products:  # the precomputed slugs are exactly what the app's slugify gives
        assert p.slug == slugify(p.title_en or p.title_zh), p

    parents = set(db.session.scalars(select(Category.parent_id).where(Category.parent_id.is_not(None))))
    leaves = set(db.session.scalars(select(Category.id))) - parents
    assert {p.category_id for p in products} == leaves  # every leaf used, nothing else

    orgs = db.session.execute(select(Organization.uscc, Organization.status)).all()
    assert all(o.status == "verified" and uscc.is_valid(o.uscc) for o in orgs)
    assert len({o.uscc for o in orgs}) == len(orgs)
    slugs = list(db.session.scalars(select(ExhibitorProfile.slug)))
    assert len(slugs) == len(orgs) and len(set(slugs)) == len(slugs)

    per_product = db.session.execute(
        select(ProductImage.product_id, func.count()).group_by(ProductImage.product_id)
    ).all()
    assert len(per_product) == expected_products and {n for _id, n in per_product} == {1}
    storage = get_storage()
    pool = dict(db.session.execute(select(ProductImage.key, ProductImage.thumbs)).all())  # a few real files
    assert len(pool) <= 5
    for key, thumbs in pool.items():
        assert storage.exists(key) and thumbs and all(storage.exists(k) for k in thumbs.values())


def test_bulk_products_are_valid_public_and_a_second_run_adds_more(clean_app, client):
    app = clean_app
    hall_id = _hall(app)
    seen = []
    with app.test_request_context("/"):
        added = generate_products(2000, batch=700, image_pool=3, progress=lambda done, total: seen.append(done))
    assert added == 2000 and seen == [700, 1400, 2000]

    with app.app_context():
        _check_database(2000)
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 8  # one per ~250 products
        booths = db.session.execute(select(Booth.hall_id, Booth.status)).all()
        assert booths and {(b.hall_id, b.status) for b in booths} == {(hall_id, "approved")}
        sample = db.session.execute(select(Product.id, Product.slug, Product.title_zh).order_by(Product.id)).all()
        sample = sample[:: len(sample) // 5]
        profile_slug = db.session.scalar(select(ExhibitorProfile.slug))
        leaf_slug = db.session.scalar(
            select(Category.slug).join(Product, Product.category_id == Category.id).order_by(Product.id)
        )

    for product_id, slug, title_zh in sample:
        response = client.get(f"/zh/products/{product_id}-{slug}/")
        assert response.status_code == 200, (product_id, slug)
        assert title_zh in response.get_data(as_text=True)
    assert client.get(f"/zh/exhibitors/{profile_slug}/").status_code == 200
    assert client.get(f"/zh/categories/{leaf_slug}/").status_code == 200

    # Again, through the executemany path (the default on SQLite, COPY's alternative on PostgreSQL).
    with app.test_request_context("/"):
        assert generate_products(500, image_pool=2, method="insert") == 500
    with app.app_context():
        _check_database(2500)
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 10
        skus = db.session.scalars(select(Product.sku).order_by(Product.id.desc()).limit(1)).one()
        assert skus.split("-")[0] != db.session.scalar(select(Product.sku).order_by(Product.id)).split("-")[0]


def test_bulk_requests_are_published_bilingual_and_shown_on_the_public_pages(clean_app, client):
    from core.accounts.models import User
    from demo.bulk import generate_requests
    from i18n.regions import country_codes
    from marketplace.sourcing.models import BuyerRequest
    from marketplace.sourcing.services import today

    app = clean_app
    seen = []
    with app.test_request_context("/"):
        assert generate_requests(50, batch=20, progress=lambda done, total: seen.append(done)) == 50
    assert seen == [20, 40, 50]

    with app.app_context():
        requests = db.session.scalars(select(BuyerRequest).order_by(BuyerRequest.id)).all()
        assert len(requests) == 50
        assert {r.status for r in requests} == {"published"} and all(r.published_at for r in requests)
        assert {r.language for r in requests} == {"zh", "en"}
        assert all(r.country in country_codes() and r.quantity > 0 and r.category_id for r in requests)
        buyers = db.session.scalars(select(User)).all()
        assert len(buyers) == 3 and {b.account_type for b in buyers} == {"buyer"}  # one per ~20 requests
        assert {r.buyer_id for r in requests} == {b.id for b in buyers}
        open_ = [r for r in requests if r.closed_at is None and r.deadline >= today()]
        assert len(open_) > 30
        newest = max(open_, key=lambda r: (r.published_at, r.id))
        sample = [(r.id, r.title, r.language) for r in requests[::10]]

    for lang in ("zh", "en"):
        listing = client.get(f"/{lang}/rfq/").get_data(as_text=True)
        assert f"/{lang}/rfq/{newest.id}/" in listing and newest.title in listing
    for request_id, title, language in sample:
        page = client.get(f"/zh/rfq/{request_id}/")
        assert page.status_code == 200, request_id
        assert f'<h1 id="request-title" lang="{language}">{title}</h1>' in page.get_data(as_text=True)

    # Again, through the executemany path: new buyers, new addresses.
    with app.test_request_context("/"):
        assert generate_requests(30, method="insert") == 30
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BuyerRequest)) == 80
        emails = db.session.scalars(select(User.email)).all()
        assert len(emails) == 5 and len(set(emails)) == 5
