"""In Chromium: an editor of the foreign trade division drafts a policy through the staff form and
sends it for review; a reviewer of the division reads its preview, returns it with comments; the
editor sees them, fixes the text and sends it again; the reviewer approves it. A visitor then finds
it through the finder (an industry and a word), reads it in English and, through the language
switch, in Chinese, and follows its Atom feed. Last, an item page prints without the site's
navigation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.atom import validate_atom
from tests.e2e.conftest import sign_in, t

pytestmark = pytest.mark.e2e

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE_ZH = "关于支持外贸企业开拓国际市场的若干措施"
TITLE_EN = "Measures to help exporters reach international markets"
BODY_ZH = "第一条 为支持外贸企业参加境外展会，制定本措施。"
BODY_EN = "Article 1. These measures support exporters exhibiting at fairs abroad."
FIX_ZH = "第三条 本措施自2026年12月1日起施行。"
COMMENTS = "请写明第三条的施行日期。"


@pytest.fixture()
def trade_staff(app, make_user):
    """The foreign trade division (and a district beside it), its editor and its reviewer."""
    from core.extensions import db
    from core.units import Unit, UnitKind

    with app.app_context():
        trade = Unit(slug="foreign-trade", kind=UnitKind.DEPARTMENT, name_zh="对外贸易处",
                     name_en="Foreign Trade Division", position=1)  # fmt: skip
        beilun = Unit(slug="beilun", kind=UnitKind.DISTRICT, name_zh="北仑区商务局",
                      name_en="Beilun District Bureau of Commerce", district="330206", position=1)  # fmt: skip
        db.session.add_all([trade, beilun])
        db.session.commit()
        unit_id = trade.id
    editor = make_user(email="editor@bureau.gov.cn", account_type="staff", roles=["editor"], unit_id=unit_id,
                       full_name="钱编辑")  # fmt: skip
    reviewer = make_user(email="reviewer@bureau.gov.cn", account_type="staff", roles=["reviewer"], unit_id=unit_id,
                         full_name="郑审核", lang="zh")  # fmt: skip
    return {"unit_id": unit_id, "editor": editor, "reviewer": reviewer}


def _published_policy(app, staff, title_en, title_zh, industry, body_zh="<p>正文。</p>", body_en=None):
    """A policy written and approved through the services, as the web would (for what the
    visitor must not find, and for the print test)."""
    from core.accounts.models import User
    from core.extensions import db
    from govportal.publishing import services
    from govportal.publishing.kinds import KINDS

    with app.test_request_context("/en/"):
        editor = db.session.get(User, staff["editor"].id)
        values, errors = services.clean(KINDS["policy"], {
            "unit_id": str(staff["unit_id"]), "title_zh": title_zh, "title_en": title_en, "body_zh": body_zh,
            "body_en": body_en or "", "policy_type": "document", "issuer_zh": "宁波市商务局",
            "issuer_en": "Ningbo Municipal Bureau of Commerce", "dated_on": "2026-11-02",
            "industries": [industry],
        }, editor)  # fmt: skip
        assert not errors, errors
        item = services.create(KINDS["policy"], editor, values)
        services.submit(item, editor)
        services.decide(item, db.session.get(User, staff["reviewer"].id), "approve")
        db.session.commit()
        return item.id


def _edit_url(item_id: int, lang: str = "en") -> re.Pattern:
    return re.compile(rf"/{lang}/staff/portal/{item_id}/$")


def _status(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def test_draft_return_fix_approve_then_a_visitor_finds_reads_and_follows_it(
    page: Page, browser: Browser, live_server, app, trade_staff, mailbox
):
    # Published already, in another industry and with the same word: the filter leaves it out.
    _published_policy(app, trade_staff, "Measures for textile exporters", "纺织品出口企业若干措施", "textiles")

    # The editor drafts the policy in the browser.
    sign_in(page, trade_staff["editor"].email, "en")
    page.goto("/en/staff/portal/")
    page.get_by_role("link", name="New: Policy", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New: Policy")
    page.get_by_label("Unit", exact=True).select_option(label="Foreign Trade Division")
    page.get_by_label("Title (Chinese)", exact=True).fill(TITLE_ZH)
    page.get_by_label("Text (Chinese)", exact=True).fill(f"<p>{BODY_ZH}</p>")
    page.get_by_label("Title (English)", exact=True).fill(TITLE_EN)
    page.get_by_label("Text (English)", exact=True).fill(f"<p>{BODY_EN}</p>")
    page.get_by_label("Type", exact=True).select_option(label="Policy document")
    page.get_by_label("Issuing authority (Chinese)", exact=True).fill("宁波市商务局")
    page.get_by_label("Issuing authority (English)", exact=True).fill("Ningbo Municipal Bureau of Commerce")
    page.get_by_label("Date of the document", exact=True).fill("2026-11-20")
    page.get_by_role("group", name="Industries it concerns (none: all)").get_by_label(
        "Machinery and equipment", exact=True
    ).check()
    page.get_by_role("button", name="Save", exact=True).click()
    _status(page, "Saved as a draft. Check it, then send it for review.")
    expect(page).to_have_url(re.compile(r"/en/staff/portal/\d+/$"))
    item_id = int(re.search(r"/staff/portal/(\d+)/", page.url).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(page.get_by_label("Machinery and equipment", exact=True)).to_be_checked()
    page.get_by_role("button", name="Send for review", exact=True).click()
    _status(page, "Sent for review: the reviewers of the unit are told.")
    assert mailbox.to("reviewer@bureau.gov.cn"), "the reviewer was not told"

    # The reviewer (in Chinese) opens it from the review queue, reads the preview, returns it.
    reviewer_context = browser.new_context(base_url=live_server)
    reviewer = reviewer_context.new_page()
    sign_in(reviewer, trade_staff["reviewer"].email, "zh")
    reviewer.goto("/zh/staff/portal/")
    reviewer.get_by_role("link", name=t("zh", "Waiting for my review"), exact=True).click()
    expect(reviewer).to_have_url(re.compile(r"/zh/staff/portal/review/$"))
    reviewer.get_by_role("link", name=TITLE_ZH, exact=True).click()
    expect(reviewer).to_have_url(_edit_url(item_id, "zh"))
    preview_link = reviewer.get_by_role("link", name=t("zh", "Preview as it will read"), exact=True)
    preview_url = preview_link.get_attribute("href")
    preview_link.click()
    expect(reviewer).to_have_url(re.compile(r"/gov/preview/"))
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(TITLE_ZH)
    expect(reviewer.locator(".rich-text")).to_contain_text(BODY_ZH)
    expect(reviewer.get_by_role("status").filter(has_text=t("zh", "Preview"))).to_be_visible()
    reviewer.go_back()
    expect(reviewer).to_have_url(_edit_url(item_id, "zh"))
    decision = reviewer.get_by_role("form", name=t("zh", "Your decision"))
    decision.get_by_label(t("zh", "Decision"), exact=True).select_option(label=t("zh", "Return with comments"))
    decision.get_by_label(t("zh", "Comments for the author (needed to return it)"), exact=True).fill(COMMENTS)
    decision.get_by_role("button", name=t("zh", "Record the decision"), exact=True).click()
    _status(reviewer, t("zh", "Returned to the author with your comments."))
    # Not public while it is not approved.
    visitor_check = page.request.get(f"/en/gov/policies/{item_id}/")
    assert visitor_check.status == 404

    # The editor sees the comments, fixes the text and sends it again.
    page.reload()
    expect(page.get_by_role("alert").filter(has_text=COMMENTS)).to_contain_text(
        t("en", "Reviewer's comments: %(reason)s", reason=COMMENTS)
    )
    page.get_by_label("Text (Chinese)", exact=True).fill(f"<p>{BODY_ZH}</p><p>{FIX_ZH}</p>")
    page.get_by_role("button", name="Save", exact=True).click()
    _status(page, "Saved.")
    page.get_by_role("button", name="Send for review", exact=True).click()
    _status(page, "Sent for review: the reviewers of the unit are told.")

    # The reviewer reads the draft's fixed text through the preview link (no sign-in needed),
    # then approves it.
    stranger_context = browser.new_context(base_url=live_server)
    stranger = stranger_context.new_page()
    response = stranger.goto(preview_url)
    assert response is not None and response.status == 200
    assert response.headers.get("x-robots-tag") == "noindex, nofollow"
    expect(stranger.locator(".rich-text")).to_contain_text(FIX_ZH)
    stranger_context.close()
    reviewer.goto("/zh/staff/portal/review/")
    reviewer.get_by_role("link", name=TITLE_ZH, exact=True).click()
    expect(reviewer).to_have_url(_edit_url(item_id, "zh"))
    decision = reviewer.get_by_role("form", name=t("zh", "Your decision"))
    decision.get_by_label(t("zh", "Decision"), exact=True).select_option(label=t("zh", "Approve"))
    decision.get_by_role("button", name=t("zh", "Record the decision"), exact=True).click()
    _status(reviewer, t("zh", "Approved and published."))
    reviewer_context.close()
    assert "Approved" in mailbox.last_to("editor@bureau.gov.cn")["Subject"]

    # A visitor finds it through the finder: an industry and a word.
    visitor_context = browser.new_context(base_url=live_server)
    visitor = visitor_context.new_page()
    visitor.goto("/en/gov/")
    visitor.get_by_role("navigation", name="Columns").get_by_role("link", name="Policies and regulations").click()
    expect(visitor).to_have_url(re.compile(r"/en/gov/policies/$"))
    finder = visitor.get_by_role("search", name="Find Policies and regulations")
    finder.get_by_label("Words", exact=True).fill("Measures")
    finder.get_by_label("Industry", exact=True).select_option(label="Machinery and equipment")
    finder.get_by_role("button", name="Find", exact=True).click()
    expect(visitor).to_have_url(re.compile(r"/en/gov/policies/\?.*industry=machinery"))
    results = visitor.locator(".publication-list")
    expect(results.get_by_role("link", name=TITLE_EN, exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Measures for textile exporters")).to_have_count(0)
    results.get_by_role("link", name=TITLE_EN, exact=True).click()

    # It reads in English, and in Chinese through the language switch.
    expect(visitor).to_have_url(re.compile(rf"/en/gov/policies/{item_id}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(visitor.locator(".rich-text")).to_contain_text(BODY_EN)
    facts = visitor.locator("dl.facts")
    expect(facts).to_contain_text("Ningbo Municipal Bureau of Commerce")
    expect(facts).to_contain_text("Machinery and equipment")
    visitor.get_by_role("navigation", name="Language").get_by_role("link", name="中文", exact=True).click()
    expect(visitor).to_have_url(re.compile(rf"/zh/gov/policies/{item_id}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE_ZH)
    expect(visitor.locator(".rich-text")).to_contain_text(FIX_ZH)
    expect(visitor.locator("dl.facts")).to_contain_text("宁波市商务局")
    history = visitor.get_by_role("region", name=t("zh", "History"))
    expect(history).to_contain_text("首次发布")

    # Its feed: the link on the page, fetched with the page's request API, lists it.
    feed_link = visitor.get_by_role(
        "link", name=t("zh", "Atom feed of %(what)s", what=t("zh", "Policies and regulations"))
    )
    feed_url = feed_link.get_attribute("href")
    assert feed_url == "/zh/gov/policies/feed.atom"
    feed = visitor.request.get(feed_url)
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    root = validate_atom(feed.body())  # RFC 4287, and parsed without entities or DTDs
    entries = {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}
    assert TITLE_ZH in entries, list(entries)
    link = entries[TITLE_ZH].find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.get("href") == f"{live_server}/zh/gov/policies/{item_id}/"
    assert visitor.request.get(link.get("href")).status == 200
    visitor_context.close()


def test_an_item_page_prints_its_title_and_text_without_the_site_navigation(page: Page, app, trade_staff):
    item_id = _published_policy(
        app,
        trade_staff,
        "Measures for exporters at fairs abroad",
        "外贸企业参加境外展会支持措施",
        "machinery",
        body_en='<p>Apply through the <a href="https://example.gov.cn/apply">online service</a>.</p>',
    )
    page.goto(f"/en/gov/policies/{item_id}/")
    header_nav = page.get_by_role("navigation", name="Main")
    expect(header_nav).to_be_visible()

    page.emulate_media(media="print")
    for hidden in (header_nav, page.get_by_role("navigation", name="Language"), page.locator(".site-footer"),
                   page.locator(".header-search"), page.locator(".no-print").first):  # fmt: skip
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures for exporters at fairs abroad")
    expect(page.locator(".rich-text")).to_be_visible()
    expect(page.locator(".rich-text")).to_contain_text("Apply through the online service")
    expect(page.locator("dl.facts")).to_be_visible()
    # The URL of a link in the text follows it on paper; black on white.
    after = page.locator(".rich-text a").evaluate("a => getComputedStyle(a, '::after').content")
    assert after == '" (https://example.gov.cn/apply)"', after
    colours = page.locator("body").evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    assert colours[0] == "rgb(0, 0, 0)" and colours[1] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), colours
    # Outside the article, links keep their text alone.
    finder_link = page.locator(".site-header a").first
    assert finder_link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")

    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
