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


def test_bulk_publications_are_published_listed_and_found_by_the_finder(clean_app, client):
    import re

    from markupsafe import escape

    from core.search import SearchOutbox
    from core.units import Unit
    from demo.bulk import generate_publications
    from govportal.publishing.kinds import KINDS
    from govportal.publishing.models import Publication, PublicationVersion

    app = clean_app
    seen = []
    with app.test_request_context("/"):
        assert generate_publications(300, batch=120, progress=lambda done, total: seen.append(done)) == 300
    assert seen == [120, 240, 300]

    with app.app_context():
        items = db.session.scalars(select(Publication).order_by(Publication.id)).all()
        assert len(items) == 300 and {p.status for p in items} == {"published"}
        assert {p.kind for p in items} == set(KINDS) and all(p.version == 1 and p.published_at for p in items)
        assert not db.session.scalar(select(func.count()).select_from(PublicationVersion))  # lean: no version rows
        policies = [p for p in items if p.kind == "policy"]
        assert 0.3 < len(policies) / 300 < 0.5
        assert {p.validity for p in policies} >= {"in_force", "expired"}
        numbers = [p.doc_number for p in policies if p.doc_number]
        assert len(numbers) > len(policies) / 2 and len(set(numbers)) == len(numbers)
        assert all(re.fullmatch(r"\w+〔20\d\d〕\d+号", n) for n in numbers)
        assert {p.unit_id for p in items} == set(db.session.scalars(select(Unit.id)))  # every demo unit
        targeted = [p for p in items if p.industries]
        assert targeted and {p.kind for p in targeted} <= {"policy", "notice"}
        assert all(re.fullmatch(r",([a-z_]+,)+", p.industries) for p in targeted)
        assert all(p.title_zh and p.summary_zh and p.body_zh.startswith("<p>") for p in items)
        assert sum(p.title_en is not None for p in items) > 270  # bilingual but for some news
        waiting = select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None))
        assert db.session.scalar(waiting) == 0  # drained: the index holds them
        industry = targeted[0].targets("industries")[0]
        with_industry = [p for p in policies if industry in p.targets("industries")]
        unit = db.session.get(Unit, policies[0].unit_id).slug
        of_unit = [p for p in policies if p.unit_id == policies[0].unit_id]
        newest = max(policies, key=lambda p: (p.published_at, p.id))
        sample = [(p.id, p.kind, p.title_zh, p.title_en) for p in items[::25]]

    def total(path: str) -> int:
        response = client.get(path)
        assert response.status_code == 200, path
        return int(re.search(r"(\d+) items?", response.get_data(as_text=True)).group(1))

    listing = client.get("/en/gov/policies/").get_data(as_text=True)
    assert f"/en/gov/policies/{newest.id}/" in listing
    assert total("/en/gov/policies/") == len(policies)
    assert total(f"/en/gov/policies/?industry={industry}") == len(with_industry)
    assert total(f"/en/gov/policies/?unit={unit}") == len(of_unit)
    assert total("/en/gov/policies/?page=2") == len(policies)
    assert total(f"/en/gov/policies/?q={newest.doc_number or newest.title_zh}") >= 1
    assert f"/zh/gov/policies/{newest.id}/" in client.get(f"/zh/gov/policies/?q={newest.title_zh}").get_data(
        as_text=True
    )
    for item_id, kind, title_zh, title_en in sample:  # pages of items without version rows
        for lang, title in (("zh", title_zh), ("en", title_en or title_zh)):
            page = client.get(f"/{lang}/gov/{KINDS[kind].path}/{item_id}/")
            assert page.status_code == 200, (item_id, lang)
            text = page.get_data(as_text=True)
            assert str(escape(title)) in text and ("First published" in text or "首次发布" in text)
