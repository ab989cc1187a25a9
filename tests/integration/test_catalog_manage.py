"""An exhibitor builds a catalog by hand; staff review it; buyers see only what was approved."""

import html
import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.catalog.models import Product
from tests.conftest import csrf_from, login, post_with_token, submit
from tests.data import PRODUCT, png


def _product(app, **where):
    with app.app_context():
        from core.extensions import db

        return db.session.scalar(select(Product).filter_by(**where))


def _add_image(client, product_id, lang="en"):
    edit_page = client.get(f"/{lang}/account/catalog/{product_id}/edit").get_data(as_text=True)
    return client.post(
        f"/{lang}/account/catalog/{product_id}/images",
        data={
            "csrf_token": csrf_from(edit_page),
            "image": (io.BytesIO(png()), "valve.png"),
            "alt_zh": "闸阀正面",
            "alt_en": "Gate valve, front",
        },
        content_type="multipart/form-data",
    )


def test_exhibitor_adds_a_product_with_an_image_staff_approve_and_buyers_see_it(
    client, app, make_exhibitor, make_user, categories, mailbox
):
    owner = make_exhibitor(email="owner@example.cn", lang="zh")
    login(client, owner.email)
    response = submit(client, "/zh/account/catalog/new", PRODUCT)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    product = _product(app, sku="GV-100")
    assert product.status == "draft"
    assert product.hs_code == "848180"
    assert "<script>" not in product.description_zh and "阀门" in product.description_zh
    assert product.specs == [{"name": "Material", "value": "304"}, {"name": "Size", "value": "DN50"}]

    assert _add_image(client, product.id, "zh").status_code == 302
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.models import ProductImage

        image = db.session.scalar(select(ProductImage))
        assert image.thumbs and set(image.thumbs) == {"160", "480", "960"}  # the thumbnail job ran

    # Not public before review.
    assert client.get(f"/en/products/{product.id}-{product.slug}/").status_code == 404
    post_with_token(
        client, f"/zh/account/catalog/{product.id}/submit", token_page=f"/zh/account/catalog/{product.id}/edit"
    )
    assert _product(app, sku="GV-100").status == "submitted"

    moderator = make_user(email="mod@example.gov.cn", account_type="staff", roles=["moderator"])
    staff = app.test_client()
    login(staff, moderator.email)
    queue = staff.get("/en/staff/expo/products/").get_data(as_text=True)
    assert "Stainless steel gate valve" in queue
    post_with_token(
        staff,
        f"/en/staff/expo/products/{product.id}/decide",
        {"decision": "approve"},
        token_page="/en/staff/expo/products/",
    )
    approved = _product(app, sku="GV-100")
    assert approved.status == "published" and approved.reviewed_by_id == moderator.id
    assert mailbox.last_to("owner@example.cn")["Subject"].startswith("已通过")

    buyer = app.test_client()
    for lang, title in (("zh", "不锈钢闸阀"), ("en", "Stainless steel gate valve")):
        page = buyer.get(f"/{lang}/products/{product.id}-{approved.slug}/")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert title in html and '"@type": "Product"' in html and "AggregateOffer" in html
        assert 'srcset="' in html and 'loading="lazy"' not in html.split("product-main-image")[0][-50:]
    # A wrong slug answers 301 to the canonical one.
    moved = buyer.get(f"/en/products/{product.id}-old-name/")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(
        f"/en/products/{product.id}-{approved.slug}/"
    )
    sitemap = buyer.get("/sitemaps/products-en-1.xml").get_data(as_text=True)
    assert f"/en/products/{product.id}-{approved.slug}/" in sitemap


