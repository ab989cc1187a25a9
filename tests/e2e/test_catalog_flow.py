"""In Chromium: an exhibitor adds a product with an image and submits it, staff approve it,
and a buyer sees it in Chinese and in English."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in, t

pytestmark = pytest.mark.e2e


def _jpeg(tmp_path):
    path = tmp_path / "kettle.jpg"
    image = Image.new("RGB", (600, 600), (40, 120, 200))
    out = io.BytesIO()
    image.save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_product_from_draft_to_public_in_both_languages(
    page: Page, browser, make_exhibitor, make_user, categories, tmp_path, mailbox
):
    owner = make_exhibitor(email="owner@example.cn", lang="zh")
    make_user(email="mod@example.gov.cn", account_type="staff", roles=["moderator"])

    # The exhibitor adds a product in Chinese with an English title too.
    sign_in(page, owner.email, "zh")
    page.get_by_role("link", name=t("zh", "My catalog"), exact=True).click()
    page.get_by_role("link", name=t("zh", "Add a product")).first.click()
    page.get_by_label(t("zh", "Title in Chinese")).fill("电热水壶 K200")
    page.get_by_label(t("zh", "Title in English")).fill("Electric kettle K200")
    page.get_by_label(t("zh", "Category"), exact=True).select_option("small-appliances")
    page.get_by_label(t("zh", "Your item number (SKU)")).fill("K200")
    page.get_by_label(t("zh", "Lowest price")).fill("8.5")
    page.get_by_label(t("zh", "Highest price")).fill("11")
    page.get_by_label(t("zh", "Minimum order quantity")).fill("500")
    page.get_by_label(t("zh", "Specifications")).fill("容量: 1.7 L; 功率: 1800 W")
    page.get_by_role("button", name=t("zh", "Save"), exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text(
        t("zh", "The product is saved as a draft. Add images, then submit it for review.")
    )

    page.get_by_label(t("zh", "Image file")).set_input_files(str(_jpeg(tmp_path)))
    page.get_by_label(t("zh", "Description of the image in Chinese")).fill("白色电热水壶")
    page.get_by_label(t("zh", "Description of the image in English")).fill("White electric kettle")
    page.get_by_role("button", name=t("zh", "Upload image")).click()
    expect(page.get_by_role("status").first).to_contain_text(t("zh", "The image is added."))
    page.get_by_role("button", name=t("zh", "Submit for review")).click()
    expect(page.get_by_role("status").first).to_contain_text(
        t("zh", "Submitted for review. Bureau staff usually decide within one working day.")
    )
    product_url = None

    # A moderator approves it.
    staff_context = browser.new_context(base_url=page.url.split("/zh/")[0])
    staff = staff_context.new_page()
    sign_in(staff, "mod@example.gov.cn", "en")
    staff.get_by_role("link", name="Product review").click()
    item = staff.get_by_role("article").filter(has_text="Electric kettle K200")
    item.get_by_role("button", name="Approve", exact=True).click()
    expect(staff.get_by_role("status").first).to_contain_text("Approved: Electric kettle K200.")
    staff_context.close()
    assert mailbox.last_to("owner@example.cn")["Subject"].startswith(t("zh", "Approved: %(title)s", title=""))

    # A buyer (not signed in) finds it in both languages, through the category page.
    buyer_context = browser.new_context(base_url=page.url.split("/zh/")[0])
    buyer = buyer_context.new_page()
    for lang, title, alt in (
        ("en", "Electric kettle K200", "White electric kettle"),
        ("zh", "电热水壶 K200", "白色电热水壶"),
    ):
        buyer.goto(f"/{lang}/categories/small-appliances/")
        buyer.get_by_role("link", name=title).click()
        expect(buyer.get_by_role("heading", level=1)).to_have_text(title)
        expect(buyer.get_by_role("img", name=alt)).to_be_visible()
        expect(buyer.locator("html")).to_have_attribute("lang", "zh-Hans" if lang == "zh" else "en")
        product_url = buyer.url
        assert re.search(rf"/{lang}/products/\d+-electric-kettle-k200/$", product_url)
    buyer_context.close()
