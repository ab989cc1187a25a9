"""Review closes every door: nothing an exhibitor adds to a published product or booth is public
before staff approved it, whether text, an image or a gallery photo (core.review)."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from core.extensions import db
from tests.conftest import login, post_with_token, submit


def _jpeg(colour=(10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


def _decide(staff, url, decision, reason=None, queue="/en/staff/expo/products/"):
    data = {"decision": decision, **({"reason": reason} if reason else {})}
    return post_with_token(staff, url, data, token_page=queue)


def _stored_files(app) -> set[str]:
    root = app.config["UPLOAD_DIR"]
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_an_image_added_to_a_published_product_waits_for_review(client, app, make_exhibitor, make_product, moderator):
    owner = make_exhibitor()
    product = make_product(owner.organization_id, title_en="Gate valve")
    public_url = f"/en/products/{product.id}-{product.slug}/"
    login(client, owner.email)
    page = client.get(f"/en/account/catalog/{product.id}/edit").get_data(as_text=True)
    response = client.post(
        f"/en/account/catalog/{product.id}/images",
        data={"csrf_token": _token(page), "image": (io.BytesIO(_jpeg()), "new.jpg"), "alt_en": "New view"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "once the bureau has reviewed it" in response.get_data(as_text=True)
    with app.app_context():
        from marketplace.catalog.models import Product, ProductImage

        image = db.session.scalar(select(ProductImage))
        assert image.pending and db.session.get(Product, product.id).pending_revision == {"_media": True}
        files = {image.key, *image.thumbs.values()}

    def shown(url):
        page = client.get(url).get_data(as_text=True)
        return "New view" in page or any(key in page for key in files)

    # Not on the product page, not on any card, and in the moderation queue.
    assert not shown(public_url) and not shown("/en/categories/industrial-valves/")
    queue = moderator.get("/en/staff/expo/products/").get_data(as_text=True)
    assert "Gate valve" in queue and "New images" in queue and any(key in queue for key in files)

    _decide(moderator, f"/en/staff/expo/products/{product.id}/decide", "approve")
    assert shown(public_url) and shown("/en/categories/industrial-valves/")
    # Decided: the product no longer waits (the page's message says what was decided on it).
    queue = moderator.get("/en/staff/expo/products/").get_data(as_text=True)
    assert "Approved: Gate valve." in queue and f'id="p-{product.id}"' not in queue


def test_a_returned_image_is_deleted_with_its_files(client, app, make_exhibitor, make_product, moderator, mailbox):
    owner = make_exhibitor()
    product = make_product(owner.organization_id, title_en="Gate valve")
    login(client, owner.email)
    page = client.get(f"/en/account/catalog/{product.id}/edit").get_data(as_text=True)
    before = _stored_files(app)
    client.post(
        f"/en/account/catalog/{product.id}/images",
        data={"csrf_token": _token(page), "image": (io.BytesIO(_jpeg()), "other-brand.jpg")},
        content_type="multipart/form-data",
    )
    added = _stored_files(app) - before
    assert added  # the image and its thumbnails
    _decide(moderator, f"/en/staff/expo/products/{product.id}/decide", "return", "Another brand's photo")
    assert _stored_files(app) - before == set()
    with app.app_context():
        from marketplace.catalog.models import Product, ProductImage

        assert db.session.scalar(select(ProductImage)) is None
        returned = db.session.get(Product, product.id)
        assert returned.status == "published" and returned.pending_revision is None
        assert returned.return_reason == "Another brand's photo"
    assert "Another brand" in mailbox.text_of(mailbox.last_to(owner.email))


def _published_through_the_form(client, app, owner) -> int:
    """A product ``owner`` made with the form (tests.data.PRODUCT), then published."""
    from tests.data import PRODUCT

    login(client, owner.email)
    with app.app_context():
        from marketplace.catalog.tree import load_categories

        load_categories()
        db.session.commit()
    submit(client, "/en/account/catalog/new", PRODUCT)
    with app.app_context():
        from marketplace.catalog.models import Product

        product = db.session.scalar(select(Product))
        product.status = "published"
        db.session.commit()
        return product.id


def test_an_edit_that_changes_nothing_leaves_nothing_to_review(client, app, make_exhibitor, moderator):
    from tests.data import PRODUCT

    product_id = _published_through_the_form(client, app, make_exhibitor())
    submit(client, f"/en/account/catalog/{product_id}/edit", PRODUCT)  # the same values again
    with app.app_context():
        from marketplace.catalog.models import Product

        assert db.session.get(Product, product_id).pending_revision is None
    assert "Stainless steel gate valve" not in moderator.get("/en/staff/expo/products/").get_data(as_text=True)


def test_nobody_approves_what_they_submitted_themselves(app, make_user, make_product):
    from core import review
    from core.errors import Forbidden
    from marketplace.catalog.models import Product
    from marketplace.catalog.services import PRODUCT_REVIEW

    author = make_user(account_type="staff", roles=["moderator"])
    other = make_user(account_type="staff", roles=["moderator"])
    buyer = make_user()
    product = make_product(status="draft", image=True)
    with app.test_request_context():
        from core.accounts.models import User

        item = db.session.get(Product, product.id)
        review.submit(item, PRODUCT_REVIEW, actor=db.session.get(User, author.id))
        with pytest.raises(Forbidden):
            review.approve(item, PRODUCT_REVIEW, db.session.get(User, author.id))
        review.approve(item, PRODUCT_REVIEW, db.session.get(User, other.id))
        assert item.status == "published"
        with pytest.raises(Forbidden):  # and only the kind's deciding role decides
            review.return_(item, PRODUCT_REVIEW, db.session.get(User, buyer.id), "no")


def test_booth_changes_and_photos_wait_for_review(client, app, make_exhibitor, make_booth, moderator, mailbox):
    owner = make_exhibitor()
    from core.organizations.models import Organization

    with app.app_context():
        org = db.session.get(Organization, owner.organization_id)
    booth = make_booth(org=org, about_en="We make valves.")
    public_url = f"/en/exhibitors/{booth.slug}/"
    login(client, owner.email)
    page = client.get("/en/account/booth/").get_data(as_text=True)
    response = client.post(
        "/en/account/booth/",
        data={
            "csrf_token": _token(page),
            "about_en": "Cheapest valves on earth!!!",
            "photo": (io.BytesIO(_jpeg((200, 10, 10))), "factory.jpg"),
            "logo": (io.BytesIO(_jpeg((10, 200, 10))), "logo.jpg"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "wait for review" in text and "Cheapest valves" in text  # the exhibitor sees their draft
    with app.app_context():
        from marketplace.expo.models import ExhibitorProfile

        revision = db.session.get(ExhibitorProfile, owner.organization_id).pending_revision
        photo, logo = revision["gallery"][0], revision["logo_key"]
    public = client.get(public_url).get_data(as_text=True)
    assert "We make valves." in public and "Cheapest" not in public
    assert photo not in public and logo not in public
    queue = moderator.get("/en/staff/expo/booths/").get_data(as_text=True)
    assert "Cheapest valves" in queue and photo in queue and logo in queue

    _decide(moderator, f"/en/staff/expo/booths/{owner.organization_id}/decide", "return", "Claims we cannot check",
            queue="/en/staff/expo/booths/")  # fmt: skip
    public = client.get(public_url).get_data(as_text=True)
    assert "We make valves." in public and photo not in public
    assert photo not in _stored_files(app) and logo not in _stored_files(app)
    assert "Claims we cannot check" in client.get("/en/account/booth/").get_data(as_text=True)
    assert "Claims we cannot check" in mailbox.text_of(mailbox.last_to(owner.email))

    page = client.get("/en/account/booth/").get_data(as_text=True)
    client.post(
        "/en/account/booth/",
        data={"csrf_token": _token(page), "about_en": "Valves since 1998.", "photo": (io.BytesIO(_jpeg()), "f.jpg")},
        content_type="multipart/form-data",
    )
    _decide(
        moderator, f"/en/staff/expo/booths/{owner.organization_id}/decide", "approve", queue="/en/staff/expo/booths/"
    )
    public = client.get(public_url).get_data(as_text=True)
    assert "Valves since 1998." in public and "We make valves." not in public
    with app.app_context():
        from marketplace.expo.models import ExhibitorProfile

        profile = db.session.get(ExhibitorProfile, owner.organization_id)
        assert profile.pending_revision is None and len(profile.gallery) == 1
        assert profile.gallery[0] in public


def test_decisions_on_booths_show_in_the_history(client, app, make_exhibitor, make_booth, moderator):
    owner = make_exhibitor()
    from core.organizations.models import Organization

    with app.app_context():
        org = db.session.get(Organization, owner.organization_id)
    make_booth(org=org)
    login(client, owner.email)
    page = client.get("/en/account/booth/").get_data(as_text=True)
    client.post("/en/account/booth/", data={"csrf_token": _token(page), "about_en": "New text"})
    _decide(
        moderator, f"/en/staff/expo/booths/{owner.organization_id}/decide", "approve", queue="/en/staff/expo/booths/"
    )
    history = moderator.get("/en/staff/expo/history/").get_data(as_text=True)
    assert "Booth profile: change approved" in history and "booth_profile.revision_approved" not in history


def _token(page: str) -> str:
    from tests.conftest import csrf_from

    return csrf_from(page)


def test_the_card_shows_the_first_public_image_whatever_changes(client, app, make_exhibitor, make_product):
    """products.cover follows the images: added, reordered by a removal, pending or not."""
    from marketplace.catalog.images import remove_image
    from marketplace.catalog.models import Product, ProductImage

    owner = make_exhibitor()
    product = make_product(owner.organization_id, title_en="Gate valve")
    with app.app_context():
        item = db.session.get(Product, product.id)
        item.images.append(ProductImage(key="one.jpg", position=0))
        item.images.append(ProductImage(key="two.jpg", position=1))
        db.session.add(ProductImage(product_id=product.id, key="waiting.jpg", position=2, pending=True))
        db.session.commit()
        assert db.session.get(Product, product.id).cover["key"] == "one.jpg"

    def card() -> str:
        page = client.get("/en/categories/industrial-valves/").get_data(as_text=True)
        return page[page.index('<li class="card product-card">') :]

    assert "/media/one.jpg" in card() and "waiting.jpg" not in card()
    with app.app_context():
        item = db.session.get(Product, product.id)
        remove_image(item, next(image for image in item.images if image.key == "one.jpg"))
        db.session.commit()
    assert "/media/two.jpg" in card()
    with app.app_context():
        item = db.session.get(Product, product.id)
        for image in list(item.images):
            db.session.delete(image)
        db.session.commit()
        assert db.session.get(Product, product.id).cover is None
    assert "img-placeholder" in card()


def test_a_returned_change_shows_its_reason_on_the_edit_page(client, app, make_exhibitor, moderator):
    from tests.data import PRODUCT

    product_id = _published_through_the_form(client, app, make_exhibitor())
    submit(client, f"/en/account/catalog/{product_id}/edit", {**PRODUCT, "title_en": "World's best valve"})
    _decide(moderator, f"/en/staff/expo/products/{product_id}/decide", "return", "Superlatives we cannot check")
    page = client.get(f"/en/account/catalog/{product_id}/edit").get_data(as_text=True)
    assert "returned your last changes" in page and "Superlatives we cannot check" in page
    zh = client.get(f"/zh/account/catalog/{product_id}/edit").get_data(as_text=True)
    assert "Superlatives we cannot check" in zh and "退回" in zh
