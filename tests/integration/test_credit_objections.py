"""An enterprise's objection (异议) to its credit record, as the demo walks it: the owner of the
organization with the record's code files one with a PDF as evidence; the credit officers are
told and see it waiting; an officer upholds it with a correction, the public record shows the
corrected entry with its note and the owner is told by mail; a rejected one shows its reasons.
Nobody else files on the record or reads the evidence; a double submit files one objection."""

import html
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests import data
from tests.conftest import csrf_from, login, post_with_token
from tests.data import CREDIT_CODE, CREDIT_PENALTY

CODE = CREDIT_CODE
PENALTY = CREDIT_PENALTY


def _ago(days: int) -> str:
    from govportal.credit.services import today

    return (today() - timedelta(days=days)).isoformat()


@pytest.fixture()
def people(app, make_credit, make_org, make_exhibitor, make_user):
    """The record (a registration and a penalty), its organization's owner and editor, another
    organization's owner, and a credit officer."""
    make_credit(
        uscc=CODE,
        facts=[
            {
                "kind": "registration",
                "grade": "active",
                "authority_zh": "宁波市市场监督管理局",
                "decided_on": "2012-05-01",
            },
            {**PENALTY, "decided_on": _ago(30)},
        ],
    )
    org = make_org(uscc=CODE, name_en="Ningbo Haishu Precision Valve")
    from govportal.credit.models import CreditFact

    with app.app_context():
        registration, penalty = db.session.scalars(select(CreditFact.id).order_by(CreditFact.id)).all()
    return {
        "owner": make_exhibitor(org=org, email="owner@example.com"),
        "editor": make_exhibitor(org=org, role="editor", email="editor@example.com"),
        "stranger": make_exhibitor(email="stranger@example.com"),
        "officer": make_user(account_type="staff", roles=["credit_officer"], email="officer@example.com"),
        "registration": registration,
        "penalty": penalty,
    }


def _client_for(app, user):
    client = app.test_client()
    login(client, user.email)
    return client


def _file(client, fact_id, reason, files=(), follow_redirects=False, token=None):
    url = f"/en/account/credit/objections/new?fact={fact_id}"
    if token is None:
        token = csrf_from(client.get(url).get_data(as_text=True))
    payload = {"csrf_token": token, "reason": reason, "files": [(io.BytesIO(c), n) for n, c in files]}
    return client.post(url, data=payload, content_type="multipart/form-data", follow_redirects=follow_redirects)


def _objections(app):
    from govportal.credit.models import CreditObjection

    with app.app_context():
        found = db.session.scalars(select(CreditObjection).order_by(CreditObjection.id)).all()
        for o in found:
            db.session.expunge(o)
        return found


def _decide(client, objection_id, **fields):
    url = f"/en/staff/credit/objections/{objection_id}/"
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url + "decide", data={"csrf_token": token, **fields})