def test_editing_a_published_product_keeps_the_public_version_until_approved(
    client, app, make_exhibitor, make_user, categories
):
    owner = make_exhibitor()
    login(client, owner.email)
    submit(client, "/en/account/catalog/new", PRODUCT)
    product = _product(app, sku="GV-100")
    with app.app_context():
        from core.extensions import db

        db.session.get(Product, product.id).status = "published"
        db.session.commit()
    changed = dict(PRODUCT, title_en="Gate valve, new model")
    response = submit(client, f"/en/account/catalog/{product.id}/edit", changed)
    assert response.status_code == 302
    public = client.get(f"/en/products/{product.id}-{product.slug}/").get_data(as_text=True)
    assert "Stainless steel gate valve" in public and "new model" not in public
    assert _product(app, id=product.id).pending_revision["title_en"] == "Gate valve, new model"

    mod = make_user(account_type="staff", roles=["moderator"])
    staff = app.test_client()
    login(staff, mod.email)
    post_with_token(
        staff,
        f"/en/staff/expo/products/{product.id}/decide",
        {"decision": "approve"},
        token_page="/en/staff/expo/products/",
    )
    updated = _product(app, id=product.id)
    assert updated.title_en == "Gate valve, new model" and updated.pending_revision is None
    assert client.get(f"/en/products/{product.id}-{updated.slug}/").status_code == 200


def test_rejection_needs_a_reason_and_the_exhibitor_sees_it(client, app, make_exhibitor, make_user, categories):
    owner = make_exhibitor()
    login(client, owner.email)
    submit(client, "/en/account/catalog/new", PRODUCT)
    product = _product(app, sku="GV-100")
    _add_image(client, product.id)
    post_with_token(client, f"/en/account/catalog/{product.id}/submit", token_page="/en/account/catalog/")
    mod = make_user(account_type="staff", roles=["moderator"])
    staff = app.test_client()
    login(staff, mod.email)
    page = post_with_token(
        staff,
        f"/en/staff/expo/products/{product.id}/decide",
        {"decision": "return"},
        token_page="/en/staff/expo/products/",
        follow_redirects=True,
    )
    assert "Give a reason" in page.get_data(as_text=True)
    post_with_token(
        staff,
        f"/en/staff/expo/products/{product.id}/decide",
        {"decision": "return", "reason": "Photos show another brand"},
        token_page="/en/staff/expo/products/",
    )
    assert _product(app, id=product.id).status == "returned"
    edit = client.get(f"/en/account/catalog/{product.id}/edit").get_data(as_text=True)
    assert "Photos show another brand" in edit
    history = staff.get("/en/staff/expo/history/").get_data(as_text=True)
    assert "Product: returned with a reason" in history and mod.email in history and "product.returned" not in history


def test_quota_of_the_free_tier_is_enforced_with_a_message(client, app, make_exhibitor, make_user, categories):
    owner = make_exhibitor()
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.services import clean_product, create_product

        clean, errors = clean_product(PRODUCT)
        assert errors == []
        for n in range(51):
            p = create_product(owner.organization_id, dict(clean, sku=f"S{n}"))
            p.status = "published" if n < 50 else "submitted"
        db.session.commit()
        pending_id = db.session.scalar(select(Product.id).where(Product.status == "submitted"))
    mod = make_user(account_type="staff", roles=["moderator"])
    login(client, mod.email)
    page = post_with_token(
        client,
        f"/en/staff/expo/products/{pending_id}/decide",
        {"decision": "approve"},
        token_page="/en/staff/expo/products/",
        follow_redirects=True,
    )
    assert "allows 50 published products" in page.get_data(as_text=True)
    assert _product(app, id=pending_id).status == "submitted"


