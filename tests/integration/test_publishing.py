"""The portal's publishing workflow, as staff and the public meet it: an editor drafts, a
reviewer of the unit returns it with comments, the editor fixes it, the reviewer approves it;
the public reads it in both languages, finds it through the finder and the feed; an
amendment with a major change note reaches subscribers; a withdrawn item keeps its page but
leaves lists and feeds; a scheduled item goes public on time even when no job was queued for
it; nobody approves their own item, and a district's reviewer cannot decide another's."""

from __future__ import annotations

import re

import pytest

from core.extensions import db
from tests.atom import validate_atom
from tests.conftest import login, post_with_token, submit

POLICY = {
    "title_zh": "关于支持外贸企业拓展国际市场的若干措施",
    "title_en": "Measures to help exporters reach international markets",
    "summary_zh": "支持企业参加境外展会。",
    "summary_en": "Support for enterprises exhibiting at fairs abroad.",
    "body_zh": "<p>第一条 为支持外贸企业参加境外展会，制定本措施。</p><script>alert(1)</script>",
    "body_en": "<p>Article 1. These measures support exporters exhibiting at fairs abroad.</p>",
    "policy_type": "document",
    "doc_number": "甬商务〔2026〕12号",
    "issuer_zh": "宁波市商务局",
    "issuer_en": "Ningbo Municipal Bureau of Commerce",
    "dated_on": "2026-11-20",
    "effective_on": "2026-12-01",
    "industries": ["machinery"],
}


def _new(client, kind, data, unit_id):
    response = submit(client, f"/en/staff/portal/new/{kind}", {"unit_id": str(unit_id), **data})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return int(re.search(r"/staff/portal/(\d+)/", response.headers["Location"]).group(1))


def _decide(client, item_id, decision, reason=""):
    return submit(
        client,
        f"/en/staff/portal/{item_id}/decide",
        {"decision": decision, "reason": reason},
        form_url=f"/en/staff/portal/{item_id}/",
        follow_redirects=True,
    )


def _item(app, item_id):
    from govportal.publishing.models import Publication

    with app.app_context():
        found = db.session.get(Publication, item_id)
        db.session.expunge(found)
        return found


def test_draft_return_fix_approve_then_the_public_reads_finds_and_follows_it(app, client, staff, units, mailbox):
    login(client, staff["editor"].email)
    item_id = _new(client, "policy", POLICY, units["trade"])
    item = _item(app, item_id)
    assert item.status == "draft" and "<script>" not in item.body_zh
    assert client.get(f"/en/gov/policies/{item_id}/").status_code == 404  # a draft is not public
    post_with_token(client, f"/en/staff/portal/{item_id}/submit", token_page=f"/en/staff/portal/{item_id}/")
    assert _item(app, item_id).status == "submitted"
    told = mailbox.to("reviewer@bureau.gov.cn")
    assert told and "Waiting for your review" in told[-1]["Subject"]
    assert mailbox.to("city-reviewer@bureau.gov.cn")  # city-level reviewers are told too
    assert not mailbox.to("beilun-reviewer@bureau.gov.cn")  # another unit's are not

    reviewer = app.test_client()
    login(reviewer, staff["reviewer"].email)
    assert "Measures to help exporters" in reviewer.get("/en/staff/portal/review/").get_data(as_text=True)
    # Returning needs a reason; with one, the author sees it.
    page = _decide(reviewer, item_id, "return").get_data(as_text=True)
    assert "Give a reason" in page and _item(app, item_id).status == "submitted"
    _decide(reviewer, item_id, "return", "Give the effective date of article 3.")
    assert _item(app, item_id).status == "returned"
    assert "Give the effective date of article 3." in client.get(f"/en/staff/portal/{item_id}/").get_data(as_text=True)

    fixed = {**POLICY, "body_zh": POLICY["body_zh"] + "<p>第三条 本措施自2026年12月1日起施行。</p>"}
    assert submit(client, f"/en/staff/portal/{item_id}/", {"unit_id": str(units["trade"]), **fixed}).status_code == 302
    post_with_token(client, f"/en/staff/portal/{item_id}/submit", token_page=f"/en/staff/portal/{item_id}/")
    _decide(reviewer, item_id, "approve")
    item = _item(app, item_id)
    assert item.status == "published" and item.version == 1
    assert "Approved" in mailbox.to("editor@bureau.gov.cn")[-1]["Subject"]

    public = app.test_client()
    en = public.get(f"/en/gov/policies/{item_id}/").get_data(as_text=True)
    zh = public.get(f"/zh/gov/policies/{item_id}/").get_data(as_text=True)
    assert "Measures to help exporters reach international markets" in en and "甬商务〔2026〕12号" in en
    assert "关于支持外贸企业拓展国际市场的若干措施" in zh and "第三条" in zh
    assert '"@type": "Legislation"' in en and 'hreflang="zh' in en
    found = public.get("/en/gov/policies/?q=国际市场&industry=machinery").get_data(as_text=True)
    assert f"/en/gov/policies/{item_id}/" in found
    assert f"/en/gov/policies/{item_id}/" not in public.get("/en/gov/policies/?industry=textiles").get_data(
        as_text=True
    )
    feed = public.get("/en/gov/policies/feed.atom")
    assert feed.content_type.startswith("application/atom+xml")
    root = validate_atom(feed.data)
    assert f"/en/gov/policies/{item_id}/" in feed.get_data(as_text=True) and root is not None
    assert "Measures to help exporters" in public.get("/en/gov/").get_data(as_text=True)


