"""Exhibitions, applications, booth pages, public visibility rules and SEO of the expo."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.db import utcnow
from tests.conftest import login, post_with_token


@pytest.fixture()
def expo(clean_app):
    """Categories, one year-round exhibition with two halls (machinery by its category), one
    upcoming fair with a hall and one closed fair."""
    from core.extensions import db
    from marketplace.catalog.models import Category
    from marketplace.catalog.tree import load_categories
    from marketplace.expo.models import Exhibition, Hall

    with clean_app.app_context():
        load_categories()
        machinery = db.session.scalar(select(Category.id).where(Category.slug == "machinery"))
        year_round = Exhibition(slug="online-expo", name_zh="网上博览会", name_en="Online Expo", is_permanent=True)
        upcoming = Exhibition(
            slug="spring",
            name_zh="春季展",
            name_en="Spring Fair",
            starts_at=utcnow() + timedelta(days=30),
            ends_at=utcnow() + timedelta(days=40),
        )
        closed = Exhibition(
            slug="old",
            name_zh="往届展",
            name_en="Past Fair",
            starts_at=utcnow() - timedelta(days=40),
            ends_at=utcnow() - timedelta(days=30),
        )
        db.session.add_all([year_round, upcoming, closed])
        db.session.flush()
        db.session.add_all(
            [
                Hall(
                    exhibition_id=year_round.id,
                    slug="machinery",
                    name_zh="机械馆",
                    name_en="Machinery",
                    category_id=machinery,
                ),
                Hall(exhibition_id=year_round.id, slug="textiles", name_zh="纺织馆", name_en="Textiles"),
                Hall(exhibition_id=upcoming.id, slug="valves", name_zh="阀门馆", name_en="Valves"),
            ]
        )
        db.session.commit()
        return {"year_round": year_round.id, "upcoming": upcoming.id, "closed": closed.id}


def test_exhibition_states_follow_the_dates(client, expo):
    page = client.get("/en/expo/").get_data(as_text=True)
    assert page.count("Open all year") == 1
    assert "Upcoming" in page and "Closed" in page
    assert client.get("/en/expo/online-expo/machinery/").status_code == 200
    assert client.get("/en/expo/online-expo/no-hall/").status_code == 404
    assert client.get("/en/expo/no-such-fair/").status_code == 404


def test_exhibitor_applies_staff_assign_a_hall_and_the_booth_appears(
    client, app, expo, make_exhibitor, make_user, mailbox
):
    owner = make_exhibitor(email="owner@example.cn", lang="en")
    login(client, owner.email)
    response = post_with_token(
        client,
        "/en/account/booth/exhibitions",
        {"exhibition_id": expo["upcoming"], "message": "We make valves"},
        token_page="/en/account/booth/exhibitions",
        follow_redirects=True,
    )
    assert "Your application is sent" in response.get_data(as_text=True)
    closed = post_with_token(
        client,
        "/en/account/booth/exhibitions",
        {"exhibition_id": expo["closed"]},
        token_page="/en/account/booth/exhibitions",
        follow_redirects=True,
    )
    assert "This exhibition has closed." in closed.get_data(as_text=True)

    mod = make_user(account_type="staff", roles=["moderator"])
    staff = app.test_client()
    login(staff, mod.email)
    queue = staff.get("/en/staff/expo/applications/").get_data(as_text=True)
    assert "We make valves" in queue
    with app.app_context():
        from core.extensions import db
        from marketplace.expo.models import Booth, Hall

        booth_id = db.session.scalar(select(Booth.id))
        hall_id = db.session.scalar(select(Hall.id).where(Hall.slug == "valves"))
    no_hall = post_with_token(
        staff,
        f"/en/staff/expo/applications/{booth_id}/decide",
        {"decision": "approved"},
        token_page="/en/staff/expo/applications/",
        follow_redirects=True,
    )
    assert "Choose a hall of this exhibition." in no_hall.get_data(as_text=True)
    post_with_token(
        staff,
        f"/en/staff/expo/applications/{booth_id}/decide",
        {"decision": "approved", "hall_id": hall_id},
        token_page="/en/staff/expo/applications/",
    )
    mail = mailbox.last_to("owner@example.cn")
    assert "approved" in mail["Subject"]
    hall_page = client.get("/en/expo/spring/valves/").get_data(as_text=True)
    assert "Test Trading Co., Ltd." in hall_page
    with app.app_context():
        from core.extensions import db
        from marketplace.expo.models import ExhibitorProfile

        slug = db.session.scalar(select(ExhibitorProfile.slug))
    booth = client.get(f"/zh/exhibitors/{slug}/").get_data(as_text=True)
    assert "测试贸易有限公司" in booth and '"@type": "Organization"' in booth and "阀门馆" in booth


def test_unverified_organizations_cannot_apply_and_have_no_public_booth(client, app, expo, make_exhibitor, make_org):
    owner = make_exhibitor(org=make_org(status="pending"))
    login(client, owner.email)
    response = post_with_token(
        client,
        "/en/account/booth/exhibitions",
        {"exhibition_id": expo["upcoming"]},
        token_page="/en/account/booth/exhibitions",
        follow_redirects=True,
    )
    assert "must be verified by the bureau" in response.get_data(as_text=True)
    with app.app_context():
        from core.extensions import db
        from core.organizations.models import Organization
        from marketplace.expo.services import ensure_profile

        profile = ensure_profile(db.session.get(Organization, owner.organization_id))
        db.session.commit()
        slug = profile.slug
    assert client.get(f"/en/exhibitors/{slug}/").status_code == 404


def test_a_changed_booth_address_answers_301(client, app, expo, make_org):
    org = make_org()
    with app.app_context():
        from core.extensions import db
        from core.organizations.models import Organization
        from marketplace.expo.services import change_slug, ensure_profile

        profile = ensure_profile(db.session.get(Organization, org.id))
        old = profile.slug
        change_slug(profile, "huayu-valves")
        db.session.commit()
    moved = client.get(f"/en/exhibitors/{old}/")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/en/exhibitors/huayu-valves/")
    assert client.get("/en/exhibitors/huayu-valves/").status_code == 200


@pytest.mark.parametrize(("status", "code"), [("draft", 404), ("submitted", 404), ("returned", 404), ("archived", 410)])
def test_products_that_are_not_published_are_on_no_page_and_in_no_sitemap(client, app, expo, make_org, status, code):
    org = make_org()
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.models import Category, Product

        category = db.session.scalar(select(Category).where(Category.slug == "industrial-valves"))
        product = Product(
            organization_id=org.id, category_id=category.id, title_en="Hidden valve", slug="hidden-valve", status=status
        )
        db.session.add(product)
        db.session.commit()
        product_id = product.id
    assert client.get(f"/en/products/{product_id}-hidden-valve/").status_code == code
    assert "Hidden valve" not in client.get("/en/categories/industrial-valves/").get_data(as_text=True)
    assert "hidden-valve" not in client.get("/sitemaps/products-en-1.xml").get_data(as_text=True)


def test_products_of_unverified_organizations_are_not_public(client, app, expo, make_org):
    org = make_org(status="pending")
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.models import Product

        product = Product(
            organization_id=org.id, title_en="Pending org valve", slug="pending-org-valve", status="published"
        )
        db.session.add(product)
        db.session.commit()
        product_id = product.id
    assert client.get(f"/en/products/{product_id}-pending-org-valve/").status_code == 404
    assert "pending-org-valve" not in client.get("/sitemaps/products-en-1.xml").get_data(as_text=True)


def test_sitemap_splits_at_the_protocol_limit(client, app, expo, monkeypatch):
    from core import pages

    monkeypatch.setattr(pages, "SITEMAP_LIMIT", 10)
    index = client.get("/sitemap.xml").get_data(as_text=True)
    # 79 categories → 8 files of 10 per language
    assert "/sitemaps/categories-zh-8.xml" in index and "/sitemaps/categories-zh-9.xml" not in index
    last = client.get("/sitemaps/categories-en-8.xml").get_data(as_text=True)
    assert last.count("<url>") == 9
    assert client.get("/sitemaps/categories-en-9.xml").status_code == 404


def test_directory_filters(client, app, expo, make_org):
    alpha = make_org(name_en="Alpha Valves", district="330203")
    beta = make_org(name_en="Beta Cotton", district="330282")
    with app.app_context():
        from core.extensions import db
        from core.organizations.models import Organization
        from marketplace.catalog.models import Category
        from marketplace.expo.services import ensure_profile

        machinery = db.session.scalar(select(Category.id).where(Category.slug == "machinery"))
        textiles = db.session.scalar(select(Category.id).where(Category.slug == "textiles-garments"))
        a = ensure_profile(db.session.get(Organization, alpha.id))
        a.main_category_id = machinery
        b = ensure_profile(db.session.get(Organization, beta.id))
        b.main_category_id = textiles
        db.session.commit()
    page = client.get("/en/exhibitors/?category=machinery").get_data(as_text=True)
    assert "Alpha Valves" in page and "Beta Cotton" not in page
    page = client.get("/en/exhibitors/?district=330282").get_data(as_text=True)
    assert "Beta Cotton" in page and "Alpha Valves" not in page
    page = client.get("/en/exhibitors/?district=999999&category=<script>").get_data(as_text=True)
    assert "Alpha Valves" in page and "<script>" not in page


def _booth_slug(app, org_id: int) -> str:
    from core.extensions import db
    from core.organizations.models import Organization
    from marketplace.expo.services import ensure_profile

    with app.app_context():
        slug = ensure_profile(db.session.get(Organization, org_id)).slug
        db.session.commit()
    return slug


def test_category_and_booth_pages_show_exact_totals(client, app, expo, make_org, publish_valves):
    org = make_org()
    publish_valves(org.id, 5)
    page = client.get("/en/categories/industrial-valves/").get_data(as_text=True)
    assert "5 products" in page  # from the per-process category counts, not a capped count
    assert page.count('class="card product-card"') == 5
    booth = client.get(f"/en/exhibitors/{_booth_slug(app, org.id)}/").get_data(as_text=True)
    assert "(5)" in booth and booth.count('class="card product-card"') == 5
    publish_valves(org.id, 2, prefix="Late")
    assert "7 products" in client.get("/en/categories/industrial-valves/").get_data(as_text=True)


def test_featured_exhibitors_come_from_the_highest_tiers(client, app, expo, make_org):
    orgs = [make_org(name_en=f"Org {n}") for n in range(3)]
    with app.app_context():
        from core.extensions import db
        from core.organizations.models import Organization
        from marketplace.expo.services import ensure_profile

        for org, tier in zip(orgs, ["free", "premium", "gold"], strict=True):
            ensure_profile(db.session.get(Organization, org.id)).tier_code = tier
        db.session.commit()
        from marketplace.public import reads

        featured = reads.featured_exhibitors(2)
        assert [card.tier.code for card in featured] == ["premium", "gold"]


def test_listings_page_forward(client, app, expo, make_org, publish_valves):
    org = make_org()
    publish_valves(org.id, 60)
    page2 = client.get("/en/categories/industrial-valves/?page=2").get_data(as_text=True)
    assert "60 products" in page2 and "Page 2 of 3" in page2 and 'rel="next"' in page2
    page3 = client.get("/en/categories/industrial-valves/?page=3").get_data(as_text=True)
    assert page3.count('class="card product-card"') == 12 and 'rel="next"' not in page3
    slug = _booth_slug(app, org.id)
    booth2 = client.get(f"/en/exhibitors/{slug}/?page=2").get_data(as_text=True)
    assert "(60)" in booth2 and "Page 2 of 3" in booth2 and 'rel="next"' in booth2
    booth3 = client.get(f"/en/exhibitors/{slug}/?page=3").get_data(as_text=True)
    assert booth3.count('class="card product-card"') == 12 and 'rel="next"' not in booth3
    pages = [client.get("/en/categories/industrial-valves/").get_data(as_text=True), page2, page3]
    assert all(sum(f"Valve {n:02d}<" in p for p in pages) == 1 for n in range(60))  # each on one page


def test_an_edited_product_shows_its_new_card(client, app, expo, make_org):
    org = make_org()
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.models import Category, Product

        category = db.session.scalar(select(Category).where(Category.slug == "industrial-valves"))
        product = Product(
            organization_id=org.id,
            category_id=category.id,
            title_en="Old title",
            slug="old",
            status="published",
            published_at=utcnow(),
        )
        db.session.add(product)
        db.session.commit()
        product_id = product.id
    assert "Old title" in client.get("/en/categories/industrial-valves/").get_data(as_text=True)
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.models import Product

        db.session.get(Product, product_id).title_en = "New title"
        db.session.commit()
    page = client.get("/en/categories/industrial-valves/").get_data(as_text=True)
    assert "New title" in page and "Old title" not in page


def test_expo_home_shows_featured_booths_and_new_products(client, app, expo, make_org):
    org = make_org(name_en="Premium Valves")
    with app.app_context():
        from core.extensions import db
        from core.organizations.models import Organization
        from marketplace.catalog.models import Category, Product
        from marketplace.expo.services import ensure_profile

        ensure_profile(db.session.get(Organization, org.id)).tier_code = "premium"
        category = db.session.scalar(select(Category).where(Category.slug == "industrial-valves"))
        db.session.add(
            Product(
                organization_id=org.id,
                category_id=category.id,
                title_en="Newest valve",
                slug="newest-valve",
                status="published",
                published_at=utcnow(),
            )
        )
        db.session.commit()
    page = client.get("/en/expo/").get_data(as_text=True)
    assert "Featured exhibitors" in page and "Premium Valves" in page
    assert "New products" in page and "Newest valve" in page


@pytest.fixture()
def publish_valves(make_product):
    """``publish_valves(org_id, count, prefix="Valve")``: published products in industrial-valves."""

    def publish(org_id: int, count: int, prefix: str = "Valve") -> None:
        for n in range(count):
            make_product(org_id, title_en=f"{prefix} {n:02d}")

    return publish


def test_a_product_card_shows_what_its_product_and_supplier_say(client, app, expo, make_org, publish_valves):
    """Cards come from one read model (public.reads.product_cards) in every listing."""
    from decimal import Decimal

    from core.extensions import db
    from marketplace.catalog.models import Product, ProductImage

    publish_valves(make_org(name_en="Card & Co", name_zh="卡片公司").id, 3)
    with app.app_context():
        first = db.session.scalar(select(Product).order_by(Product.id))
        first.price_min, first.price_max, first.currency, first.moq, first.moq_unit = (
            Decimal("1.5"), Decimal("2.25"), "USD", 500, "pcs",
        )  # fmt: skip
        db.session.add(ProductImage(product_id=first.id, key="a/b.jpg", thumbs={"160": "a/b-160.jpg"}, alt_en="<b>"))
        db.session.commit()
        title = first.title_en
    page = client.get("/en/categories/industrial-valves/").get_data(as_text=True)
    card = page[page.index(title) - 900 : page.index(title) + 600]
    card = card[card.rindex('<li class="card product-card">') :]
    card = card[: card.index("</li>")]
    assert "$1.50 – $2.25" in card and "MOQ 500 pcs" in card and "Card &amp; Co" in card
    assert 'src="/media/a/b.jpg"' in card and 'alt="&lt;b&gt;"' in card and "/media/a/b-160.jpg 160w" in card
    assert page.count('class="card product-card"') == 3
    zh = client.get("/zh/categories/industrial-valves/").get_data(as_text=True)
    assert "卡片公司" in zh and "Card &amp; Co" not in zh


def test_product_page_shows_its_own_images_in_gallery_order(client, app, expo, make_org, publish_valves):
    from core.extensions import db
    from marketplace.catalog.models import Product, ProductImage

    publish_valves(make_org().id, 2)
    with app.app_context():
        one, two = db.session.scalars(select(Product).order_by(Product.id)).all()
        db.session.add_all(
            [
                ProductImage(product_id=one.id, key="one/second.jpg", position=1),
                ProductImage(product_id=one.id, key="one/first.jpg", position=0),
                ProductImage(product_id=two.id, key="two/only.jpg", position=0),
            ]
        )
        db.session.commit()
        one_url, two_url = f"/en/products/{one.id}-{one.slug}/", f"/en/products/{two.id}-{two.slug}/"
    page = client.get(one_url).get_data(as_text=True)
    assert page.index("one/first.jpg") < page.index("one/second.jpg") and "two/only.jpg" not in page
    page = client.get(two_url).get_data(as_text=True)
    assert "two/only.jpg" in page and "one/" not in page


@pytest.mark.parametrize("root", ["", "/tradewindow"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_prebuilt_paths_are_what_url_for_builds(app, lang, root):
    from flask import url_for

    from core.templating import fixed_url, static_url
    from marketplace.public import urls as seo

    with app.test_request_context(f"/{lang}/", base_url=f"http://localhost{root}"):
        app.preprocess_request()  # the language comes from the URL, as on a page
        for product_id, slug in [(1, "x"), (987654, "stainless-gate-valve-dn50"), (5, "a b"), (6, "阀门"), (7, "-x")]:
            assert seo.product_path(product_id, slug) == url_for("catalog.product", product_id=product_id, slug=slug)
        for slug in ["ningbo-huayu-machinery", "q", "UPPER", "with space"]:
            assert seo.booth_path(slug) == url_for("expo.booth", slug=slug)
        assert seo.product_path(3, "ok").startswith(f"{root}/{lang}/products/")
        assert static_url("css/site.css") == url_for("static", filename="css/site.css")
        for slug in ["industrial-valves", "a b", "阀门"]:
            assert seo.category_path(slug) == url_for("catalog.category", slug=slug)
            assert seo.exhibition_path(slug) == url_for("expo.exhibition", exhibition=slug)
            assert seo.exhibition_path("online-expo", slug) == url_for("expo.hall", exhibition="online-expo", hall=slug)
            assert seo.exhibition_path(slug, "machinery") == url_for("expo.hall", exhibition=slug, hall="machinery")
        for endpoint in ["catalog.categories", "expo.index", "expo.directory", "core.search", "govportal.index"]:
            assert fixed_url(endpoint) == url_for(endpoint)


def test_a_renamed_organization_shows_its_new_name_on_every_card_at_once(client, app, expo, make_org, publish_valves):
    """Another process renames the supplier (a plain UPDATE here: no event reaches this process's
    caches); the cards already rendered here must not show the old name."""
    from sqlalchemy import text

    from core.extensions import db

    org = make_org(name_en="Old Name Valves")
    publish_valves(org.id, 2)
    slug = _booth_slug(app, org.id)
    with app.app_context():
        from marketplace.expo.models import ExhibitorProfile

        db.session.get(ExhibitorProfile, org.id).tier_code = "gold"
        db.session.commit()
    pages = ["/en/categories/industrial-valves/", f"/en/exhibitors/{slug}/", "/en/", "/en/expo/", "/en/exhibitors/"]
    for url in pages:
        assert "Old Name Valves" in client.get(url).get_data(as_text=True), url
    with app.app_context():
        db.session.execute(
            text("UPDATE organizations SET name_en = 'New Name Valves', updated_at = :now WHERE id = :id"),
            {"now": utcnow(), "id": org.id},
        )
        db.session.commit()
    for url in pages:
        page = client.get(url).get_data(as_text=True)
        assert "Old Name Valves" not in page and "New Name Valves" in page, url


def test_cards_escape_every_value(client, app, expo, make_org, make_product, make_booth):
    """Cards are built in Python (public.cards), not by an autoescaping template: nothing stored
    reaches the page unescaped, in a product card or an exhibitor card."""
    hostile = '"><script>alert(1)</script>'
    org = make_org(name_en=f"Org {hostile}", district="330203")
    make_booth(org=org, main_products_en=f"Valves {hostile}", tier_code="gold")
    make_product(org.id, title_en=f"Valve {hostile}", moq=5, moq_unit='"><i>u', price_min=1)
    for url in ("/en/categories/industrial-valves/", "/en/exhibitors/", "/en/"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
    category = client.get("/en/categories/industrial-valves/").get_data(as_text=True)
    assert "<i>u" not in category and "&lt;i&gt;u" in category


def test_signed_out_visitors_share_one_rendering_of_a_page_until_what_it_shows_changes(
    client, app, expo, make_org, make_product, publish_valves
):
    """core.templating.render_shared: the second visit renders no template; a new product shows
    at once on every page that lists it (the rendering is kept under what the page shows)."""
    from flask import template_rendered

    org = make_org(name_en="Shared Valves")
    product = make_product(org.id, title_en="Shared valve")
    publish_valves(org.id, 2)
    slug = _booth_slug(app, org.id)
    urls = [
        f"/en/exhibitors/{slug}/",
        f"/zh/exhibitors/{slug}/",
        "/en/categories/industrial-valves/",
        f"/en/products/{product.id}-{product.slug}/",
        "/en/",
    ]
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        first = [client.get(url).get_data(as_text=True) for url in urls]
        assert rendered and 'lang="zh-Hans"' in first[1] and 'lang="en"' in first[0]
        rendered.clear()
        again = [client.get(url).get_data(as_text=True) for url in urls]
        assert again == first and rendered == []
        publish_valves(org.id, 1, prefix="Fresh")
        for url in (urls[0], urls[2], urls[4]):
            assert "Fresh 00" in client.get(url).get_data(as_text=True), url
    finally:
        template_rendered.disconnect(record, app)


def test_signed_in_users_and_waiting_messages_get_a_rendering_of_their_own(
    client, app, expo, make_exhibitor, publish_valves
):
    owner = make_exhibitor(full_name="Wang Owner")
    publish_valves(owner.organization_id, 2)
    url = f"/en/exhibitors/{_booth_slug(app, owner.organization_id)}/"
    assert "Wang Owner" not in client.get(url).get_data(as_text=True)  # kept for signed-out visitors
    visitor = app.test_client()
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "Your inquiry was sent")]
    assert "Your inquiry was sent" in visitor.get(url).get_data(as_text=True)
    assert "Your inquiry was sent" not in visitor.get(url).get_data(as_text=True)
    login(client, owner.email)
    signed_in = client.get(url).get_data(as_text=True)
    assert "Wang Owner" in signed_in and "Sign out" in signed_in
    for page in (visitor.get(url).get_data(as_text=True), app.test_client().get(url).get_data(as_text=True)):
        assert "Wang Owner" not in page and "Sign out" not in page and "Your inquiry was sent" not in page


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("<p>{{ shown }}</p>", True),
        ('<form method="post"><input name="csrf_token" value="{{ csrf_token() }}"></form>', False),
        ('<script nonce="{{ csp_nonce() }}" src="/static/x.js"></script>', False),
    ],
)
def test_a_rendering_holding_a_csrf_token_or_the_nonce_is_never_shared(app, source, kept):
    from jinja2 import ChoiceLoader, DictLoader

    from core.templating import PAGES, render_shared

    name = f"shared-{abs(hash(source))}.html"  # one name per source: Jinja keeps templates by name
    loader = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader({name: source}), loader])
    try:
        with app.test_request_context("/en/somewhere/"):
            app.preprocess_request()
            before = len(PAGES)
            html = render_shared(name, ("content",), lambda: {"shown": "visible"})
            assert html.startswith("<")
            assert len(PAGES) == before + kept
    finally:
        app.jinja_env.loader = loader


def test_a_page_one_worker_rendered_is_served_by_the_next(app, expo, make_org, publish_valves, tmp_path):
    """Two apps over one instance folder stand for two gunicorn workers: the second serves the
    booth page the first rendered (core.cache.SharedStore), until the booth's products change."""
    from flask import template_rendered

    from core.templating import PAGES
    from tests.conftest import make_other_app

    org = make_org()
    publish_valves(org.id, 3)
    url = f"/en/exhibitors/{_booth_slug(app, org.id)}/"
    first, second = (make_other_app(app, SHARED_CACHE_MB=8, INSTANCE_PATH=tmp_path) for _ in range(2))
    rendered = []

    def record(sender, template, context, **extra):
        if template.name == "expo/booth.html":
            rendered.append(sender)

    template_rendered.connect(record)
    try:
        page = first.test_client().get(url).get_data(as_text=True)
        assert rendered == [first] and "Valve 02" in page
        PAGES.clear()  # this process's copies: the second app now stands for another process
        assert second.test_client().get(url).get_data(as_text=True) == page and rendered == [first]
        publish_valves(org.id, 1, prefix="Fresh")
        PAGES.clear()
        assert "Fresh 00" in second.test_client().get(url).get_data(as_text=True) and rendered == [first, second]
    finally:
        template_rendered.disconnect(record)
    assert any((tmp_path / "cache").iterdir())


