"""Credit officers keep the records (govportal.credit.manage, ``/<lang>/staff/credit/``): only
they and admins open these pages; they create a record, add, correct, end and take out facts
through the forms, each change with its reason in the record's history; a correction without a
reason, an ending before its day and hostile or huge input change nothing and never give a 500."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from tests.conftest import csrf_from, login, post_with_token, submit
from tests.data import CREDIT_CODE, CREDIT_PENALTY

CODE = CREDIT_CODE
OTHER_CODE = "91110108551385082Q"
SMR = "宁波市市场监督管理局"
PENALTY = CREDIT_PENALTY


def _today() -> date:
    from govportal.credit.services import today

    return today()


def _ago(days: int) -> str:
    return (_today() - timedelta(days=days)).isoformat()


@pytest.fixture()
def record(make_credit):
    """A record with a registration, an ordinary penalty of 200 days ago (repairable after
    three months: due) and a recent one (not yet repairable)."""
    return make_credit(
        uscc=CODE,
        facts=[
            {"kind": "registration", "grade": "active", "authority_zh": SMR, "decided_on": "2012-05-01"},
            {**PENALTY, "decided_on": _ago(200)},
            {**PENALTY, "reference": "甬商罚〔2026〕99号", "title_en": "Recent penalty", "decided_on": _ago(10)},
        ],
    )


def _facts(app, uscc=CODE):
    from govportal.credit.models import CreditEnterprise, CreditFact

    with app.app_context():
        enterprise = db.session.scalar(select(CreditEnterprise).where(CreditEnterprise.uscc == uscc))
        facts = db.session.scalars(
            select(CreditFact).where(CreditFact.enterprise_id == enterprise.id).order_by(CreditFact.id)
        ).all()
        for fact in facts:
            db.session.expunge(fact)
        return enterprise.status, facts


def _audit(app, action):
    from core.audit import AuditEntry

    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


@pytest.fixture()
def officer(client, make_user):
    user = make_user(account_type="staff", roles=["credit_officer"], full_name="Officer Zhou")
    login(client, user.email)
    return user


# -- who may ----------------------------------------------------------------------------------


def _pages(fact_id, objection_id):
    return [
        "/en/staff/credit/",
        "/en/staff/credit/new",
        f"/en/staff/credit/{CODE}/",
        f"/en/staff/credit/{CODE}/edit",
        f"/en/staff/credit/{CODE}/facts/new?kind=penalty",
        f"/en/staff/credit/facts/{fact_id}/edit",
        f"/en/staff/credit/facts/{fact_id}/end",
        f"/en/staff/credit/facts/{fact_id}/delete",
        "/en/staff/credit/objections/",
        f"/en/staff/credit/objections/{objection_id}/",
    ]


def _actions(fact_id, objection_id):
    return [
        ("/en/staff/credit/new", {"uscc": OTHER_CODE, "name_zh": "别家公司"}),
        (f"/en/staff/credit/{CODE}/edit", {"name_zh": "改名公司"}),
        (
            f"/en/staff/credit/{CODE}/facts/new?kind=commendation",
            {"title_zh": "表彰", "authority_zh": SMR, "decided_on": _ago(3)},
        ),
        (f"/en/staff/credit/facts/{fact_id}/edit", {"title_en": "Changed", "reason": "typo"}),
        (f"/en/staff/credit/facts/{fact_id}/end", {"ended_on": _ago(0), "reason": "repaired"}),
        (f"/en/staff/credit/facts/{fact_id}/delete", {"reason": "error"}),
        (f"/en/staff/credit/objections/{objection_id}/decide", {"outcome": "reject", "decision": "no"}),
    ]


@pytest.fixture()
def objection(app, record, make_exhibitor, make_org):
    """An open objection by the record's organization to the older penalty."""
    from core.accounts.models import User
    from govportal.credit import services

    org = make_org(uscc=CODE)
    owner = make_exhibitor(org=org)
    _status, facts = _facts(app)
    with app.test_request_context():
        found = services.file_objection(db.session.get(User, owner.id), facts[1].id, "Wrong number")
        db.session.commit()
        return found.id


def test_anonymous_visitors_are_sent_to_sign_in(client, app, record, objection):
    _status, facts = _facts(app)
    for url in _pages(facts[1].id, objection):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/en/account/login?next=" in response.headers["Location"], url


