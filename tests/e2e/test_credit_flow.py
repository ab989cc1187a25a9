"""In Chromium: a buyer on an exporter's booth sees its credit badge, follows it to the public
credit record, reads why the status is what it is and how the entry can be repaired, downloads
the credit report (a PDF with the Chinese name as text and a verification address), checks the
report there, and follows the enterprise; the exporter's record then changes and the buyer finds
it in the app's notifications."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

CODE = "9144030071526726XG"
NAME_ZH = "深圳华强电子进出口有限公司"
NAME_EN = "Shenzhen Huaqiang Electronics Import & Export"


def test_from_a_booth_badge_to_the_record_the_report_and_a_follow(app, page: Page, make_org, make_booth,
                                                                 make_credit, make_user):  # fmt: skip
    decided = (date.today() - timedelta(days=30)).isoformat()
    penalty = {"kind": "penalty", "grade": "ordinary", "title_zh": "未按规定办理报关单位备案",
               "title_en": "Declared goods without the customs registration", "reference": "深关罚〔2026〕15号",
               "authority_zh": "深圳海关", "authority_en": "Shenzhen Customs", "decided_on": decided}  # fmt: skip
    org = make_org(uscc=CODE, name_zh=NAME_ZH, name_en=NAME_EN)
    booth = make_booth(org=org, about_en="We export consumer electronics.")
    record = make_credit(uscc=CODE, name_zh=NAME_ZH, name_en=NAME_EN, legal_rep="张华", facts=[penalty])
    buyer = make_user(email="buyer@example.com", full_name="Maria Rossi")

    sign_in(page, buyer.email)
    page.goto(f"/en/exhibitors/{booth.slug}/")
    badge = page.get_by_role("link", name="Credit record: Needs attention").first
    expect(badge).to_be_visible()
    badge.click()
    expect(page).to_have_url(re.compile(rf"/en/gov/credit/{CODE}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME_EN)
    expect(page.get_by_text("An administrative penalty is within its publication period.")).to_be_visible()
    expect(page.get_by_text("How it can be repaired").first).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the credit report (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf") and CODE in download.suggested_filename
    text = "\n".join(p.extract_text() for p in PdfReader(download.path()).pages)
    assert NAME_ZH in text and CODE in text and "深关罚〔2026〕15号" in text
    verify = re.search(r"https?://\S+/gov/credit/reports/(CR-\d{8}-[0-9A-Z]{8})/", text)
    assert verify, text[-800:]
    page.goto(f"/en/gov/credit/reports/{verify.group(1)}/")
    expect(page.get_by_text("This report is genuine: the bureau issued it.")).to_be_visible()

    page.goto(f"/en/gov/credit/{CODE}/")
    page.get_by_role("button", name="Follow this enterprise").click()
    expect(page.get_by_role("status").filter(has_text="You follow this enterprise")).to_be_visible()

    from core.db import commit
    from core.extensions import db
    from govportal.credit import services

    with app.test_request_context("/en/"):
        enterprise = db.session.get(services.CreditEnterprise, record.id)
        services.add_fact(enterprise, {"kind": "abnormal", "title_zh": "通过登记的住所无法联系",
                                       "authority_zh": "深圳市市场监督管理局",
                                       "decided_on": date.today().isoformat()}, None)  # fmt: skip
        commit()
    page.goto("/en/account/notifications/")
    expect(page.get_by_text(f"Credit status changed: {NAME_EN} is now Abnormal operations")).to_be_visible()
    page.goto(f"/en/exhibitors/{booth.slug}/")
    expect(page.get_by_role("link", name="Credit record: Abnormal operations").first).to_be_visible()