def test_exhibitor_cannot_touch_another_organizations_products(client, app, make_exhibitor, make_org, categories):
    other = make_exhibitor(org=make_org(name_zh="别家"))
    login(client, other.email)
    submit(client, "/en/account/catalog/new", PRODUCT)
    theirs = _product(app, sku="GV-100")
    intruder_client = app.test_client()
    intruder = make_exhibitor()
    login(intruder_client, intruder.email)
    assert intruder_client.get(f"/en/account/catalog/{theirs.id}/edit").status_code == 403
    for action in ("submit", "archive", "restore"):
        response = post_with_token(
            intruder_client, f"/en/account/catalog/{theirs.id}/{action}", token_page="/en/account/catalog/"
        )
        assert response.status_code == 403
    page = intruder_client.get("/en/account/catalog/").get_data(as_text=True)
    response = intruder_client.post(
        "/en/account/catalog/bulk", data={"csrf_token": csrf_from(page), "action": "archive", "ids": [theirs.id]}
    )
    assert response.status_code == 403
    response = intruder_client.post(
        f"/en/account/catalog/{theirs.id}/images",
        data={"csrf_token": csrf_from(page), "image": (io.BytesIO(png()), "x.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert _product(app, id=theirs.id).status == "draft"
    assert "GV-100" not in page


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<?php echo 1; ?>", "Upload a JPEG, PNG or WebP image."),
        (b"GIF89a" + b"\x00" * 100, "Upload a JPEG, PNG or WebP image."),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "Upload a JPEG, PNG or WebP image."),
    ],
)
def test_bad_images_are_refused_with_a_message(client, app, make_exhibitor, categories, payload, message):
    owner = make_exhibitor()
    login(client, owner.email)
    submit(client, "/en/account/catalog/new", PRODUCT)
    product = _product(app, sku="GV-100")
    page = client.get(f"/en/account/catalog/{product.id}/edit").get_data(as_text=True)
    response = client.post(
        f"/en/account/catalog/{product.id}/images",
        data={"csrf_token": csrf_from(page), "image": (io.BytesIO(payload), "evil.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert message in response.get_data(as_text=True)
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.models import ProductImage

        assert db.session.scalar(select(func.count()).select_from(ProductImage)) == 0


def test_decompression_bomb_is_refused(app, clean_app):
    from core.media import ImageRejected, open_image

    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 megapixels, a few KB
    with pytest.raises(ImageRejected):
        open_image(out.getvalue())


def test_image_metadata_is_stripped(app, clean_app):
    from core.media import encode, open_image

    out = io.BytesIO()
    image = Image.new("RGB", (32, 32))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    image.save(out, "JPEG", exif=exif)
    assert b"SecretCam" in out.getvalue()
    cleaned = encode(open_image(out.getvalue()), "JPEG")
    assert b"SecretCam" not in cleaned


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hs_code", "84A1", "An HS code has 6, 8 or 10 digits"),
        ("price_min", "abc", "Enter a price such as 12.50 or 1,250.00."),
        ("price_max", "1", "The highest price is lower than the lowest."),
        ("moq", "1.5", "Enter a whole number, such as 500 or 1,500."),
        # Shapes that cost a worker minutes of CPU, or were silently read as another number.
        ("moq", "1e400000", "Enter a whole number, such as 500 or 1,500."),
        ("lead_time_days", "9" * 5000, "Field cannot be longer than 10 characters."),
        ("moq", "\u00b2", "Enter a whole number, such as 500 or 1,500."),
        ("moq", "99999999999999999999", "Enter a number from 1 to 1000000000."),
        ("price_min", "1,2,3", "Enter a price such as 12.50 or 1,250.00."),
        ("price_min", "12.345", "At most 2 decimal places: 12.35, not 12.345."),
        ("price_min", "1e-9", "Enter a price such as 12.50 or 1,250.00."),
        ("price_min", "NaN", "Enter a price such as 12.50 or 1,250.00."),
        ("price_min", "-5", "Enter a price such as 12.50 or 1,250.00."),
        ("hs_code", "\u0668\u0664\u0668\u0661\u0668\u0660", "An HS code has 6, 8 or 10 digits"),
        ("category", "no-such-category", "Choose a category from the list."),
        ("specs", "just words", "Write specifications as name: value"),
        ("title_en", "<b>x</b>", "Please do not use < or > in this field."),
        ("currency", "BTC", "Choose a currency"),
    ],
)
def test_product_form_refuses_bad_values(client, app, make_exhibitor, categories, field, value, message):
    owner = make_exhibitor()
    login(client, owner.email)
    response = submit(client, "/en/account/catalog/new", dict(PRODUCT, **{field: value}))
    assert response.status_code == 200
    assert html.escape(message, quote=False) in response.get_data(as_text=True)
    assert _product(app, sku="GV-100") is None


def test_full_width_digits_typed_with_a_chinese_input_method_are_read_as_digits(
    client, app, make_exhibitor, categories
):
    owner = make_exhibitor()
    login(client, owner.email)
    typed = {
        "price_min": "\uff11\uff12\uff0e\uff15",
        "moq": "\uff11\uff0c\uff10\uff10\uff10",
        "hs_code": "\uff18\uff14\uff18\uff11.\uff18\uff10",
    }
    response = submit(client, "/en/account/catalog/new", dict(PRODUCT, price_max="", **typed))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    product = _product(app, sku="GV-100")
    assert (str(product.price_min), product.moq, product.hs_code) == ("12.50", 1000, "848180")


def test_public_pages_make_a_fixed_number_of_queries(client, make_org, make_product, make_booth, count_queries):
    """No public page's queries grow with what it lists (N+1): a product page is one or two
    reads, listings a few whatever their size, once the per-process reference data is loaded."""

    def queries(url) -> int:
        client.get(url)  # warm: the category tree, tiers and exhibitions load once per process
        with count_queries() as counted:
            assert client.get(url).status_code == 200
        return counted.n

    org = make_org()
    booth = make_booth(org=org)
    products = [make_product(org.id, title_en=f"Valve {n}") for n in range(3)]
    small = {
        "product": queries(f"/en/products/{products[0].id}-{products[0].slug}/"),
        "category": queries("/en/categories/industrial-valves/"),
        "booth": queries(f"/en/exhibitors/{booth.slug}/"),
        "home": queries("/en/"),
    }
    assert small["product"] <= 2 and small["booth"] <= 3 and small["home"] <= 4, small
    for n in range(3, 30):
        make_product(org.id, title_en=f"Valve {n}")
    for other in range(4):
        make_booth(org=make_org(name_en=f"Exhibitor {other}"), tier_code="gold")
    large = {
        "product": queries(f"/en/products/{products[1].id}-{products[1].slug}/"),
        "category": queries("/en/categories/industrial-valves/"),
        "booth": queries(f"/en/exhibitors/{booth.slug}/"),
        "home": queries("/en/"),
    }
    assert large == small, (small, large)


def test_product_views_are_counted_and_shown_to_the_exhibitor(client, app, make_exhibitor, categories):
    from marketplace.catalog import viewcount

    owner = make_exhibitor()
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.services import clean_product, create_product

        viewcount.flush(force=True)  # views earlier tests left in this process's counter
        clean, _errors = clean_product(PRODUCT)
        p = create_product(owner.organization_id, clean)
        p.status = "published"
        db.session.commit()
        url = f"/en/products/{p.id}-{p.slug}/"
    visitor = app.test_client()
    for _ in range(3):
        assert visitor.get(url).status_code == 200
    with app.test_request_context():
        assert viewcount.flush(force=True) >= 1
    assert _product(app, sku="GV-100").views == 3
    login(client, owner.email)
    page = client.get("/en/account/catalog/?sort=views").get_data(as_text=True)
    assert '<td data-label="Views">3</td>' in page


def test_views_a_failed_flush_took_are_written_by_the_next_one(client, app, make_exhibitor, categories, monkeypatch):
    import threading

    from marketplace.catalog import viewcount

    owner = make_exhibitor()
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.services import clean_product, create_product

        viewcount.flush(force=True)
        clean, _errors = clean_product(PRODUCT)
        p = create_product(owner.organization_id, clean)
        p.status = "published"
        db.session.commit()
        url = f"/en/products/{p.id}-{p.slug}/"
    for _ in range(2):
        assert app.test_client().get(url).status_code == 200
    with app.app_context():
        from core.extensions import db

        def broken(*_args, **_kwargs):
            raise RuntimeError("database gone")

        with monkeypatch.context() as patch:
            patch.setattr(db.engine, "begin", broken)
            assert viewcount.flush(force=True) == 0  # logged, not raised, and not lost
        # Two flushes at once (two workers) lock their rows in the same order: both succeed.
        results = []

        def flush_in_thread():
            with app.app_context():
                results.append(viewcount.flush(force=True))

        threads = [threading.Thread(target=flush_in_thread) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(results) == 1
    assert _product(app, sku="GV-100").views == 2


def test_a_second_import_waits_for_the_running_one(client, app, make_exhibitor, categories):
    from marketplace.catalog.models import CatalogImport

    owner = make_exhibitor()
    with app.app_context():
        from core.extensions import db

        running = CatalogImport(
            organization_id=owner.organization_id, filename="a.xlsx", file_key="imports/x.xlsx", status="running"
        )
        db.session.add(running)
        db.session.commit()
        running_id = running.id
    login(client, owner.email)
    page = client.get("/en/account/catalog/import").get_data(as_text=True)
    response = client.post(
        "/en/account/catalog/import",
        data={"csrf_token": csrf_from(page), "file": (io.BytesIO(b"sku\n1\n"), "b.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "An import is still running." in response.get_data(as_text=True)
    with app.app_context():
        from core.extensions import db

        assert db.session.scalar(select(func.count()).select_from(CatalogImport)) == 1
    assert f"/import/{running_id}" in response.request.path


def test_catalog_import_command(app, make_org, categories, tmp_path):
    from tests.data import product_row, write_xlsx

    org = make_org()
    path = write_xlsx(tmp_path / "c.xlsx", [product_row(1), product_row(2, price_min="x")])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["catalog", "import", str(path), "--organization", org.uscc, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "done: 1 new, 0 updated, 0 unchanged, 1 rejected rows" in result.output
    again = runner.invoke(args=["catalog", "import", str(path), "--organization", org.uscc])
    assert "0 new, 0 updated, 1 unchanged, 1 rejected rows" in again.output
    unknown = runner.invoke(args=["catalog", "import", str(path), "--organization", "91350100M000100Y43"])
    assert unknown.exit_code != 0 and "no organization" in unknown.output


def test_views_are_written_in_batches_and_a_failed_batch_keeps_the_rest(
    client, app, make_exhibitor, categories, monkeypatch
):
    from marketplace.catalog import viewcount

    owner = make_exhibitor()
    with app.app_context():
        from core.extensions import db
        from marketplace.catalog.services import clean_product, create_product

        viewcount.flush(force=True)
        clean, _errors = clean_product(PRODUCT)
        ids = []
        for n in range(5):
            p = create_product(owner.organization_id, dict(clean, sku=f"V{n}"))
            p.status = "published"
            ids.append(p.id)
        db.session.commit()
        monkeypatch.setattr(viewcount, "BATCH_ROWS", 2)
        for product_id in ids:
            viewcount._buffer[product_id] += 3
        assert viewcount.flush(force=True, pause=0.001) == 5  # three batches
        writes = []
        real_write = viewcount._write

        def second_batch_fails(batch):
            writes.append(batch)
            if len(writes) == 2:
                raise RuntimeError("database gone")
            real_write(batch)

        monkeypatch.setattr(viewcount, "_write", second_batch_fails)
        for product_id in ids:
            viewcount._buffer[product_id] += 1
        assert viewcount.flush(force=True) == 2  # the first batch landed; the rest went back
        monkeypatch.setattr(viewcount, "_write", real_write)
        assert viewcount.flush(force=True) == 3
        views = dict(db.session.execute(select(Product.id, Product.views).where(Product.id.in_(ids))).all())
        assert views == dict.fromkeys(ids, 4)


def test_two_saves_of_one_sku_at_once_give_one_product_and_a_message(
    client, app, make_exhibitor, categories, monkeypatch
):
    """Two requests at once both pass the "is this SKU taken?" check before either commits
    (forced here: the check is made to miss); the database refuses the second save, and its
    user reads why on the form, not an error page (core.db.unique_message)."""
    from marketplace.catalog import services

    owner = make_exhibitor()
    login(client, owner.email)
    assert submit(client, "/en/account/catalog/new", PRODUCT).status_code == 302
    monkeypatch.setattr(services, "sku_taken", lambda *args, **kwargs: False)
    response = submit(client, "/en/account/catalog/new", dict(PRODUCT, title_en="The second one"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "You already have a product with this SKU." in page and "Add a product" in page
    with app.app_context():
        from core.extensions import db

        assert db.session.scalar(select(func.count()).select_from(Product).where(Product.sku == "GV-100")) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title_en", "\u200b\u200b", "This field has no visible characters."),
        ("title_zh", "\u200b", "This field has no visible characters."),
        ("title_en", "Valve \u202egpj.exe", "text-direction marks"),
        ("fob_port", "Ningbo\x85", "control characters"),
        ("sku", "GV\u200b-100", "invisible character"),
    ],
)
def test_invisible_and_direction_characters_are_refused_with_a_reason(
    client, app, make_exhibitor, categories, field, value, message
):
    owner = make_exhibitor()
    login(client, owner.email)
    data = dict(PRODUCT, **{field: value})
    if field == "title_zh":
        data["title_en"] = ""
    response = submit(client, "/en/account/catalog/new", data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _product(app, organization_id=owner.organization_id) is None


def test_a_sku_typed_full_width_is_the_same_sku(client, app, make_exhibitor, categories):
    owner = make_exhibitor()
    login(client, owner.email)
    assert submit(client, "/en/account/catalog/new", PRODUCT).status_code == 302
    response = submit(client, "/en/account/catalog/new", dict(PRODUCT, sku="\uff27\uff36-\uff11\uff10\uff10"))
    assert response.status_code == 200
    assert "You already have a product with this SKU." in response.get_data(as_text=True)


def test_a_pending_organization_prepares_products_but_submits_them_once_verified(
    client, app, make_exhibitor, make_org, categories
):
    org = make_org(status="pending")
    owner = make_exhibitor(org=org)
    login(client, owner.email)
    assert submit(client, "/en/account/catalog/new", PRODUCT).status_code == 302  # preparing is allowed
    product = _product(app, sku="GV-100")
    assert _add_image(client, product.id).status_code == 302
    edit = client.get(f"/en/account/catalog/{product.id}/edit").get_data(as_text=True)
    assert "once the bureau has verified your organization" in edit and "Submit for review" not in edit
    assert "once the bureau has verified your organization" in client.get("/en/account/catalog/").get_data(as_text=True)
    refused = post_with_token(
        client, f"/en/account/catalog/{product.id}/submit", token_page="/en/account/catalog/", follow_redirects=True
    )
    assert "once the bureau has verified your organization" in refused.get_data(as_text=True)
    page = client.get("/zh/account/catalog/").get_data(as_text=True)
    bulk = client.post(
        "/zh/account/catalog/bulk", data={"csrf_token": csrf_from(page), "action": "submit", "ids": [product.id]},
        follow_redirects=True,
    )  # fmt: skip
    assert "待商务局认证贵单位后即可提交审核" in bulk.get_data(as_text=True)
    assert _product(app, id=product.id).status == "draft"


def test_a_product_without_an_image_cannot_be_submitted(client, app, make_exhibitor, categories):
    owner = make_exhibitor()
    login(client, owner.email)
    submit(client, "/en/account/catalog/new", PRODUCT)
    submit(client, "/en/account/catalog/new", {**PRODUCT, "sku": "GV-200", "title_en": "Ball valve"})
    bare, pictured = _product(app, sku="GV-100"), _product(app, sku="GV-200")
    _add_image(client, pictured.id)
    edit = client.get(f"/en/account/catalog/{bare.id}/edit").get_data(as_text=True)
    assert "Add at least one image (below)" in edit and "Submit for review" not in edit
    refused = post_with_token(
        client, f"/en/account/catalog/{bare.id}/submit", token_page="/en/account/catalog/", follow_redirects=True
    )
    assert "Add at least one image before submitting" in refused.get_data(as_text=True)
    page = client.get("/en/account/catalog/").get_data(as_text=True)
    bulk = client.post(
        "/en/account/catalog/bulk",
        data={"csrf_token": csrf_from(page), "action": "submit", "ids": [bare.id, pictured.id]},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "1 products changed." in bulk and "Not submitted (1)" in bulk and html.escape(bare.title_en) in bulk
    assert _product(app, id=bare.id).status == "draft" and _product(app, id=pictured.id).status == "submitted"


def test_the_approval_mail_does_not_promise_a_booth_the_public_cannot_see(
    app, make_exhibitor, make_org, make_product, moderator, mailbox
):
    from core.extensions import db
    from core.organizations.models import Organization
    from marketplace.catalog import services

    org = make_org()
    owner = make_exhibitor(org=org)
    product = make_product(org.id, status="draft", image=True)
    with app.test_request_context("/en/"):
        services.submit_for_review(db.session.get(Product, product.id))
        db.session.get(Organization, org.id).status = "rejected"  # verification withdrawn meanwhile
        db.session.commit()
    post_with_token(
        moderator, f"/en/staff/expo/products/{product.id}/decide", {"decision": "approve"},
        token_page="/en/staff/expo/products/",
    )  # fmt: skip
    assert _product(app, id=product.id).status == "published"
    text = mailbox.text_of(mailbox.last_to(owner.email))
    assert "once your organization is verified again" in text and "It is now on your booth" not in text


def test_units_ports_and_specification_names_are_shown_in_the_readers_language(client, app, make_product):
    product = make_product(
        moq=200,
        moq_unit="pieces",
        fob_port="ningbo",
        specs=[
            {"name": "材质 / Material", "value": "SS304"},
            {"name": "Pressure", "name_zh": "公称压力", "name_en": "Pressure", "value": "PN16"},  # as the bulk demo
        ],
    )
    url = f"/{{lang}}/products/{product.id}-{product.slug}/"
    zh = client.get(url.format(lang="zh")).get_data(as_text=True)
    en = client.get(url.format(lang="en")).get_data(as_text=True)
    assert "200 件" in zh and "宁波" in zh and ">材质</th>" in zh and ">公称压力</th>" in zh
    assert "200 pieces" in en and "Ningbo" in en and ">Material</th>" in en and ">Pressure</th>" in en
    listing = client.get("/zh/categories/industrial-valves/").get_data(as_text=True)
    assert "件" in listing.split(product.title_en, 1)[1][:600]  # the card's minimum order


@pytest.mark.parametrize(
    ("unit", "port", "stored"), [("个", "宁波", ("pieces", "ningbo")), ("PCS", "Ningbo", ("pieces", "ningbo"))]
)
def test_units_and_ports_are_read_in_either_language_and_others_refused(
    client, app, make_exhibitor, categories, unit, port, stored
):
    owner = make_exhibitor()
    login(client, owner.email)
    assert submit(client, "/en/account/catalog/new", {**PRODUCT, "moq_unit": unit, "fob_port": port}).status_code == 302
    saved = _product(app, sku="GV-100")
    assert (saved.moq_unit, saved.fob_port) == stored
    refused = submit(client, "/en/account/catalog/new", {**PRODUCT, "sku": "GV-2", "moq_unit": "bananas"})
    assert "Choose an order unit from the list: pieces, sets" in refused.get_data(as_text=True)
    assert _product(app, sku="GV-2") is None