def test_an_owner_files_an_objection_and_the_officer_upholds_it_with_a_correction(app, people, mailbox):
    owner = _client_for(app, people["owner"])
    mine = owner.get("/en/account/credit/").get_data(as_text=True)
    assert "Traded without the foreign-trade operator filing" in mine
    assert f"/en/account/credit/objections/new?fact={people['penalty']}" in mine
    form = owner.get(f"/en/account/credit/objections/new?fact={people['penalty']}").get_data(as_text=True)
    assert "甬商罚〔2026〕8号" in form and 'type="file"' in form
    # Without a reason nothing is filed, and the form says so.
    empty = _file(owner, people["penalty"], "  ", [("decision.pdf", data.pdf())])
    assert empty.status_code == 200 and "This field is required." in empty.get_data(as_text=True)
    assert _objections(app) == []
    filed = _file(owner, people["penalty"], "The decision number is 甬商罚〔2026〕18号, not 8.",
                  [("处罚决定书.pdf", data.pdf())], follow_redirects=True)  # fmt: skip
    page = filed.get_data(as_text=True)
    (objection,) = _objections(app)
    assert objection.reference.startswith("YY-") and objection.reference in page
    assert objection.due_on.isoformat() in page or "Being handled" in page
    assert "Your objection is filed." in page and "处罚决定书.pdf" in page
    # The officers are told in the app and by mail; the objection waits in their queue.
    told = mailbox.last_to("officer@example.com")
    assert objection.reference in told["Subject"]
    assert f"/en/staff/credit/objections/{objection.id}/" in mailbox.text_of(told)
    officer = _client_for(app, people["officer"])
    assert objection.reference in officer.get("/en/account/notifications/").get_data(as_text=True)
    dashboard = officer.get("/en/staff/").get_data(as_text=True)
    queue = dashboard.split("Credit objections waiting")[0].rsplit('<li class="stat', 1)[1]
    assert re.search(r'stat-value">1<', queue)
    index = officer.get("/en/staff/credit/").get_data(as_text=True)
    assert objection.reference in index and objection.due_on.isoformat() in index
    detail = officer.get(f"/en/staff/credit/objections/{objection.id}/").get_data(as_text=True)
    assert "The decision number is 甬商罚〔2026〕18号" in detail and "处罚决定书.pdf" in detail
    link = re.search(r'href="(/en/files/\d+/[^"]+)"', detail).group(1)
    evidence = officer.get(link)
    assert evidence.status_code == 200 and evidence.data.startswith(b"%PDF")
    assert owner.get(link).status_code == 200
    # A decision needs reasons; a wrong correction changes nothing.
    no_reason = _decide(
        officer, objection.id, outcome="correct", decision="", **{"fix-reference": "甬商罚〔2026〕18号"}
    )
    assert no_reason.status_code == 200 and "This field is required." in no_reason.get_data(as_text=True)
    bad_fix = _decide(officer, objection.id, outcome="correct", decision="Mistyped", **{"fix-decided_on": "soon"})
    assert "Enter a date as year-month-day" in bad_fix.get_data(as_text=True)
    assert _objections(app)[0].status == "open"
    fix = {f"fix-{k}": v for k, v in PENALTY.items() if k != "kind"}
    fix.update({"fix-reference": "甬商罚〔2026〕18号", "fix-decided_on": _ago(30), "fix-as_of": _ago(0)})
    done = _decide(officer, objection.id, outcome="correct", decision="The number was mistyped.", **fix)
    assert done.status_code == 302
    (decided,) = _objections(app)
    assert decided.status == "upheld" and decided.decided_by_id == people["officer"].id
    public = officer.get(f"/en/gov/credit/{CODE}/").get_data(as_text=True)
    assert "甬商罚〔2026〕18号" in public and "甬商罚〔2026〕8号" not in public
    assert f"after the enterprise&#39;s objection {objection.reference}" in public
    assert "Corrected after the enterprise's objection" in html.unescape(public)  # the entry's source
    mail = mailbox.last_to("owner@example.com")
    assert "upheld" in mail["Subject"] and "The number was mistyped." in mailbox.text_of(mail)
    assert f"/en/account/credit/objections/{objection.id}/" in mailbox.text_of(mail)
    after = owner.get("/en/account/credit/").get_data(as_text=True)
    assert "Upheld: the record was corrected" in after and "The number was mistyped." in after
    assert officer.get("/en/staff/credit/objections/").status_code == 200
    dashboard = officer.get("/en/staff/").get_data(as_text=True)
    assert re.search(r'stat-value">0<', dashboard.split("Credit objections waiting")[0].rsplit('<li class="stat', 1)[1])
    history = officer.get(f"/en/staff/credit/{CODE}/").get_data(as_text=True)
    assert "Credit objection: filed" in history and "Credit objection: upheld" in history
    assert "Credit record entry: changed" in history
    # Decided once: a second decision is refused.
    late = post_with_token(officer, f"/en/staff/credit/objections/{objection.id}/decide",
                           {"outcome": "reject", "decision": "No"}, follow_redirects=True)  # fmt: skip
    assert late.status_code == 200 and "This objection has already been decided." in late.get_data(as_text=True)
    assert _objections(app)[0].status == "upheld"


def test_a_rejected_objection_shows_its_reasons_and_an_upheld_take_out_removes_the_entry(app, people, mailbox):
    owner = _client_for(app, people["owner"])
    officer = _client_for(app, people["officer"])
    _file(owner, people["registration"], "We moved.")
    _file(owner, people["penalty"], "It was not us.")
    first, second = _objections(app)
    assert _decide(officer, first.id, outcome="reject", decision="The registry says otherwise.").status_code == 302
    mine = owner.get(f"/en/account/credit/objections/{first.id}/").get_data(as_text=True)
    assert "Rejected" in mine and "The registry says otherwise." in mine
    assert "rejected" in mailbox.last_to("owner@example.com")["Subject"]
    assert _decide(officer, second.id, outcome="take_out", decision="Another firm's penalty.").status_code == 302
    public = owner.get(f"/en/gov/credit/{CODE}/").get_data(as_text=True)
    assert "Traded without the foreign-trade operator filing" not in public and "Good standing" in public