def test_pages_render_afresh_while_templates_reload(app):
    """flask run --debug: a developer's template edit shows on the next request."""
    from jinja2 import ChoiceLoader, DictLoader

    from core.templating import PAGES, render_shared

    loader = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader({"reloading.html": "<p>{{ shown }}</p>"}), loader])
    app.jinja_env.auto_reload = True
    try:
        with app.test_request_context("/en/somewhere/"):
            app.preprocess_request()
            before = len(PAGES)
            assert render_shared("reloading.html", ("content",), lambda: {"shown": "x"}) == "<p>x</p>"
            assert len(PAGES) == before
    finally:
        app.jinja_env.auto_reload = False
        app.jinja_env.loader = loader


def test_a_verified_exporter_has_its_booth_in_the_year_round_expo_at_once(
    client, app, expo, make_exhibitor, make_org, moderator
):
    org = make_org(status="pending", contact_email="sales@test-trading.cn", contact_phone="0574-8888 6666")
    owner = make_exhibitor(org=org)
    login(client, owner.email)
    waiting = client.get("/en/account/booth/exhibitions").get_data(as_text=True)
    assert "as soon as the bureau has verified your organization" in waiting

    post_with_token(
        moderator, f"/en/staff/organizations/{org.id}/decide", {"decision": "verified"},
        token_page="/en/staff/organizations/",
    )  # fmt: skip

    page = client.get("/en/account/booth/exhibitions").get_data(as_text=True)
    assert "Your booth is open in the year-round expo" in page and "Apply for a booth" in page  # the timed fair
    with app.app_context():
        from core.extensions import db
        from marketplace.expo.models import Booth, ExhibitorProfile

        slug = db.session.get(ExhibitorProfile, org.id).slug
        booth = db.session.scalar(select(Booth).where(Booth.organization_id == org.id))
        assert booth.exhibition_id == expo["year_round"] and booth.status == "approved"
    assert f"/en/exhibitors/{slug}/" in page
    for lang, name in (("en", "Test Trading Co., Ltd."), ("zh", "测试贸易有限公司")):
        public = client.get(f"/{lang}/exhibitors/{slug}/")
        assert public.status_code == 200 and name in public.get_data(as_text=True)
        assert name in client.get(f"/{lang}/exhibitors/").get_data(as_text=True)

    # The booth form starts with what the sign-up gave; the main category places it in a hall.
    form = client.get("/en/account/booth/").get_data(as_text=True)
    assert 'value="sales@test-trading.cn"' in form and 'value="0574-8888 6666"' in form
    assert "Test Trading" not in client.get("/en/expo/online-expo/machinery/").get_data(as_text=True)
    with app.app_context():
        from marketplace.catalog.models import Category

        machinery = db.session.scalar(select(Category.id).where(Category.slug == "machinery"))
    post_with_token(client, "/en/account/booth/", {"main_category": str(machinery)}, token_page="/en/account/booth/")
    assert "Test Trading" in client.get("/en/expo/online-expo/machinery/").get_data(as_text=True)
    refused = post_with_token(
        client, "/en/account/booth/", {"main_category": "999999"}, token_page="/en/account/booth/"
    )
    assert "Choose a category from the list." in refused.get_data(as_text=True)

    # Applying to the year-round expo has nothing to apply for.
    again = post_with_token(
        client, "/en/account/booth/exhibitions", {"exhibition_id": expo["year_round"]},
        token_page="/en/account/booth/exhibitions", follow_redirects=True,
    )  # fmt: skip
    assert "there is nothing to apply for" in again.get_data(as_text=True)