def test_nobody_decides_on_what_they_submitted_nor_on_another_units_items(app, client, staff, units):
    from core.errors import Forbidden
    from govportal.publishing import services
    from govportal.publishing.models import Publication

    login(client, staff["writer_reviewer"].email)
    item_id = _new(
        client, "notice", {"title_zh": "通知", "title_en": "Notice", "body_zh": "<p>内容</p>"}, units["trade"]
    )
    post_with_token(client, f"/en/staff/portal/{item_id}/submit", token_page=f"/en/staff/portal/{item_id}/")
    page = _decide(client, item_id, "approve").get_data(as_text=True)
    assert _item(app, item_id).status == "submitted", "the author approved their own item"
    assert "Someone other than the author" in page

    beilun = app.test_client()
    login(beilun, staff["beilun_editor"].email)
    district_item = _new(
        beilun,
        "notice",
        {"title_zh": "北仑通知", "title_en": "Beilun notice", "body_zh": "<p>内容</p>"},
        units["beilun"],
    )
    # An editor of Beilun cannot write for another unit, nor open the trade division's item.
    assert beilun.get(f"/en/staff/portal/{item_id}/").status_code == 403
    refused = submit(
        beilun,
        "/en/staff/portal/new/notice",
        {"unit_id": str(units["trade"]), "title_zh": "x", "title_en": "x", "body_zh": "<p>x</p>"},
    )
    assert refused.status_code == 200 and "You write for your own unit only." in refused.get_data(as_text=True)
    post_with_token(beilun, f"/en/staff/portal/{district_item}/submit", token_page=f"/en/staff/portal/{district_item}/")

    yinzhou = app.test_client()
    login(yinzhou, staff["yinzhou_reviewer"].email)
    assert yinzhou.get(f"/en/staff/portal/{district_item}/").status_code == 403
    with app.test_request_context("/en/"):
        from core.accounts.models import User

        other = db.session.get(User, staff["yinzhou_reviewer"].id)
        with pytest.raises(Forbidden):
            services.decide(db.session.get(Publication, district_item), other, "approve")
        db.session.rollback()
    city = app.test_client()
    login(city, staff["city_reviewer"].email)
    _decide(city, district_item, "approve")
    assert _item(app, district_item).status == "published"


def test_the_edit_form_shows_whom_an_item_concerns(app, client, staff, units):
    """The industries and districts chosen are ticked when the form opens again (they were not,
    so saving a fix cleared them and the item left the finder's industry filter)."""
    login(client, staff["editor"].email)
    item_id = _new(client, "policy", {**POLICY, "districts": ["330206"]}, units["trade"])
    page = client.get(f"/en/staff/portal/{item_id}/").get_data(as_text=True)
    ticked = set(re.findall(r'<input checked id="[^"]+" name="(\w+)" type="checkbox" value="(\w+)"', page))
    assert ticked == {("industries", "machinery"), ("districts", "330206")}


def test_an_amendment_through_the_form_waits_with_its_note_and_becomes_the_next_version(app, client, staff, units):
    """Saving the form of a published item proposes an amendment (it was a 500: the change note
    is no column, and the review compared it with the item's attribute of that name)."""
    from govportal.publishing.models import PublicationVersion

    login(client, staff["editor"].email)
    item_id = _new(client, "policy", POLICY, units["trade"])
    post_with_token(client, f"/en/staff/portal/{item_id}/submit", token_page=f"/en/staff/portal/{item_id}/")
    reviewer = app.test_client()
    login(reviewer, staff["reviewer"].email)
    _decide(reviewer, item_id, "approve")
    assert _item(app, item_id).status == "published"

    amended = {**POLICY, "body_en": POLICY["body_en"] + "<p>Article 2. Applications close on 31 March.</p>"}
    notes = {"change_note_zh": "补充申报截止日期。", "change_note_en": "Adds the closing date.", "major_change": "y"}
    for _ in range(2):  # saved twice: the second save keeps the revision and its note
        response = submit(client, f"/en/staff/portal/{item_id}/", {"unit_id": str(units["trade"]), **amended, **notes})
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    item = _item(app, item_id)
    assert item.status == "published" and "Article 2" not in item.body_en
    assert item.pending_revision["change_note_zh"] == "补充申报截止日期。" and item.pending_revision["major_change"]
    assert "Article 2" in item.pending_revision["body_en"]

    _decide(reviewer, item_id, "approve")
    item = _item(app, item_id)
    assert "Article 2" in item.body_en and item.pending_revision is None and item.version == 2
    with app.app_context():
        latest = db.session.scalar(
            db.select(PublicationVersion).where(
                PublicationVersion.publication_id == item_id, PublicationVersion.number == 2
            )
        )
        assert latest.major and latest.note_en == "Adds the closing date."
    assert "Adds the closing date." in app.test_client().get(f"/en/gov/policies/{item_id}/").get_data(as_text=True)