def test_only_the_owner_files_and_reads_the_evidence(app, people, client):
    owner = _client_for(app, people["owner"])
    _file(owner, people["penalty"], "Wrong.", [("evidence.pdf", data.pdf())])
    (objection,) = _objections(app)
    page = owner.get(f"/en/account/credit/objections/{objection.id}/").get_data(as_text=True)
    link = re.search(r'href="(/en/files/\d+/[^"]+)"', page).group(1)
    editor = _client_for(app, people["editor"])
    assert editor.get("/en/account/credit/").status_code == 403
    assert editor.get(f"/en/account/credit/objections/new?fact={people['registration']}").status_code == 403
    token = csrf_from(editor.get("/en/account/").get_data(as_text=True))
    assert _file(editor, people["registration"], "Me too", token=token).status_code == 403
    assert editor.get(link).status_code == 403
    assert editor.get(f"/en/account/credit/objections/{objection.id}/").status_code == 403
    stranger = _client_for(app, people["stranger"])
    own_page = stranger.get("/en/account/credit/").get_data(as_text=True)
    assert "The bureau has no credit record for your code yet" in own_page and "Wrong." not in own_page
    assert stranger.get(f"/en/account/credit/objections/new?fact={people['registration']}").status_code == 404
    token = csrf_from(stranger.get("/en/account/").get_data(as_text=True))
    assert _file(stranger, people["registration"], "Not mine", token=token).status_code == 404
    assert stranger.get(link).status_code == 403
    assert stranger.get(f"/en/account/credit/objections/{objection.id}/").status_code == 404
    assert len(_objections(app)) == 1
    anonymous = client.get(link)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert client.get("/en/account/credit/").status_code == 302
    # Bad ids are no page.
    for fact in ("", "abc", "-1", "99999999999999999999999", "<script>"):
        assert owner.get(f"/en/account/credit/objections/new?fact={fact}").status_code == 404, fact


def test_a_double_submit_files_one_objection(app, people):
    owner = _client_for(app, people["owner"])
    url = f"/en/account/credit/objections/new?fact={people['penalty']}"
    token = csrf_from(owner.get(url).get_data(as_text=True))
    first = _file(owner, people["penalty"], "Wrong.", token=token)
    second = _file(owner, people["penalty"], "Wrong.", token=token, follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "An objection to this entry is already being handled." in second.get_data(as_text=True)
    with app.app_context():
        from govportal.credit.models import CreditObjection

        assert db.session.scalar(select(func.count()).select_from(CreditObjection)) == 1


def test_hostile_input_in_an_objection_is_refused_or_shown_as_text(app, people):
    owner = _client_for(app, people["owner"])
    hostile = _file(owner, people["penalty"], '<script>alert("x")</script>')
    assert hostile.status_code == 200 and "<script>alert" not in hostile.get_data(as_text=True)
    huge = _file(owner, people["penalty"], "x" * 6000)
    assert huge.status_code == 200 and "At most 5000 characters." in huge.get_data(as_text=True)
    fake = _file(owner, people["penalty"], "See the file", [("evidence.pdf", b"<html><script>x</script></html>")])
    assert fake.status_code == 200 and "evidence.pdf" in fake.get_data(as_text=True)
    too_many = _file(owner, people["penalty"], "See", [(f"e{i}.pdf", data.pdf()) for i in range(6)])
    assert too_many.status_code == 200 and "At most 5 files" in too_many.get_data(as_text=True)
    assert _objections(app) == []
    officer = _client_for(app, people["officer"])
    _file(owner, people["penalty"], "Plain reason")
    (objection,) = _objections(app)
    for outcome in ("", "maybe", "<b>", "x" * 5000):
        response = _decide(officer, objection.id, outcome=outcome, decision="Because")
        assert response.status_code == 200 and "Choose a decision." in response.get_data(as_text=True)
    response = _decide(officer, objection.id, outcome="reject", decision='<script>alert("x")</script>')
    assert response.status_code == 200 and "<script>alert" not in response.get_data(as_text=True)
    assert _objections(app)[0].status == "open"


def test_the_owner_of_an_organization_not_yet_verified_cannot_file(app, make_credit, make_org, make_exhibitor):
    make_credit(uscc=CODE, facts=[{**PENALTY, "decided_on": _ago(30)}])
    owner = make_exhibitor(org=make_org(uscc=CODE, status="pending"))
    client = _client_for(app, owner)
    page = client.get("/en/account/credit/").get_data(as_text=True)
    assert "Your organization is not verified yet" in page and "File an objection" not in page
    from govportal.credit.models import CreditFact

    with app.app_context():
        fact_id = db.session.scalar(select(CreditFact.id))
    assert client.get(f"/en/account/credit/objections/new?fact={fact_id}").status_code == 404
    token = csrf_from(client.get("/en/account/").get_data(as_text=True))
    assert _file(client, fact_id, "Not us", token=token).status_code == 404
    assert _objections(app) == []