@pytest.mark.parametrize("who", ["buyer", "exhibitor", "editor", "reviewer", "moderator", "complaint_handler"])
def test_nobody_but_credit_officers_and_admins_opens_or_changes_a_record(
    client, app, make_user, make_exhibitor, record, objection, who
):
    if who == "buyer":
        user = make_user()
    elif who == "exhibitor":
        user = make_exhibitor()
    else:
        user = make_user(account_type="staff", roles=[who])
    login(client, user.email)
    _status, facts = _facts(app)
    fact_id = facts[1].id
    for url in _pages(fact_id, objection):
        assert client.get(url).status_code == 403, (who, url)
    for url, data in _actions(fact_id, objection):
        assert post_with_token(client, url, data).status_code == 403, (who, url)
    status, after = _facts(app)
    assert [(f.title_en, f.ended_on, f.deleted_at) for f in after] == [
        (f.title_en, f.ended_on, f.deleted_at) for f in facts
    ]
    assert len(after) == 3 and status == "attention"
    assert _audit(app, "credit_objection.rejected") == []


@pytest.mark.parametrize("role", ["credit_officer", "admin"])
def test_credit_officers_and_admins_open_every_page(client, app, make_user, record, objection, role):
    user = make_user(account_type="staff", roles=[role])
    login(client, user.email)
    _status, facts = _facts(app)
    for url in _pages(facts[1].id, objection):
        assert client.get(url).status_code == 200, (role, url)
    menu = client.get("/en/account/").get_data(as_text=True)
    assert "/en/staff/credit/" in menu and "Credit records" in menu


# -- the work ---------------------------------------------------------------------------------


