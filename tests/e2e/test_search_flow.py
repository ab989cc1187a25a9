"""A buyer searches in a real browser: types pinyin into the header box, picks a suggestion
with the keyboard, narrows with a facet, and reads the same result in the other language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import t

pytestmark = pytest.mark.e2e


@pytest.fixture()
def catalog(app, make_org, make_product, make_booth):
    from core import search

    supplier = make_org(name_zh="宁波清泉水泵有限公司", name_en="Ningbo Clear Spring Pumps", district="330206")
    make_booth(org=supplier)
    make_product(supplier.id, title_zh="不锈钢离心水泵", title_en="Stainless centrifugal pump",
                 category="centrifugal-pumps", description_zh="安装简单", price_min=120, currency="USD")  # fmt: skip
    make_product(supplier.id, title_zh="潜水泵", title_en="Submersible pump for wells", category="led-lighting")
    with app.app_context():
        search.drain()


def test_pinyin_in_the_header_a_suggestion_a_facet_and_both_languages(page: Page, catalog):
    page.goto("/en/")
    box = page.get_by_role("combobox", name=t("en", "Search products, exhibitors and policies"))
    box.press_sequentially("shuib", delay=40)
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option", name="水泵", exact=True)).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"site-search-suggestions-\d"))
    while box.get_attribute("aria-activedescendant") != listbox.get_by_role(
        "option", name="水泵", exact=True
    ).get_attribute("id"):
        box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search\?q="))
    results = page.locator(".hit-title")
    expect(results).to_have_count(3)  # both products and the exhibitor
    expect(page.get_by_role("link", name="Stainless centrifugal pump")).to_be_visible()
    expect(page.locator("mark", has_text="水泵").first).to_be_visible()

    page.get_by_role("navigation", name=t("en", "What to show")).get_by_role(
        "link", name=re.compile(r"^Products")
    ).click()
    page.get_by_role("checkbox", name=re.compile(r"^Machinery")).check()
    page.get_by_role("button", name=t("en", "Apply filters")).click()
    expect(results).to_have_count(1)
    expect(page.get_by_role("link", name="Stainless centrifugal pump")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Machinery"))).to_be_checked()

    page.get_by_role("navigation", name=t("en", "Language")).get_by_role("link", name="中文").click()
    expect(page).to_have_url(re.compile(r"/zh/search\?"))
    expect(results).to_have_count(1)
    expect(page.get_by_role("link", name="不锈钢离心水泵")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^机械设备"))).to_be_checked()
    expect(page.get_by_role("heading", level=1)).to_contain_text("水泵")


def test_the_search_works_without_javascript(browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    page.goto("/zh/")
    page.get_by_label(t("zh", "Search products, exhibitors and policies")).first.fill("nb")
    page.get_by_label(t("zh", "Search products, exhibitors and policies")).first.press("Enter")
    expect(page.locator(".hit-title")).to_have_count(3)
    context.close()
