"""The portal's publishing rules, as the people they concern notice them: who may do what in which
unit (refused on the server, nothing changed), withdrawn items leaving every list while their
page stays, scheduled items going public on time without a queued job, amendments (major ones
shown and mailed, minor ones not), policies' links and validity, mail subscriptions end to end,
unpublishing, attachments checked by content, the exhibitor's panel, the JSON API, the feeds
and the JSON-LD of item pages. On both databases."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from sqlalchemy import func, select

from core.extensions import db
from tests import data
from tests.atom import NS, validate_atom
from tests.conftest import csrf_from, post_with_token, submit

BEIJING = ZoneInfo("Asia/Shanghai")
TOKEN_PAGE = "/en/gov/subscribe/"  # a public page with a form: any session gets a CSRF token there


def _policy(n: int = 1, **changes) -> dict:
    fields = {
        "title_zh": f"关于支持外贸企业发展的若干措施（{n}）",
        "title_en": f"Measures to support exporters no. {n}",
        "summary_en": f"Support for exporters, part {n}.",
        "body_zh": "<p>第一条 为支持外贸企业参加境外展会，制定本措施。</p>",
        "body_en": "<p>Article 1. These measures support exporters exhibiting abroad.</p>",
        "policy_type": "document",
        "doc_number": f"甬商务〔2026〕{n}号",
        "issuer_zh": "宁波市商务局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce",
        "dated_on": "2026-01-05",
        "effective_on": "2026-01-10",
        "industries": ["machinery"],
    }
    fields.update(changes)
    return fields


def _notice(title_en: str, industries=(), **changes) -> dict:
    fields = {
        "title_zh": f"通知：{title_en}",
        "title_en": title_en,
        "summary_en": f"What {title_en} asks of enterprises.",
        "body_zh": "<p>请相关企业按时报送材料。</p>",
        "body_en": "<p>Enterprises concerned send their documents in time.</p>",
        "industries": list(industries),
    }
    fields.update(changes)
    return fields


GUIDE = {
    "title_zh": "对外贸易经营者备案办事指南",
    "title_en": "Guide: registering as a foreign trade operator",
    "summary_en": "How to register as a foreign trade operator.",
    "body_zh": "<p>办理对外贸易经营者备案。</p>",
    "item_zh": "对外贸易经营者备案",
    "item_en": "Foreign trade operator registration",
    "materials_zh": "营业执照\n备案登记表",
    "steps_zh": "网上申请\n窗口领取",
    "statutory_days": "5",
    "promised_days": "2",
}


# ---------------------------------------------------------------- helpers


def _user(app, user_id):
    from core.accounts.models import User

    return db.session.get(User, user_id)


def _publish(app, kind, fields, unit_id, author, reviewer=None, stage="published"):
    """An item written by ``author`` in the unit and taken to ``stage`` (draft, submitted, or
    published by ``reviewer``) through the services the staff screens call; its mail and jobs go
    out as after a request."""
    from core.db import commit
    from govportal.publishing import services
    from govportal.publishing.kinds import KINDS

    with app.test_request_context("/en/"):
        writer = _user(app, author.id)
        values, errors = services.clean(KINDS[kind], {"unit_id": str(unit_id), **fields}, writer)
        assert not errors, errors
        item = services.create(KINDS[kind], writer, values)
        if stage != "draft":
            services.submit(item, writer)
        if stage == "published":
            services.decide(item, _user(app, reviewer.id), "approve")
        commit()
        return item.id


def _approve(app, item_id, author, reviewer):
    """Send an item made through the staff form for review, and approve it."""
    from core.db import commit
    from govportal.publishing import services
    from govportal.publishing.models import Publication

    with app.test_request_context("/en/"):
        item = db.session.get(Publication, item_id)
        services.submit(item, _user(app, author.id))
        services.decide(item, _user(app, reviewer.id), "approve")
        commit()


def _withdraw(app, item_id, reviewer, reason="Replaced by a newer notice."):
    from core.db import commit
    from govportal.publishing import services
    from govportal.publishing.models import Publication

    with app.test_request_context("/en/"):
        services.withdraw(db.session.get(Publication, item_id), _user(app, reviewer.id), reason)
        commit()


def _state(app, item_id):
    """What the database says of an item: status, version, English title, pending amendment."""
    from govportal.publishing.models import Publication

    with app.app_context():
        item = db.session.get(Publication, item_id)
        if item is None:
            return None
        return (item.status, item.version, item.title_en, item.unit_id, item.pending_revision)


def _item(app, item_id):
    from govportal.publishing.models import Publication

    with app.app_context():
        found = db.session.get(Publication, item_id)
        db.session.expunge(found)
        return found


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _audit(app, item_id, action):
    from core.audit import AuditEntry

    with app.app_context():
        return db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.object_type == "publications",
                AuditEntry.object_id == str(item_id),
                AuditEntry.action == action,
            )
            .order_by(AuditEntry.id)
        ).all()


def _run_scheduler(app, now):
    """One tick of the scheduler at ``now``, then every job queued, as the worker runs them."""
    from core import schedule
    from core.jobs import JobRun, JobStatus, run_inprocess

    with app.test_request_context("/en/"):
        started = schedule.tick(now)
    with app.app_context():
        for run_id in db.session.scalars(select(JobRun.id).where(JobRun.status == JobStatus.QUEUED)).all():
            run_inprocess(run_id)
    return started


def _send(client, url, fields, files=(), form_url=None, follow_redirects=False):
    """Open the form like a browser and post it with ``files`` [(name, bytes)] as uploads."""
    page = client.get(form_url or url)
    assert page.status_code == 200, page.status_code
    payload = {"csrf_token": csrf_from(page.get_data(as_text=True)), **fields}
    payload["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(url, data=payload, content_type="multipart/form-data", follow_redirects=follow_redirects)


def _new_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return int(re.search(r"/staff/portal/(\d+)/", response.headers["Location"]).group(1))


def _decide(client, item_id, decision, reason=""):
    return submit(client, f"/en/staff/portal/{item_id}/decide", {"decision": decision, "reason": reason},
                  form_url=f"/en/staff/portal/{item_id}/", follow_redirects=True)  # fmt: skip


def _signed_in(app, user, client=None):
    """A client signed in as ``user``, with the session a sign-in leaves (signing in itself is
    tested with the accounts; its password hashing would take most of this file's time)."""
    client = client or app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return client


def _ids_in(text: str, path: str) -> set[int]:
    """The ids of items of the kind at ``path`` (``notices``) that a page or feed links to."""
    return {int(n) for n in re.findall(rf"/gov/{path}/(\d+)/", text)}


def _feed_ids(body: bytes) -> list[tuple[str, int]]:
    root = validate_atom(body)
    out = []
    for link in root.findall("atom:entry/atom:link[@rel='alternate']", NS):
        path, number = re.search(r"/gov/(\w+)/(\d+)/$", link.get("href")).groups()
        out.append((path, int(number)))
    return out


def _json_ld(page: str) -> list[dict]:
    tree = etree.HTML(page)
    return [json.loads(script.text) for script in tree.iter("script") if script.get("type") == "application/ld+json"]


def _confirmed_subscription(app, email, industries="", frequency="immediate", kinds=",notice,policy,", lang="en"):
    from core.db import utcnow
    from govportal.publishing.models import Subscription

    with app.app_context():
        found = Subscription(email=email, language=lang, kinds=kinds, industries=industries, frequency=frequency,
                             confirmed_at=utcnow())  # fmt: skip
        db.session.add(found)
        db.session.commit()
        return found.id


# ---------------------------------------------------------------- 1. who may do what, in which unit

# (role, where the actor works relative to the items' unit): the items belong to the foreign trade
# division; "own" is that division, "other" the Beilun bureau, "city" no unit (the city level).
ACTORS = [
    *((role, where) for role in ("editor", "reviewer", "moderator", "admin") for where in ("own", "other", "city")),
    ("buyer", None),
    ("exhibitor", None),
    ("visitor", None),
]


def _may_write(role, where) -> bool:
    return role == "admin" or (role in ("editor", "reviewer") and where in ("own", "city"))


def _may_decide(role, where) -> bool:
    return role == "admin" or (role == "reviewer" and where in ("own", "city"))


def _refused(response, role):
    """Refused on the server: a visitor is sent to sign in, anyone else gets 403."""
    if role == "visitor":
        return response.status_code == 302 and "/account/login" in response.headers["Location"]
    return response.status_code == 403


@pytest.mark.parametrize(("role", "where"), ACTORS, ids=[f"{r}-{w}" if w else r for r, w in ACTORS])
def test_who_may_list_write_submit_decide_withdraw_unpublish_and_read_the_history(
    app, units, make_user, make_exhibitor, role, where
):
    from govportal.publishing.models import Publication

    trade = units["trade"]
    author = make_user(email="author@bureau.gov.cn", account_type="staff", roles=["editor"], unit_id=trade)
    reviewer = make_user(email="decider@bureau.gov.cn", account_type="staff", roles=["reviewer"], unit_id=trade)
    draft = _publish(app, "notice", _notice("Draft to edit"), trade, author, stage="draft")
    to_submit = _publish(app, "notice", _notice("Draft to send"), trade, author, stage="draft")
    waiting = _publish(app, "notice", _notice("Waiting for a decision"), trade, author, stage="submitted")
    to_withdraw = _publish(app, "notice", _notice("Published, to withdraw"), trade, author, reviewer)
    to_unpublish = _publish(app, "notice", _notice("Published, to unpublish"), trade, author, reviewer)
    items = (draft, to_submit, waiting, to_withdraw, to_unpublish)
    before = {i: _state(app, i) for i in items}
    assert [before[i][0] for i in items] == ["draft", "draft", "submitted", "published", "published"]

    unit_of = {"own": trade, "other": units["beilun"], "city": None}
    if role == "exhibitor":
        actor = make_exhibitor(email="actor@exporter.example")
    elif role in ("buyer", "visitor"):
        actor = make_user(email="actor@buyer.example")
    else:
        actor = make_user(email="actor@bureau.gov.cn", account_type="staff", roles=[role], unit_id=unit_of[where])
    client = app.test_client() if role == "visitor" else _signed_in(app, actor)
    writes, decides = _may_write(role, where), _may_decide(role, where)
    staff_screens = role in ("editor", "reviewer", "admin")

    def post(url, fields=None):
        return post_with_token(client, url, fields or {}, token_page=TOKEN_PAGE)

    # The staff list: writers and reviewers of any unit see it (their unit's items).
    listed = client.get("/en/staff/portal/")
    if staff_screens:
        assert listed.status_code == 200
        shown = {int(n) for n in re.findall(r"/staff/portal/(\d+)/", listed.get_data(as_text=True))}
        assert (waiting in shown) == writes, "the list shows another unit's items"
    else:
        assert _refused(listed, role)

    # Creating, in the items' unit, then in the actor's own (another) unit.
    created = post("/en/staff/portal/new/notice", {"unit_id": str(trade), **_notice("New in the division")})
    made = _count(app, Publication, Publication.title_en == "New in the division")
    if writes:
        assert created.status_code == 302 and made == 1
    elif staff_screens:  # another unit's writer: the form says why, nothing is saved
        assert created.status_code == 200 and "You write for your own unit only." in created.get_data(as_text=True)
        assert made == 0
        elsewhere = post("/en/staff/portal/new/notice", {"unit_id": str(units["beilun"]), **_notice("In Beilun")})
        assert elsewhere.status_code == 302
        assert _count(app, Publication, Publication.title_en == "In Beilun", Publication.unit_id == units["beilun"])
    else:
        assert _refused(created, role) and made == 0

    # Editing a draft of the division.
    edited = post(f"/en/staff/portal/{draft}/", {"unit_id": str(trade), **_notice("Draft, edited")})
    if writes:
        assert edited.status_code == 302 and _state(app, draft)[2] == "Draft, edited"
    else:
        assert _refused(edited, role) and _state(app, draft) == before[draft]

    # Sending a draft for review.
    sent = post(f"/en/staff/portal/{to_submit}/submit")
    if writes:
        assert _state(app, to_submit)[0] == "submitted"
    else:
        assert _refused(sent, role) and _state(app, to_submit) == before[to_submit]

    # Deciding on an item someone else submitted: returning it, approving it.
    if not decides:
        returned = post(f"/en/staff/portal/{waiting}/decide", {"decision": "return", "reason": "Not yours."})
        assert _refused(returned, role) and _state(app, waiting) == before[waiting]
    decided = post(f"/en/staff/portal/{waiting}/decide", {"decision": "approve", "reason": ""})
    if decides:
        assert decided.status_code == 302 and _state(app, waiting)[:2] == ("published", 1)
    else:
        assert _refused(decided, role) and _state(app, waiting) == before[waiting]

    # Withdrawing a published item.
    withdrawn = post(f"/en/staff/portal/{to_withdraw}/withdraw", {"reason": "Out of date."})
    if decides:
        assert _state(app, to_withdraw)[0] == "withdrawn"
    else:
        assert _refused(withdrawn, role) and _state(app, to_withdraw) == before[to_withdraw]

    # Unpublishing: administrators only, whatever their unit.
    unpublished = post(f"/en/staff/portal/{to_unpublish}/unpublish", {"note": "Published in error."})
    if role == "admin":
        assert _state(app, to_unpublish)[0] == "unpublished"
    else:
        assert _refused(unpublished, role) and _state(app, to_unpublish) == before[to_unpublish]

    # The history and differences.
    history = client.get(f"/en/staff/portal/{to_withdraw}/history")
    if writes:
        assert history.status_code == 200 and "Audit log" in history.get_data(as_text=True)
    else:
        assert _refused(history, role)

    if not (writes or decides):  # refused everywhere: nothing at all was written
        assert _count(app, Publication) == 5 + (1 if staff_screens else 0)  # (+ the one written in Beilun)
        assert {i: _state(app, i) for i in items} == before


# ---------------------------------------------------------------- 2. withdrawn: out of every list, the page stays


def _everywhere(app, client, item_id) -> dict:
    """Where the public finds notice ``item_id``: {place: whether it is there}."""
    base = app.config["BASE_URL"]
    url = f"/en/gov/notices/{item_id}/"
    api = client.get("/api/v1/gov/publications?kind=notice").get_json()
    return {
        "finder": url in client.get("/en/gov/notices/").get_data(as_text=True),
        "finder search": url in client.get("/en/gov/notices/?q=Zephyrine").get_data(as_text=True),
        "type feed": url in client.get("/en/gov/notices/feed.atom").get_data(as_text=True),
        "district feed": url in client.get("/en/gov/districts/beilun/feed.atom").get_data(as_text=True),
        "district page": url in client.get("/en/gov/districts/beilun/").get_data(as_text=True),
        "sitemap": base + url in client.get("/sitemaps/publications-en-1.xml").get_data(as_text=True),
        "site search": url in client.get("/en/search?q=Zephyrine").get_data(as_text=True),
        "api list": item_id in [entry["id"] for entry in api["items"]],
        "portal home": url in client.get("/en/gov/").get_data(as_text=True),
        "site home": url in client.get("/en/").get_data(as_text=True),
    }


def test_a_withdrawn_notice_leaves_every_list_feed_and_search_but_keeps_its_page_with_the_reason(
    app, client, staff, units
):
    beilun = units["beilun"]
    editor, reviewer = staff["beilun_editor"], staff["beilun_reviewer"]
    gone = _publish(app, "notice", _notice("Zephyrine port logistics subsidy"), beilun, editor, reviewer)
    stays = _publish(app, "notice", _notice("Zephyrine trade fair booths"), beilun, editor, reviewer)
    seen = _everywhere(app, client, gone)
    assert all(seen.values()), f"not listed before it was withdrawn: {seen}"

    staff_client = _signed_in(app, reviewer)
    done = submit(staff_client, f"/en/staff/portal/{gone}/withdraw",
                  {"reason": "The subsidy was merged into the 2027 programme."},
                  form_url=f"/en/staff/portal/{gone}/", follow_redirects=True)  # fmt: skip
    assert "Withdrawn: it has left the lists and feeds" in done.get_data(as_text=True)
    assert _state(app, gone)[0] == "withdrawn"

    seen = _everywhere(app, client, gone)
    assert not any(seen.values()), f"still listed after it was withdrawn: {[k for k, v in seen.items() if v]}"
    assert all(_everywhere(app, client, stays).values()), "the other notice left a list too"

    page = client.get(f"/en/gov/notices/{gone}/")
    html = page.get_data(as_text=True)
    withdrawn_on = _item(app, gone).withdrawn_at.replace(tzinfo=UTC).astimezone(BEIJING)  # dates read in Beijing
    assert page.status_code == 200 and "Zephyrine port logistics subsidy" in html
    assert "The subsidy was merged into the 2027 programme." in html
    assert f"Withdrawn on {withdrawn_on:%B} {withdrawn_on.day}, {withdrawn_on.year}" in html
    assert '<meta name="robots" content="noindex">' in html
    detail = client.get(f"/api/v1/gov/publications/{gone}").get_json()
    assert detail["status"] == "withdrawn"
    assert detail["withdrawn"]["reason"] == "The subsidy was merged into the 2027 programme."
    assert datetime.fromisoformat(detail["withdrawn"]["at"]).replace(tzinfo=UTC) == withdrawn_on


# ---------------------------------------------------------------- 3. scheduled: on time, with no queued job


def test_a_scheduled_notice_goes_public_on_time_after_its_queued_jobs_were_lost_and_only_once(
    app, client, staff, units
):
    from core.jobs import JobRun
    from govportal.publishing.models import PublicationVersion

    trade = units["trade"]
    when = (datetime.now(BEIJING) + timedelta(hours=3)).replace(second=0, microsecond=0)
    editor = _signed_in(app, staff["editor"])
    fields = {"unit_id": str(trade), **_notice("Export credit insurance webinar"),
              "scheduled_for": when.strftime("%Y-%m-%dT%H:%M")}  # fmt: skip
    item_id = _new_id(submit(editor, "/en/staff/portal/new/notice", fields))
    cancelled = _new_id(submit(editor, "/en/staff/portal/new/notice",
                               {**fields, **_notice("Webinar postponed sine die")}))  # fmt: skip
    for number in (item_id, cancelled):
        post_with_token(editor, f"/en/staff/portal/{number}/submit", token_page=f"/en/staff/portal/{number}/")
    reviewer = _signed_in(app, staff["reviewer"])
    for number in (item_id, cancelled):
        page = _decide(reviewer, number, "approve").get_data(as_text=True)
        assert "Approved: it will be published at the time set." in page
        assert _state(app, number)[:2] == ("scheduled", 0)
    assert client.get(f"/en/gov/notices/{item_id}/").status_code == 404
    assert f"/en/gov/notices/{item_id}/" not in client.get("/en/gov/notices/").get_data(as_text=True)

    # The author takes one back: a draft again, reviewed again before it is public.
    page = post_with_token(editor, f"/en/staff/portal/{cancelled}/unschedule",
                           token_page=f"/en/staff/portal/{cancelled}/", follow_redirects=True)  # fmt: skip
    assert "No longer scheduled: it is a draft again." in page.get_data(as_text=True)
    assert _state(app, cancelled)[0] == "draft" and _audit(app, cancelled, "publication.unscheduled")

    with app.app_context():  # whatever was queued is lost (a worker's queue flushed, a crash)
        db.session.execute(JobRun.__table__.delete())
        db.session.commit()
    utc = when.astimezone(UTC)
    assert "publishing.sweep" in _run_scheduler(app, utc - timedelta(minutes=30))
    assert _state(app, item_id)[0] == "scheduled"
    assert client.get(f"/en/gov/notices/{item_id}/").status_code == 404

    assert "publishing.sweep" in _run_scheduler(app, utc)
    assert _state(app, item_id)[:2] == ("published", 1)
    page = client.get(f"/en/gov/notices/{item_id}/")
    assert page.status_code == 200 and "Export credit insurance webinar" in page.get_data(as_text=True)
    assert f"/en/gov/notices/{item_id}/" in client.get("/en/gov/notices/").get_data(as_text=True)
    published = _audit(app, item_id, "publication.published")
    assert len(published) == 1 and published[0].detail["by"] == "schedule" and published[0].actor_id is None

    _run_scheduler(app, utc + timedelta(minutes=1))  # the next minute's sweep finds nothing to do
    _run_scheduler(app, utc + timedelta(minutes=1))  # nor does a repeated tick
    assert len(_audit(app, item_id, "publication.published")) == 1
    assert _count(app, PublicationVersion, PublicationVersion.publication_id == item_id) == 1
    assert _state(app, item_id)[:2] == ("published", 1)
    assert _state(app, cancelled)[0] == "draft"  # taken back: its time passed, it stays a draft
    assert client.get(f"/en/gov/notices/{cancelled}/").status_code == 404
    history = editor.get(f"/en/staff/portal/{item_id}/history").get_data(as_text=True)
    assert "the system (schedule)" in history


# ---------------------------------------------------------------- 4. amendments


def test_amendments_wait_for_review_and_only_major_ones_are_shown_and_mailed(app, client, staff, units, mailbox):
    from govportal.publishing.models import PublicationVersion

    trade = units["trade"]
    _confirmed_subscription(app, "anna@exporter.example", ",machinery,")
    _confirmed_subscription(app, "tex@exporter.example", ",textiles,")
    with app.app_context():
        from govportal.publishing.models import Subscription

        db.session.add(Subscription(email="later@exporter.example", language="en", industries=",machinery,"))
        db.session.commit()
    item_id = _publish(app, "policy", _policy(), trade, staff["editor"], staff["reviewer"])
    assert [m["Subject"] for m in mailbox.to("anna@exporter.example")] == ["New: Measures to support exporters no. 1"]
    mailbox.clear()
    url = f"/en/gov/policies/{item_id}/"
    editor = _signed_in(app, staff["editor"])
    reviewer = _signed_in(app, staff["reviewer"])

    def amend(body_extra, note_en, major):
        fields = {"unit_id": str(trade), **_policy(), "body_zh": _policy()["body_zh"] + body_extra,
                  "change_note_zh": f"修改：{note_en}", "change_note_en": note_en}  # fmt: skip
        if major:
            fields["major_change"] = "y"
        response = submit(editor, f"/en/staff/portal/{item_id}/", fields, follow_redirects=True)
        assert "The amendment waits for review; the published version stays until then." in response.get_data(
            as_text=True
        )

    # A major amendment waits: the public reads the old text, the reviewer sees what changes.
    amend("<p>第二条 补贴比例提高到百分之五十。</p>", "Raised the subsidy rate to 50%.", major=True)
    assert "补贴比例提高" not in client.get(f"/zh/gov/policies/{item_id}/").get_data(as_text=True)
    assert _state(app, item_id)[1] == 1
    assert "An amendment of" in mailbox.text_of(mailbox.last_to("reviewer@bureau.gov.cn"))
    history = reviewer.get(f"/en/staff/portal/{item_id}/history").get_data(as_text=True)
    pending = history.split('id="pending-title"', 1)[1].split("</section>", 1)[0]
    assert '修改：Raised the subsidy rate to 50%. <span class="badge">Major change</span>' in pending
    assert '<ins><span class="visually-hidden">Added: </span>第二条 补贴比例提高到百分之五十。</ins>' in pending
    assert '<li class="diff-same">第一条 为支持外贸企业参加境外展会，制定本措施。</li>' in pending  # around it

    _decide(reviewer, item_id, "approve")
    assert _state(app, item_id)[1:] == (2, "Measures to support exporters no. 1", trade, None)
    zh = client.get(f"/zh/gov/policies/{item_id}/").get_data(as_text=True)
    en = client.get(url).get_data(as_text=True)
    assert "第二条 补贴比例提高到百分之五十。" in zh
    assert "Raised the subsidy rate to 50%." in en and "First published" in en  # the public history
    mails = mailbox.to("anna@exporter.example")
    assert [m["Subject"] for m in mails] == ["Changed: Measures to support exporters no. 1"]
    assert "What changed: Raised the subsidy rate to 50%." in mailbox.text_of(mails[0])
    assert mails[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/en/gov/subscribe/unsubscribe/" in mails[0]["List-Unsubscribe"]
    assert not mailbox.to("tex@exporter.example") and not mailbox.to("later@exporter.example")

    # A minor one (a typo): no mail, nothing on the public page, but staff see it in the history.
    article_3 = "<p>第三条 本措施自发布之日起施行。</p>"
    amend("<p>第二条 补贴比例提高到百分之五十。</p>" + article_3, "Typo in article 3.", major=False)
    _decide(reviewer, item_id, "approve")
    assert _state(app, item_id)[1] == 3
    en = client.get(url).get_data(as_text=True)
    assert "Typo in article 3." not in en and "Raised the subsidy rate to 50%." in en
    assert "第三条 本措施自发布之日起施行。" in client.get(f"/zh/gov/policies/{item_id}/").get_data(as_text=True)
    assert len(mailbox.to("anna@exporter.example")) == 1
    history = editor.get(f"/en/staff/portal/{item_id}/history").get_data(as_text=True)
    assert re.search(r'Version 3 · [^<]+<span class="badge">Minor change</span></h3>\s*'
                     r"<p>修改：Typo in article 3. / Typo in article 3.</p>", history)  # fmt: skip
    with app.app_context():
        versions = db.session.scalars(
            select(PublicationVersion.major).where(PublicationVersion.publication_id == item_id)
            .order_by(PublicationVersion.number)
        ).all()  # fmt: skip
    assert versions == [True, True, False]

    # A returned amendment leaves the public version as it was.
    amend("<p>第九条 删除全部补贴。</p>", "Cut every subsidy.", major=True)
    page = _decide(reviewer, item_id, "return", "Article 9 contradicts the budget.").get_data(as_text=True)
    assert "Returned to the author with your comments." in page
    assert _state(app, item_id)[1:] == (3, "Measures to support exporters no. 1", trade, None)
    zh = client.get(f"/zh/gov/policies/{item_id}/").get_data(as_text=True)
    assert "第九条" not in zh and "第三条 本措施自发布之日起施行。" in zh
    assert "Cut every subsidy." not in client.get(url).get_data(as_text=True)
    assert len(mailbox.to("anna@exporter.example")) == 1
    assert _audit(app, item_id, "publication.revision_returned")


# ---------------------------------------------------------------- 5. links between policies and their validity


def _validity(client, item_id) -> str:
    page = client.get(f"/en/gov/policies/{item_id}/").get_data(as_text=True)
    return re.search(r"<dt>Validity</dt><dd>([^<]+)</dd>", page).group(1)


def test_repeals_amends_and_interpretations_show_both_ways_and_validity_follows_links_and_dates(
    app, client, staff, units
):
    trade, editor, reviewer = units["trade"], staff["editor"], staff["reviewer"]
    old = _publish(app, "policy", _policy(1, effective_on="2025-01-01"), trade, editor, reviewer)
    base = _publish(app, "policy", _policy(2), trade, editor, reviewer)
    today = datetime.now(UTC).date()
    ending = _publish(app, "policy", _policy(3, effective_on="2024-01-01",
                                             expires_on=(today + timedelta(days=1)).isoformat()),
                      trade, editor, reviewer)  # fmt: skip
    upcoming = _publish(app, "policy", _policy(8, effective_on=(today + timedelta(days=1)).isoformat()), trade,
                        editor, reviewer)  # fmt: skip
    assert [_validity(client, i) for i in (old, base, ending)] == ["In force"] * 3
    assert _validity(client, upcoming) == "Not yet in force"

    repealing = _publish(app, "policy", _policy(4, repeals="甬商务〔2026〕1号"), trade, editor, reviewer)
    amending = _publish(app, "policy", _policy(5, amends=f"#{base}"), trade, editor, reviewer)
    explains = _policy(6, policy_type="interpretation", doc_number="", interprets="甬商务〔2026〕2号")
    interpretation = _publish(app, "policy", explains, trade, editor, reviewer)

    page = client.get(f"/en/gov/policies/{old}/").get_data(as_text=True)
    assert _validity(client, old) == "Repealed"
    assert re.search(rf"Repealed by:\s*<a href=\"/en/gov/policies/{repealing}/\">", page)
    page = client.get(f"/en/gov/policies/{repealing}/").get_data(as_text=True)
    assert re.search(rf"Repeals:\s*<a href=\"/en/gov/policies/{old}/\">", page)
    assert '<span class="badge validity-repealed">Repealed</span>' in page  # what it repeals, marked so
    assert _validity(client, base) == "Amended"
    page = client.get(f"/en/gov/policies/{base}/").get_data(as_text=True)
    assert re.search(rf"Amended by:\s*<a href=\"/en/gov/policies/{amending}/\">", page)
    assert re.search(rf"Interpretations:\s*<a href=\"/en/gov/policies/{interpretation}/\">", page)
    page = client.get(f"/en/gov/policies/{interpretation}/").get_data(as_text=True)
    assert re.search(rf"Interprets:\s*<a href=\"/en/gov/policies/{base}/\">", page)
    repealed = client.get("/en/gov/policies/?validity=repealed").get_data(as_text=True)
    assert _ids_in(repealed, "policies") == {old}

    # The day after its last day, the daily validity job marks a policy expired; the day it comes
    # into force, in force.
    tomorrow_but_one = datetime.combine(today + timedelta(days=2), datetime.min.time(), UTC)
    assert "publishing.validity" in _run_scheduler(app, tomorrow_but_one + timedelta(minutes=10))
    assert _validity(client, ending) == "Expired" and _validity(client, upcoming) == "In force"
    assert _ids_in(client.get("/en/gov/policies/?validity=expired").get_data(as_text=True), "policies") == {ending}

    # Withdrawing the repealing policy puts the repealed one back in force.
    _withdraw(app, repealing, reviewer, "Repealed in error: the old measures still apply.")
    assert _validity(client, old) == "In force"
    page = client.get(f"/en/gov/policies/{old}/").get_data(as_text=True)
    assert "Repealed by" not in page
    assert _ids_in(client.get("/en/gov/policies/?validity=repealed").get_data(as_text=True), "policies") == set()
    assert [e.detail["validity"] for e in _audit(app, old, "publication.validity_changed")] == ["repealed", "in_force"]
    assert _validity(client, base) == "Amended"  # the other links stand


# ---------------------------------------------------------------- 6. mail subscriptions


def _subscribe(client, email, industries, frequency):
    return submit(client, "/en/gov/subscribe/", {"email": email, "kinds": ["notice", "policy"],
                                                 "industries": industries, "frequency": frequency})  # fmt: skip


def _subscription(app, email):
    from govportal.publishing.models import Subscription

    with app.app_context():
        found = db.session.scalar(select(Subscription).where(Subscription.email == email))
        db.session.expunge(found)
        return found


def _confirm_by_mail(app, mailbox, email):
    """Open the confirmation link of the last mail to ``email``: a GET shows a button, the POST confirms."""

    link = mailbox.link_in(mailbox.last_to(email), r"https?://\S+/gov/subscribe/confirm/\S+")
    path = "/" + link.split("/", 3)[3]
    visitor = app.test_client()
    page = visitor.get(path)
    assert page.status_code == 200 and ">Confirm</button>" in page.get_data(as_text=True)
    assert _subscription(app, email).confirmed_at is None  # a link scanner that opens the link confirms nothing
    done = visitor.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert "Confirmed. New notices and policies that concern you will come by mail." in done.get_data(as_text=True)


def test_a_subscription_is_confirmed_by_link_gets_matching_items_once_and_one_click_unsubscribe_stops_it(
    app, client, staff, units, mailbox
):
    from govportal.publishing.models import Subscription

    page = _subscribe(client, "li@exporter.example", ["machinery"], "immediate").get_data(as_text=True)
    assert "We sent a link to li@exporter.example." in page
    _subscribe(client, "li@exporter.example", ["machinery"], "immediate")  # a double submit
    _subscribe(client, "day@exporter.example", [], "daily")
    assert _count(app, Subscription, Subscription.email == "li@exporter.example") == 1
    assert "Confirm your subscription" in mailbox.last_to("li@exporter.example")["Subject"]

    trade, editor, reviewer = units["trade"], staff["editor"], staff["reviewer"]
    _publish(app, "notice", _notice("Before confirming", ["machinery"]), trade, editor, reviewer)
    assert not [m for m in mailbox.to("li@exporter.example") if m["Subject"].startswith("New:")]  # not yet confirmed

    _confirm_by_mail(app, mailbox, "li@exporter.example")
    _confirm_by_mail(app, mailbox, "day@exporter.example")
    mailbox.clear()
    machines = _publish(app, "notice", _notice("Machinery export fair", ["machinery"]), trade, editor, reviewer)
    _publish(app, "notice", _notice("Textile quota notice", ["textiles"]), trade, editor, reviewer)
    mails = mailbox.to("li@exporter.example")
    assert [m["Subject"] for m in mails] == ["New: Machinery export fair"]
    assert f"/en/gov/notices/{machines}/" in mailbox.text_of(mails[0])
    assert not mailbox.to("day@exporter.example")  # daily: nothing at once

    # The morning digest, once: both notices (no industries chosen: all of them).
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    morning = datetime.combine(tomorrow, datetime.min.time(), UTC) + timedelta(minutes=31)
    assert "publishing.digest" in _run_scheduler(app, morning)
    _run_scheduler(app, morning + timedelta(hours=1))
    digests = mailbox.to("day@exporter.example")
    assert [m["Subject"] for m in digests] == ["2 new items from the bureau of commerce"]
    text = mailbox.text_of(digests[0])
    assert "Machinery export fair" in text and "Textile quota notice" in text and "Before confirming" not in text
    assert digests[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len(mailbox.to("li@exporter.example")) == 1  # immediate subscribers get no digest

    # One-click unsubscribe: a GET (a link scanner) only shows a button; the mail program's POST,
    # with no CSRF token, unsubscribes.
    unsubscribe = mails[0]["List-Unsubscribe"].strip("<>")
    assert unsubscribe in mailbox.text_of(mails[0])
    path = "/" + unsubscribe.split("/", 3)[3]
    mail_program = app.test_client()
    page = mail_program.get(path).get_data(as_text=True)
    assert ">Unsubscribe</button>" in page
    assert _subscription(app, "li@exporter.example").unsubscribed_at is None
    done = mail_program.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.get_data(as_text=True)
    assert _subscription(app, "li@exporter.example").unsubscribed_at is not None
    assert mail_program.post(path[:-4] + "abcd", data={"List-Unsubscribe": "One-Click"}).status_code == 404
    assert mail_program.get("/en/gov/subscribe/unsubscribe/not-a-token").status_code == 404
    assert mail_program.get("/en/gov/subscribe/confirm/not-a-token").status_code == 404

    _publish(app, "notice", _notice("Another machinery notice", ["machinery"]), trade, editor, reviewer)
    assert len(mailbox.to("li@exporter.example")) == 1  # unsubscribed: nothing more


# ---------------------------------------------------------------- 7. unpublishing (administrators)


def test_an_admin_unpublishes_with_an_explanation_or_a_redirect_to_the_replacement(
    app, client, staff, units, make_user
):
    trade, editor, reviewer = units["trade"], staff["editor"], staff["reviewer"]
    wrong = _publish(app, "notice", _notice("Deadline for the spring fair (wrong date)"), trade, editor, reviewer)
    old = _publish(app, "notice", _notice("Canton fair booths, first version"), trade, editor, reviewer)
    new = _publish(app, "notice", _notice("Canton fair booths"), trade, editor, reviewer)
    admin = _signed_in(app, make_user(email="admin@bureau.gov.cn", account_type="staff", roles=["admin"]))

    def unpublish(who, item_id, **fields):
        return submit(who, f"/en/staff/portal/{item_id}/unpublish", {"note": "", "replacement": "", **fields},
                      form_url=f"/en/staff/portal/{item_id}/" if who is admin else TOKEN_PAGE,
                      follow_redirects=True)  # fmt: skip

    # A reviewer of the unit may withdraw, not unpublish; the form is not even shown to them.
    by_reviewer = _signed_in(app, reviewer)
    assert "Unpublish (published in error)" not in by_reviewer.get(f"/en/staff/portal/{wrong}/").get_data(as_text=True)
    assert unpublish(by_reviewer, wrong, note="Wrong date.").status_code == 403
    assert _state(app, wrong)[0] == "published"
    # Neither a note nor a replacement: refused with a reason.
    page = unpublish(admin, wrong).get_data(as_text=True)
    assert "Explain why, or give the item that replaces it." in page and _state(app, wrong)[0] == "published"

    page = unpublish(admin, wrong, note="Published with the wrong deadline; see the corrected notice.")
    assert "Unpublished." in page.get_data(as_text=True) and _state(app, wrong)[0] == "unpublished"
    shown = client.get(f"/en/gov/notices/{wrong}/")
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "This page was published in error and has been removed." in html
    assert "Published with the wrong deadline; see the corrected notice." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Enterprises concerned send their documents in time." not in html  # its text is gone
    assert f"/en/gov/notices/{wrong}/" not in client.get("/en/gov/notices/").get_data(as_text=True)
    assert client.get(f"/api/v1/gov/publications/{wrong}").get_json() == {
        "id": wrong, "kind": "notice", "status": "unpublished",
        "note": "Published with the wrong deadline; see the corrected notice.", "replaced_by": None,
    }  # fmt: skip

    unpublish(admin, old, replacement=f"#{new}")
    moved = client.get(f"/en/gov/notices/{old}/")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/en/gov/notices/{new}/")
    assert client.get(f"/zh/gov/notices/{old}/").headers["Location"].endswith(f"/zh/gov/notices/{new}/")
    assert _item(app, old).replaced_by_id == new
    entry = _audit(app, old, "publication.unpublished")
    assert len(entry) == 1 and entry[0].detail["replacement"] == new


# ---------------------------------------------------------------- 8. attachments on the publication form


@pytest.fixture()
def no_files_yet(app):
    import shutil

    shutil.rmtree(app.config["UPLOAD_DIR"] / "attachments", ignore_errors=True)


def _stored_files(app) -> list:
    return sorted(p for p in (app.config["UPLOAD_DIR"] / "attachments").rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        ("notice", "rules.pdf", b"MZ\x90\x00\x03" + b"\0" * 200, "rules.pdf is not a file we accept"),
        ("guide", "form.docx", data.ooxml("docm"), "form.docx contains macros"),
        ("notice", "form.pdf", data.pdf(b"7 0 obj\n<< /S /JavaScript /JS (alert(1)) >>\nendobj\n"),
         "form.pdf contains scripts"),
        ("news", "photo.jpg", data.pdf(), "Photos must be JPEG, PNG or WebP pictures."),
    ],
    ids=["exe-as-pdf", "docm-as-docx", "pdf-with-script", "pdf-as-news-photo"],
)  # fmt: skip
def test_a_file_lying_about_its_type_is_refused_on_the_publication_form_and_nothing_is_stored(
    app, staff, units, no_files_yet, kind, name, content, message
):
    from core.attachments import Attachment
    from govportal.publishing.models import Publication

    editor = _signed_in(app, staff["editor"])
    fields = {"unit_id": str(units["trade"]), **(GUIDE if kind == "guide" else _notice("With a file"))}
    page = _send(editor, f"/en/staff/portal/new/{kind}", fields, [(name, content)])
    assert page.status_code == 200 and message in page.get_data(as_text=True).replace("&#39;", "'")
    assert _count(app, Publication) == 0 and _count(app, Attachment) == 0 and _stored_files(app) == []


def test_a_pdf_is_attached_and_downloaded_from_the_public_page_and_a_news_photo_shows(
    app, client, staff, units, no_files_yet
):
    trade = units["trade"]
    editor = _signed_in(app, staff["editor"])
    document = data.pdf(body=b"(Application form) Tj")
    item_id = _new_id(_send(editor, "/en/staff/portal/new/notice", {"unit_id": str(trade), **_notice("With a form")},
                            [("application-form.pdf", document)]))  # fmt: skip
    from core.attachments import Attachment

    with app.app_context():
        row = db.session.scalar(select(Attachment).where(Attachment.owner_kind == "publication"))
        assert (row.owner_id, row.filename, row.mime_type, row.size) == (
            item_id,
            "application-form.pdf",
            "application/pdf",
            len(document),
        )
    download = f"/en/files/{row.id}/application-form.pdf"
    assert client.get(download).status_code == 302  # a draft's file: staff only, the public is asked to sign in
    _approve(app, item_id, staff["editor"], staff["reviewer"])
    page = client.get(f"/en/gov/notices/{item_id}/").get_data(as_text=True)
    assert f'href="{download}"' in page
    assert f"(PDF document, {len(document)} byte)" in page
    got = client.get(download)
    assert got.status_code == 200 and got.data == document and got.mimetype == "application/pdf"
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert client.get(f"/api/v1/gov/publications/{item_id}").get_json()["files"][0]["size"] == len(document)

    photo = data.jpeg()
    news = _new_id(_send(editor, "/en/staff/portal/new/news",
                         {"unit_id": str(trade), **_notice("Exporters at the Hannover fair")},
                         [("hannover.jpg", photo)]))  # fmt: skip
    _approve(app, news, staff["editor"], staff["reviewer"])
    with app.app_context():
        picture = db.session.scalar(select(Attachment.id).where(Attachment.owner_id == news))
    page = client.get(f"/en/gov/news/{news}/").get_data(as_text=True)
    assert f'<img src="/en/files/{picture}/hannover.jpg" alt="hannover"' in page
    assert client.get(f"/en/files/{picture}/hannover.jpg").data == photo


# ---------------------------------------------------------------- 9. the exhibitor's panel


def test_an_exhibitor_sees_published_notices_for_its_industry_on_its_overview(
    app, staff, units, make_org, make_exhibitor
):
    trade, editor, reviewer = units["trade"], staff["editor"], staff["reviewer"]
    mine = _publish(app, "notice", _notice("Machinery exporters: fair subsidies", ["machinery"]), trade, editor,
                    reviewer)  # fmt: skip
    theirs = _publish(app, "notice", _notice("Textile exporters: quota", ["textiles"]), trade, editor, reviewer)
    gone = _publish(app, "notice", _notice("Machinery exporters: old survey", ["machinery"]), trade, editor, reviewer)
    draft = _publish(app, "notice", _notice("Machinery exporters: draft", ["machinery"]), trade, editor,
                     stage="submitted")  # fmt: skip
    _withdraw(app, gone, reviewer)

    exhibitor = _signed_in(app, make_exhibitor(org=make_org(industry="machinery"), email="owner@valves.example"))
    page = exhibitor.get("/en/account/").get_data(as_text=True)
    assert "From the bureau, for your industry" in page
    assert _ids_in(page, "notices") == {mine}
    assert "Machinery exporters: fair subsidies" in page
    assert all(title not in page for title in ("Textile exporters", "old survey", "Machinery exporters: draft"))
    assert draft not in _ids_in(page, "notices")

    weaver = _signed_in(app, make_exhibitor(org=make_org(industry="textiles"), email="owner@weaving.example"))
    assert _ids_in(weaver.get("/en/account/").get_data(as_text=True), "notices") == {theirs}


# ---------------------------------------------------------------- 10. the JSON API


def test_the_api_lists_by_kind_and_industry_and_details_an_item_with_its_links_history_and_files(
    app, client, staff, units, no_files_yet
):
    trade, editor, reviewer = units["trade"], staff["editor"], staff["reviewer"]
    writer = _signed_in(app, staff["editor"])
    policy = _new_id(_send(writer, "/en/staff/portal/new/policy", {"unit_id": str(trade), **_policy(1)},
                           [("measures.pdf", data.pdf())]))  # fmt: skip
    _approve(app, policy, editor, reviewer)
    textiles = _publish(app, "policy", _policy(2, industries=["textiles"]), trade, editor, reviewer)
    reading = _publish(app, "policy", _policy(3, policy_type="interpretation", doc_number="", interprets=f"#{policy}",
                                              industries=[]), trade, editor, reviewer)  # fmt: skip
    notice = _publish(app, "notice", _notice("Machinery notice", ["machinery"]), trade, editor, reviewer)
    draft = _publish(app, "policy", _policy(4), trade, editor, stage="draft")

    listed = client.get("/api/v1/gov/publications?kind=policy&industry=machinery").get_json()
    assert listed["kind"] == "policy" and listed["filters"] == {"industry": "machinery"}
    assert [entry["id"] for entry in listed["items"]] == [policy] and listed["total"] == 1
    entry = listed["items"][0]
    assert entry["title"]["en"] == "Measures to support exporters no. 1" and entry["doc_number"] == "甬商务〔2026〕1号"
    assert entry["url"]["en"].endswith(f"/en/gov/policies/{policy}/") and entry["validity"] == "in_force"
    every = client.get("/api/v1/gov/publications?kind=policy").get_json()
    assert {e["id"] for e in every["items"]} == {policy, textiles, reading}
    assert {e["id"] for e in client.get("/api/v1/gov/publications?industry=machinery").get_json()["items"]} == {
        policy, notice,
    }  # fmt: skip

    detail = client.get(f"/api/v1/gov/publications/{policy}").get_json()
    assert detail["status"] == "published" and detail["version"] == 1
    assert detail["details"]["issuer_en"] == "Ningbo Municipal Bureau of Commerce"
    assert detail["details"]["dated_on"] == "2026-01-05" and detail["effective_on"] == "2026-01-10"
    assert detail["industries"] == ["machinery"] and detail["unit"]["slug"] == "foreign-trade"
    assert [(lk["relation"], lk["direction"], lk["id"]) for lk in detail["links"]] == [
        ("interprets", "incoming", reading)
    ]
    assert [(h["number"], h["note"]["en"]) for h in detail["history"]] == [(1, "First published")]
    assert [(f["name"], f["type"], f["size"]) for f in detail["files"]] == [
        ("measures.pdf", "application/pdf", len(data.pdf()))
    ]
    assert client.get(urlsplit(detail["files"][0]["url"]).path).data == data.pdf()
    outgoing = client.get(f"/api/v1/gov/publications/{reading}").get_json()["links"]
    assert [(lk["relation"], lk["direction"], lk["id"]) for lk in outgoing] == [("interprets", "outgoing", policy)]

    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/gov/publications", "/api/v1/gov/publications/{id}"} <= set(spec["paths"])
    for missing in (draft, 999999):
        assert client.get(f"/api/v1/gov/publications/{missing}").status_code == 404
    assert client.get("/api/v1/gov/publications/abc").status_code == 404


# ---------------------------------------------------------------- 11. feeds


def test_the_district_feed_and_the_type_feeds_are_valid_atom_with_only_their_items(app, client, staff, units):
    trade, beilun, yinzhou = units["trade"], units["beilun"], units["yinzhou"]
    editor, reviewer = staff["editor"], staff["reviewer"]
    beilun_editor, beilun_reviewer = staff["beilun_editor"], staff["beilun_reviewer"]
    city = staff["city_reviewer"]
    beilun_notice = _publish(app, "notice", _notice("Beilun port notice"), beilun, beilun_editor, beilun_reviewer)
    beilun_news = _publish(app, "news", _notice("Beilun exporters at the fair"), beilun, beilun_editor,
                           beilun_reviewer)  # fmt: skip
    trade_notice = _publish(app, "notice", _notice("Division notice", districts=["330206"]), trade, editor, reviewer)
    trade_policy = _publish(app, "policy", _policy(1), trade, editor, reviewer)
    yinzhou_notice = _publish(app, "notice", _notice("Yinzhou notice"), yinzhou, city, staff["yinzhou_reviewer"])
    _publish(app, "notice", _notice("Beilun draft"), beilun, beilun_editor, stage="submitted")

    assert sorted(_feed_ids(client.get("/en/gov/districts/beilun/feed.atom").data)) == sorted(
        [("notices", beilun_notice), ("news", beilun_news)]
    )
    assert _feed_ids(client.get("/zh/gov/districts/yinzhou/feed.atom").data) == [("notices", yinzhou_notice)]
    assert sorted(_feed_ids(client.get("/en/gov/notices/feed.atom").data)) == sorted(
        [("notices", beilun_notice), ("notices", trade_notice), ("notices", yinzhou_notice)]
    )
    assert _feed_ids(client.get("/zh/gov/policies/feed.atom").data) == [("policies", trade_policy)]
    assert _feed_ids(client.get("/en/gov/news/feed.atom").data) == [("news", beilun_news)]
    assert _feed_ids(client.get("/en/gov/guides/feed.atom").data) == []  # an empty feed is still valid
    root = validate_atom(client.get("/en/gov/districts/beilun/feed.atom").data)
    assert root.find("atom:title", NS).text.startswith("Beilun District Bureau of Commerce")
    assert client.get("/en/gov/districts/nowhere/feed.atom").status_code == 404
    assert client.get("/en/gov/districts/foreign-trade/feed.atom").status_code == 404  # a department, not a district


# ---------------------------------------------------------------- 12. JSON-LD


def test_item_pages_describe_themselves_in_json_ld_by_kind(app, client, staff, units):
    trade, editor, reviewer = units["trade"], staff["editor"], staff["reviewer"]
    guide = _publish(app, "guide", GUIDE, trade, editor, reviewer)
    notice = _publish(app, "notice", _notice("Canton fair booths"), trade, editor, reviewer)
    policy = _publish(app, "policy", _policy(7), trade, editor, reviewer)
    base = app.config["BASE_URL"]

    (found,) = _json_ld(client.get(f"/en/gov/guides/{guide}/").get_data(as_text=True))
    assert found["@context"] == "https://schema.org" and found["@type"] == "GovernmentService"
    assert found["name"] == GUIDE["title_en"] and found["serviceType"] == "Foreign trade operator registration"
    assert found["provider"] == {"@type": "GovernmentOrganization", "name": "Foreign Trade Division"}
    assert found["url"] == f"{base}/en/gov/guides/{guide}/"

    (found,) = _json_ld(client.get(f"/en/gov/notices/{notice}/").get_data(as_text=True))
    assert found["@type"] == "NewsArticle" and found["headline"] == "Canton fair booths"
    assert datetime.fromisoformat(found["datePublished"]) and found["inLanguage"] == "en"

    (found,) = _json_ld(client.get(f"/zh/gov/policies/{policy}/").get_data(as_text=True))
    assert found["@type"] == "Legislation" and found["name"] == _policy(7)["title_zh"]
    assert found["legislationIdentifier"] == "甬商务〔2026〕7号" and found["legislationDate"] == "2026-01-05"
    assert found["legislationLegalForce"] == "https://schema.org/InForce"
    assert found["legislationPassedBy"]["name"] == "宁波市商务局" and found["inLanguage"] == "zh"