def test_an_officer_creates_a_record_and_sees_every_problem_of_the_form_at_once(client, app, officer):
    url = "/en/staff/credit/new"
    bad = submit(client, url, {"uscc": "91330100799655058C", "registered_on": "2026-02-30", "district": "nowhere"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "The last character is C" in page
    assert "Enter a date as year-month-day" in page
    assert "Choose a district from the list." in page
    assert "Give the enterprise&#39;s name in Chinese or in English." in page
    created = submit(client, url, {"uscc": CODE.lower(), "name_zh": "宁波海曙精密阀门有限公司", "legal_rep": "王建国"})
    assert created.status_code == 302 and created.headers["Location"].endswith(f"/en/staff/credit/{CODE}/")
    again = submit(client, url, {"uscc": CODE, "name_zh": "别的"})
    assert "A record with this unified social credit code already exists." in again.get_data(as_text=True)
    edited = submit(client, f"/en/staff/credit/{CODE}/edit", {"name_zh": "宁波海曙精密阀门有限公司",
                                                             "name_en": "Ningbo Haishu Precision Valve"})  # fmt: skip
    assert edited.status_code == 302
    page = client.get(f"/en/staff/credit/{CODE}/").get_data(as_text=True)
    assert "Ningbo Haishu Precision Valve" in page and "Credit record: created" in page
    assert "Credit record: edited" in page and "Name (English)" in page
    assert client.get(f"/en/gov/credit/{CODE}/").status_code == 200


def test_adding_a_penalty_through_the_form_changes_the_status_and_is_in_the_history(client, app, officer, make_credit):
    make_credit(uscc=CODE)
    form = client.get(f"/en/staff/credit/{CODE}/facts/new?kind=penalty").get_data(as_text=True)
    assert "Severity" in form and "Ordinary" in form and 'name="year"' not in form
    missing = submit(client, f"/en/staff/credit/{CODE}/facts/new?kind=penalty", {"title_en": "x"})
    page = missing.get_data(as_text=True)
    assert missing.status_code == 200 and "Give the decision number." in page and "Name the authority" in page
    assert _facts(app)[1] == []
    added = submit(client, f"/en/staff/credit/{CODE}/facts/new?kind=penalty", {**PENALTY, "decided_on": _ago(30)})
    assert added.status_code == 302
    status, facts = _facts(app)
    assert status == "attention" and len(facts) == 1 and facts[0].created_by_id == officer.id
    page = client.get(f"/en/staff/credit/{CODE}/").get_data(as_text=True)
    assert "Credit record entry: added" in page and "Officer Zhou" in page
    assert "Credit record: status changed" in page and "Good standing → Needs attention" in page
    assert "Needs attention" in client.get(f"/en/gov/credit/{CODE}/").get_data(as_text=True)
    # A kind that is not one gets the list of kinds, not an error.
    choose = client.get(f"/en/staff/credit/{CODE}/facts/new?kind=<script>")
    assert choose.status_code == 200 and "Choose the kind of fact" in choose.get_data(as_text=True)


def test_a_correction_needs_a_reason_and_is_kept_with_it(client, app, officer, record):
    _status, facts = _facts(app)
    fact = facts[1]
    url = f"/en/staff/credit/facts/{fact.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="甬商罚〔2026〕8号"' in form and "Traded without the foreign-trade operator filing" in form
    fields = {
        **PENALTY,
        "decided_on": fact.decided_on.isoformat(),
        "as_of": fact.as_of.isoformat(),
        "title_en": "Traded without the filing",
    }
    refused = submit(client, url, {**fields, "reason": "  "})
    assert refused.status_code == 200 and "This field is required." in refused.get_data(as_text=True)
    assert _facts(app)[1][1].title_en == PENALTY["title_en"]
    assert _audit(app, "credit_fact.changed") == []
    done = submit(client, url, {**fields, "reason": "The title was too long"})
    assert done.status_code == 302
    corrected = _facts(app)[1][1]
    assert corrected.title_en == "Traded without the filing" and corrected.reference == PENALTY["reference"]
    entry = _audit(app, "credit_fact.changed")[0]
    assert entry.actor_id == officer.id and entry.detail["reason"] == "The title was too long"
    page = client.get(f"/en/staff/credit/{CODE}/").get_data(as_text=True)
    assert "Credit record entry: changed" in page and "The title was too long" in page and "Title (English)" in page


def test_an_entry_ends_only_from_its_repair_day_on(client, app, officer, record):
    _status, facts = _facts(app)
    older, recent = facts[1], facts[2]
    early = submit(client, f"/en/staff/credit/facts/{recent.id}/end", {"ended_on": _ago(0), "reason": "Paid"})
    assert early.status_code == 200
    assert f"can be repaired or removed from {recent.repairable_on.isoformat()} on" in early.get_data(as_text=True)
    assert _facts(app)[1][2].ended_on is None
    future = submit(client, f"/en/staff/credit/facts/{older.id}/end", {"ended_on": _ago(-3), "reason": "Paid"})
    assert "The day cannot be in the future." in future.get_data(as_text=True)
    no_reason = submit(client, f"/en/staff/credit/facts/{older.id}/end", {"ended_on": _ago(0), "reason": ""})
    assert "This field is required." in no_reason.get_data(as_text=True)
    assert _facts(app)[1][1].ended_on is None
    # The older one is due: it is on the index's list, oldest first.
    index = client.get("/en/staff/credit/").get_data(as_text=True)
    due = index.split("Repairs that fall due", 1)[1]
    assert f"/en/staff/credit/facts/{older.id}/end" in due and f"/facts/{recent.id}/end" not in due
    done = submit(client, f"/en/staff/credit/facts/{older.id}/end", {"ended_on": _ago(0), "reason": "Paid the fine"})
    assert done.status_code == 302
    status, after = _facts(app)
    assert after[1].ended_how == "repaired" and after[1].ended_reason == "Paid the fine"
    assert status == "attention"  # the recent penalty still counts
    assert _audit(app, "credit_fact.repaired")[0].actor_id == officer.id
    assert f"/facts/{older.id}/end" not in client.get("/en/staff/credit/").get_data(as_text=True)
    page = client.get(f"/en/staff/credit/{CODE}/").get_data(as_text=True)
    assert "Credit record entry: credit repaired" in page and "Credit repaired" in page
    # A registration cannot end; a second ending is refused.
    assert client.get(f"/en/staff/credit/facts/{after[0].id}/end").status_code == 404
    again = submit(client, f"/en/staff/credit/facts/{older.id}/end", {"ended_on": _ago(0), "reason": "x"},
                   form_url=f"/en/staff/credit/{CODE}/")  # fmt: skip
    assert again.status_code == 302 and len(_audit(app, "credit_fact.repaired")) == 1


def test_a_fact_entered_in_error_is_taken_out_with_its_reason_and_stays_visible_to_staff(client, app, officer, record):
    _status, facts = _facts(app)
    url = f"/en/staff/credit/facts/{facts[2].id}/delete"
    empty = submit(client, url, {"reason": ""})
    assert empty.status_code == 200 and "This field is required." in empty.get_data(as_text=True)
    assert _facts(app)[1][2].deleted_at is None
    assert submit(client, url, {"reason": "Another enterprise's penalty"}).status_code == 302
    gone = _facts(app)[1][2]
    assert gone.deleted_at is not None and gone.deleted_reason == "Another enterprise's penalty"
    assert "Recent penalty" not in client.get(f"/en/gov/credit/{CODE}/").get_data(as_text=True)
    staff_page = client.get(f"/en/staff/credit/{CODE}/").get_data(as_text=True)
    assert "Recent penalty" in staff_page and "Taken out: entered in error" in staff_page
    assert "Another enterprise&#39;s penalty" in staff_page and "Credit record entry: deleted" in staff_page


def test_minor_penalties_are_listed_for_staff_marked_as_not_published(client, app, officer, make_credit):
    make_credit(uscc=CODE, facts=[{**PENALTY, "grade": "minor", "title_en": "Small warning", "decided_on": _ago(3)}])
    page = client.get(f"/en/staff/credit/{CODE}/").get_data(as_text=True)
    assert "Small warning" in page and "Not published (minor penalty)" in page
    assert "Small warning" not in client.get(f"/en/gov/credit/{CODE}/").get_data(as_text=True)


HOSTILE = '<script>alert("x")</script>'


def test_hostile_huge_and_wrong_input_is_refused_and_never_a_500(client, app, officer, record):
    _status, facts = _facts(app)
    fact = facts[1]
    enterprise_fields = ["uscc", "name_zh", "name_en", "former_names", "legal_rep", "registered_on", "district",
                         "industry", "address_zh", "address_en"]  # fmt: skip
    fact_fields = ["grade", "title_zh", "title_en", "reference", "authority_zh", "authority_en", "decided_on",
                   "valid_until", "year", "detail_zh", "detail_en", "outcome_zh", "outcome_en", "as_of"]  # fmt: skip
    forms = [
        ("/en/staff/credit/new", enterprise_fields),
        (f"/en/staff/credit/{CODE}/edit", enterprise_fields[1:]),
        (f"/en/staff/credit/{CODE}/facts/new?kind=penalty", fact_fields),
        (f"/en/staff/credit/{CODE}/facts/new?kind=annual_report", fact_fields),
        (f"/en/staff/credit/facts/{fact.id}/edit", [*fact_fields, "reason"]),
        (f"/en/staff/credit/facts/{fact.id}/end", ["ended_on", "reason"]),
        (f"/en/staff/credit/facts/{fact.id}/delete", ["reason"]),
    ]
    refused_everywhere = (HOSTILE, "x" * 20000, "\x00")
    for value in (*refused_everywhere, "9" * 400, "2026-13-45", "-1"):
        for url, names in forms:
            if names == ["reason"] and value not in refused_everywhere:
                continue  # a reason may be any plain text
            page = client.get(url)
            token = csrf_from(page.get_data(as_text=True))
            response = client.post(url, data={"csrf_token": token, **dict.fromkeys(names, value)})
            assert response.status_code in (200, 400), (url, value[:20], response.status_code)
            assert "<script>alert" not in response.get_data(as_text=True), url
    status, after = _facts(app)
    assert len(after) == 3 and after[1].title_en == PENALTY["title_en"] and after[1].ended_on is None
    assert after[1].deleted_at is None and status == "attention"
    from govportal.credit.models import CreditEnterprise

    with app.app_context():
        assert db.session.scalar(select(CreditEnterprise.name_zh).where(CreditEnterprise.uscc == CODE)) == (
            "宁波海曙精密阀门有限公司"
        )
        assert db.session.scalar(select(db.func.count()).select_from(CreditEnterprise)) == 1
    # Ids and codes that are no record are 404s.
    for url in ("/en/staff/credit/99999999999999999999/", "/en/staff/credit/facts/99999999/edit",
                "/en/staff/credit/facts/99999999999999999999999/end", f"/en/staff/credit/{OTHER_CODE}/",
                "/en/staff/credit/objections/99999999/", "/en/staff/credit/%3Cscript%3E/edit"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    # A search for markup is shown as text.
    found = client.get("/en/staff/credit/", query_string={"q": HOSTILE})
    assert found.status_code == 200 and "<script>alert" not in found.get_data(as_text=True)


def test_every_audit_code_of_credit_records_has_a_label(app):
    from core import labels
    from govportal.credit.forms import EnterpriseForm, FactForm

    actions = [f"credit_enterprise.{verb}" for verb in ("created", "edited", "status_changed")]
    actions += [f"credit_fact.{verb}" for verb in ("added", "changed", "repaired", "removed", "deleted")]
    actions += [f"credit_objection.{verb}" for verb in ("filed", "upheld", "rejected")]
    with app.test_request_context("/en/"):
        for action in actions:
            label = labels.action(action)
            assert "." not in label and "_" not in label, (action, label)
        for table in ("credit_enterprises", "credit_facts", "credit_objections"):
            assert labels.kind(table) != table
        for kind, form in (("credit_enterprise", EnterpriseForm), ("credit_fact", FactForm)):
            for name in form.__dict__:
                if hasattr(getattr(form, name), "field_class"):
                    assert labels.field(kind, name) != name, (kind, name)
