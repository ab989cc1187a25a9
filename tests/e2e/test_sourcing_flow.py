"""In Chromium: a buyer posts a request in English, staff publish it, two exhibitors quote on it
in Chinese, the buyer compares the quotes and accepts one, and the other supplier is told."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in, t

pytestmark = pytest.mark.e2e


def test_request_quotes_compare_and_accept(
    page: Page, browser, live_server, make_user, make_org, make_exhibitor, categories, mailbox
):
    from marketplace.sourcing.services import today

    make_user(email="anna@buyer.example", full_name="Anna Berg")
    make_user(email="mod@example.gov.cn", account_type="staff", roles=["moderator"])
    first = make_exhibitor(
        org=make_org(name_zh="宁波海曙精密阀门有限公司", name_en="Ningbo Precision Valves"),
        email="sales@valves.cn",
        lang="zh",
    )
    second = make_exhibitor(
        org=make_org(name_zh="余姚流体控制设备有限公司", name_en="Yuyao Flow Control"), email="sales@flow.cn", lang="zh"
    )
    deadline = (today() + timedelta(days=30)).isoformat()

    # The buyer posts a request and sends it for review.
    sign_in(page, "anna@buyer.example", "en")
    page.goto("/en/rfq/")
    page.get_by_role("link", name="Post a buyer request").first.click()
    page.get_by_label("What do you want to buy?").fill("Stainless steel ball valve DN50")
    page.get_by_label("Category", exact=True).select_option("industrial-valves")
    page.get_by_label("Quantity", exact=True).fill("5000")
    page.get_by_label("Unit", exact=True).select_option("pieces")
    page.get_by_label("Trade term").select_option("FOB")
    page.get_by_label("Destination country or region").select_option("DE")
    page.get_by_label("Quotes wanted by").fill(deadline)
    page.get_by_label("Details").fill("Body SS316, PN40.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Your request is saved as a draft.")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("status").first).to_contain_text("Sent for review.")

    # A moderator publishes it; the buyer is told.
    staff_context = browser.new_context(base_url=live_server)
    staff = staff_context.new_page()
    sign_in(staff, "mod@example.gov.cn", "en")
    staff.get_by_role("link", name="Buyer request review").click()
    item = staff.get_by_role("article").filter(has_text="Stainless steel ball valve DN50")
    item.get_by_role("button", name="Approve", exact=True).click()
    expect(staff.get_by_role("status").first).to_contain_text("Approved: Stainless steel ball valve DN50.")
    staff_context.close()
    assert mailbox.last_to("anna@buyer.example")["Subject"] == "Published: Stainless steel ball valve DN50"

    # Two exhibitors find it on the Chinese list and quote.
    for exhibitor, price in ((first, "2.95"), (second, "2.70")):
        context = browser.new_context(base_url=live_server)
        seller = context.new_page()
        sign_in(seller, exhibitor.email, "zh")
        seller.goto("/zh/rfq/")
        seller.get_by_role("link", name="Stainless steel ball valve DN50").click()
        expect(seller.get_by_role("heading", level=1)).to_have_text("Stainless steel ball valve DN50")
        seller.get_by_role("link", name=t("zh", "Quote on this request")).click()
        seller.get_by_label(t("zh", "Unit price")).fill(price)
        seller.get_by_label(t("zh", "Minimum order quantity")).fill("1000")
        seller.get_by_label(t("zh", "Lead time in days")).fill("25")
        seller.get_by_label(t("zh", "Price valid until")).fill(deadline)
        seller.get_by_label(t("zh", "Message to the buyer")).fill("样品免费 / free samples")
        seller.get_by_role("button", name=t("zh", "Send the quote")).click()
        expect(seller.get_by_role("status").first).to_contain_text(
            t("zh", "Your quote is sent. The buyer is told by mail; you will hear of their decision.")
        )
        context.close()
    assert sum("New quote on" in m["Subject"] for m in mailbox.to("anna@buyer.example")) == 2

    # The buyer compares them side by side, cheapest first, and accepts the first supplier's.
    page.goto("/en/account/requests/")
    page.get_by_role("link", name="2").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table.get_by_role("row").nth(1)).to_contain_text("Yuyao Flow Control")
    row = table.get_by_role("row").filter(has_text="Ningbo Precision Valves")
    row.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status").first).to_contain_text("You accepted the quote.")
    expect(table.get_by_role("row").filter(has_text="Ningbo Precision Valves")).to_contain_text("Accepted")

    accepted = mailbox.last_to("sales@valves.cn")
    declined = mailbox.last_to("sales@flow.cn")
    assert accepted["Subject"].startswith(t("zh", "Your quote was accepted: %(title)s", title=""))
    assert declined["Subject"].startswith(t("zh", "Your quote was declined: %(title)s", title=""))
    page.goto("/en/rfq/")
    expect(page.get_by_text("Stainless steel ball valve DN50")).to_have_count(0)  # closed, off the open list
