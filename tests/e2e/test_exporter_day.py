"""A new exporter's first day, in a real browser: signs up, confirms the address, is verified by
staff, sees its booth in the year-round expo at once, and its product after review, in both
languages."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in, t

pytestmark = pytest.mark.e2e


def _jpeg(tmp_path: Path) -> Path:
    path = tmp_path / "pump.jpg"
    Image.new("RGB", (320, 240), (40, 90, 160)).save(path, "JPEG")
    return path


@pytest.fixture()
def year_round_expo(app, categories):
    from core.extensions import db
    from marketplace.expo.models import Exhibition

    with app.app_context():
        db.session.add(Exhibition(slug="online-expo", name_zh="网上博览会", name_en="Online Expo", is_permanent=True))
        db.session.commit()


def test_a_new_exporter_is_verified_sees_its_booth_at_once_and_its_product_after_review(
    page: Page, browser, make_user, year_round_expo, mailbox, tmp_path
):
    from core.organizations import uscc

    make_user(email="mod@example.gov.cn", account_type="staff", roles=["moderator"])
    code = uscc.generate(random.Random(20261206))
    email = "sales@pumps.example.cn"

    # Sign-up, in Chinese, by the form's labels.
    page.goto("/zh/account/signup/exhibitor")
    page.get_by_label(t("zh", "Your name"), exact=True).fill("陈静")
    page.get_by_label(t("zh", "Work email address"), exact=True).fill(email)
    page.get_by_label(t("zh", "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("zh", "Repeat the password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("zh", "Organization name in Chinese"), exact=True).fill("宁波清泉水泵有限公司")
    page.get_by_label(t("zh", "Organization name in English"), exact=True).fill("Ningbo Clear Spring Pumps Co., Ltd.")
    page.get_by_label(t("zh", "Unified social credit code"), exact=True).fill(code)
    page.get_by_label(t("zh", "District"), exact=True).select_option("330206")
    page.get_by_label(t("zh", "Industry"), exact=True).select_option("machinery")
    page.get_by_label(t("zh", "Phone (optional)"), exact=True).fill("0574-8765 4321")
    page.get_by_role("button", name=t("zh", "Create my account"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/zh/account/$"))
    page.goto(mailbox.link_in(mailbox.last_to(email)))  # the confirmation mail
    expect(page.get_by_role("status").first).to_contain_text(t("zh", "Thank you: your email address is confirmed."))

    # Before verification: the booth page does not exist yet, and the page says why.
    page.goto("/zh/account/booth/exhibitions")
    expect(page.get_by_text(t("zh", "Your booth opens here as soon as the bureau has verified your organization; "
                                    "no application is needed."))).to_be_visible()  # fmt: skip

    # A moderator verifies the organization, reading what the decision needs.
    staff_context = browser.new_context(base_url=page.url.split("/zh/")[0])
    staff = staff_context.new_page()
    sign_in(staff, "mod@example.gov.cn", "en")
    staff.goto("/en/staff/organizations/")
    item = staff.get_by_role("article").filter(has_text="Ningbo Clear Spring Pumps")
    expect(item).to_contain_text("Beilun District")
    expect(item).to_contain_text(email)
    item.get_by_role("button", name="Verify", exact=True).click()
    expect(staff.get_by_role("status").first).to_contain_text("Verified: Ningbo Clear Spring Pumps Co., Ltd.")

    # The exporter's booth is public at once, in both languages, and in the directory.
    page.goto("/zh/account/booth/exhibitions")
    page.get_by_role("link", name=t("zh", "See the public page")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("宁波清泉水泵有限公司")
    booth_url = page.url
    page.goto(booth_url.replace("/zh/", "/en/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ningbo Clear Spring Pumps Co., Ltd.")
    page.goto("/en/exhibitors/")
    expect(page.get_by_text("Ningbo Clear Spring Pumps Co., Ltd.").first).to_be_visible()

    # A product with an image, submitted, approved: then on the booth in both languages.
    page.goto("/zh/account/catalog/new")
    page.get_by_label(t("zh", "Title in Chinese")).fill("不锈钢离心泵 CP50")
    page.get_by_label(t("zh", "Title in English")).fill("Stainless centrifugal pump CP50")
    page.get_by_label(t("zh", "Category"), exact=True).select_option("centrifugal-pumps")
    page.get_by_label(t("zh", "Minimum order quantity")).fill("20")
    page.get_by_label(t("zh", "Order unit"), exact=True).select_option("units")
    page.get_by_role("button", name=t("zh", "Save"), exact=True).click()
    page.get_by_label(t("zh", "Image file")).set_input_files(str(_jpeg(tmp_path)))
    page.get_by_role("button", name=t("zh", "Upload image")).click()
    page.get_by_role("button", name=t("zh", "Submit for review")).click()
    expect(page.get_by_role("status").first).to_contain_text(
        t("zh", "Submitted for review. Bureau staff usually decide within one working day.")
    )
    page.goto(booth_url)
    expect(page.get_by_text("不锈钢离心泵 CP50")).to_have_count(0)  # not before review

    staff.goto("/en/staff/expo/products/")
    staff.get_by_role("article").filter(has_text="Stainless centrifugal pump CP50").get_by_role(
        "button", name="Approve", exact=True
    ).click()
    expect(staff.get_by_role("status").first).to_contain_text("Approved: Stainless centrifugal pump CP50.")
    staff_context.close()

    page.goto(booth_url)
    expect(page.get_by_text("不锈钢离心泵 CP50").first).to_be_visible()
    page.goto(booth_url.replace("/zh/", "/en/"))
    expect(page.get_by_text("Stainless centrifugal pump CP50").first).to_be_visible()
    expect(page.get_by_text("20 units").first).to_be_visible()
