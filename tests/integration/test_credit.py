"""Enterprise credit as the public sees it (govportal.credit): the lookup by name, pinyin, former
name, code and legal representative; the record page with each entry's repair path in both
languages; following a record and being told of a change; the badge's standing on the
organization with the same code."""

from datetime import date

from core.db import commit
from tests.conftest import login, post_with_token
from tests.data import CREDIT_CODE, CREDIT_PENALTY, days_ago

CODE = CREDIT_CODE
SMR = "宁波市市场监督管理局"  # the market regulator
PENALTY = CREDIT_PENALTY


_days_ago = days_ago


def test_the_record_shows_its_status_why_and_how_each_entry_can_be_repaired(client, make_credit):
    make_credit(
        uscc=CODE,
        legal_rep="王建国",
        former_names="宁波海曙阀门厂",
        facts=[
            {
                "kind": "registration",
                "grade": "active",
                "authority_zh": SMR,
                "decided_on": "2012-05-01",
            },
            {**PENALTY, "decided_on": _days_ago(20)},
            {
                "kind": "penalty",
                "grade": "minor",
                "title_zh": "简易程序警告",
                "reference": "简-1",
                "authority_zh": SMR,
                "decided_on": _days_ago(5),
            },
        ],
    )
    en = client.get(f"/en/gov/credit/{CODE}/").get_data(as_text=True)
    zh = client.get(f"/zh/gov/credit/{CODE}/").get_data(as_text=True)
    assert "Ningbo Haishu Precision Valve" in en and "宁波海曙精密阀门有限公司" in zh
    assert "Needs attention" in en and "An administrative penalty is within its publication period." in en
    assert "Traded without the foreign-trade operator filing" in en and "甬商罚〔2026〕8号" in en
    assert "Ningbo Bureau of Commerce" in en and "How it can be repaired" in en
    repairable = date.fromisoformat(_days_ago(20))
    assert "apply for credit repair" in en and str(repairable.year) in en
    assert "简易程序警告" not in zh and "简易程序警告" not in en  # a minor penalty is not published
    assert "宁波海曙阀门厂" in zh and "王建国" in zh
    assert 'hreflang="zh' in en and 'hreflang="en"' in zh
    assert '"propertyID": "USCC"' in en and f'"value": "{CODE}"' in en  # JSON-LD for search engines
    assert client.get("/en/gov/credit/91330100799655058C/").status_code == 404
    assert client.get(f"/en/gov/credit/{CODE.lower()}/").status_code == 301


def test_the_lookup_finds_by_part_of_the_name_pinyin_former_name_code_and_representative(client, make_credit):
    make_credit(uscc=CODE, legal_rep="王建国", former_names="宁波海曙阀门厂")
    make_credit(
        uscc="91110108551385082Q",
        name_zh="北京华联纺织品进出口有限公司",
        name_en="Beijing Hualian Textiles",
        legal_rep="李梅",
    )

    def found(query, **args):
        page = client.get("/en/gov/credit/", query_string={"q": query, **args})
        assert page.status_code in (200, 302)
        return page

    assert f"/en/gov/credit/{CODE}/" in found("精密阀门").get_data(as_text=True)
    assert "91110108551385082Q" not in found("精密阀门").get_data(as_text=True)
    assert f"/en/gov/credit/{CODE}/" in found("jingmi famen").get_data(as_text=True)
    assert f"/en/gov/credit/{CODE}/" in found("阀门厂").get_data(as_text=True)
    assert f"/en/gov/credit/{CODE}/" in found("海曙精蜜阀门").get_data(as_text=True)  # a wrong character
    assert f"/en/gov/credit/{CODE}/" in found("Haishu Precision").get_data(as_text=True)
    by_rep = found("李梅", by="rep").get_data(as_text=True)
    assert "/en/gov/credit/91110108551385082Q/" in by_rep and CODE not in by_rep
    # A code goes straight to its record; spaces and lower case are forgiven.
    assert found("9133 0100 7996 5505 8b").headers["Location"].endswith(f"/en/gov/credit/{CODE}/")
    # A wrong check character is named, with the one the code calls for.
    wrong = found("91330100799655058C").get_data(as_text=True)
    assert "The last character is C, but the first 17 characters call for B" in wrong
    wrong_zh = client.get("/zh/gov/credit/?q=91330100799655058C").get_data(as_text=True)
    assert "C" in wrong_zh and "B" in wrong_zh and "校验" in wrong_zh
    assert "No enterprise found" in found("91310000MA1FL1MMXL").get_data(as_text=True)  # valid, no record
    assert "No enterprise found" in found("<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in found("<script>alert(1)</script>").get_data(as_text=True)


def test_a_follower_is_told_in_the_app_and_by_mail_with_the_old_and_new_status(
    app, client, make_credit, make_user, mailbox
):
    from core.extensions import db
    from govportal.credit import services

    enterprise = make_credit(uscc=CODE)
    buyer = make_user(email="buyer@example.com")
    login(client, buyer.email)
    assert "Follow this enterprise" in client.get(f"/en/gov/credit/{CODE}/").get_data(as_text=True)
    post_with_token(client, f"/en/gov/credit/{CODE}/follow", token_page=f"/en/gov/credit/{CODE}/")
    post_with_token(client, f"/en/gov/credit/{CODE}/follow", token_page=f"/en/gov/credit/{CODE}/")  # twice: once
    assert "Stop following" in client.get(f"/en/gov/credit/{CODE}/").get_data(as_text=True)
    assert "Ningbo Haishu" in client.get("/en/gov/credit/following/").get_data(as_text=True)

    with app.test_request_context():
        record = db.session.get(type(enterprise), enterprise.id)
        services.add_fact(
            record,
            {
                "kind": "abnormal",
                "title_zh": "未按规定报送年度报告",
                "authority_zh": SMR,
                "decided_on": _days_ago(1),
            },
            None,
        )
        commit()
    told = mailbox.to("buyer@example.com")
    assert len(told) == 1
    assert "now Abnormal operations" in told[0]["Subject"]
    body = told[0].get_body(("plain",)).get_content()
    assert "from Good standing to Abnormal operations" in body and f"/en/gov/credit/{CODE}/" in body
    assert "Abnormal operations" in client.get("/en/account/notifications/").get_data(as_text=True)

    post_with_token(client, f"/en/gov/credit/{CODE}/unfollow", token_page=f"/en/gov/credit/{CODE}/")
    with app.test_request_context():
        record = db.session.get(type(enterprise), enterprise.id)
        services.end_fact(record.facts[0], "removed", None, "年度报告已补报", None)
        commit()
    assert len(mailbox.to("buyer@example.com")) == 1  # no longer following: not told


def test_the_organization_with_the_code_carries_the_standing(app, make_credit, make_org):
    from core.extensions import db
    from core.organizations.models import Organization
    from govportal.credit import services

    org = make_org(uscc=CODE)
    enterprise = make_credit(uscc=CODE)
    with app.test_request_context():
        assert db.session.get(Organization, org.id).credit_status == "good"
        record = db.session.get(type(enterprise), enterprise.id)
        services.add_fact(
            record,
            {
                "kind": "dishonesty",
                "title_zh": "严重违法失信",
                "authority_zh": SMR,
                "decided_on": _days_ago(3),
            },
            None,
        )
        commit()
        assert db.session.get(Organization, org.id).credit_status == "serious"

    # An organization that registers later with a code the record knows starts with its standing.
    make_credit(uscc="91110108551385082Q", name_zh="北京华联")
    with app.test_request_context():
        from core.organizations.services import create_organization

        later = create_organization(uscc="91110108551385082Q", name_zh="北京华联")
        commit()
        assert later.credit_status == "good"


def test_the_record_in_the_api_matches_the_page_and_is_rate_limited(app, client, make_credit):
    make_credit(uscc=CODE, legal_rep="王建国", facts=[{**PENALTY, "decided_on": _days_ago(20)}])
    body = client.get(f"/api/v1/gov/credit/enterprises/{CODE}").get_json()
    assert body["uscc"] == CODE and body["status"] == "attention"
    assert body["name"]["zh"] == "宁波海曙精密阀门有限公司"
    assert [f["reference"] for f in body["facts"]] == ["甬商罚〔2026〕8号"] and body["facts"][0]["counts_against"]
    assert body["status_reasons"][0]["fact"] == body["facts"][0]["id"]
    wrong = client.get("/api/v1/gov/credit/enterprises/91330100799655058C", headers={"Accept-Language": "en"})
    assert wrong.status_code == 400 and "call for B" in wrong.get_json()["message"]
    wrong = client.get("/api/v1/gov/credit/enterprises/91330100799655058C", headers={"Accept-Language": "zh-CN"})
    assert "校验码应为 B" in wrong.get_json()["message"]
    assert client.get("/api/v1/gov/credit/enterprises/91310000MA1FL1MMXL").status_code == 404
    found = client.get("/api/v1/gov/credit/enterprises", query_string={"q": "精密阀门"}).get_json()
    assert [item["uscc"] for item in found["items"]] == [CODE]
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/gov/credit/enterprises/{uscc}" in spec["paths"]

    app.config["RATELIMIT_CREDIT_API"] = "2 per minute"
    try:
        codes = [client.get(f"/api/v1/gov/credit/enterprises/{CODE}").status_code for _ in range(3)]
    finally:
        app.config["RATELIMIT_CREDIT_API"] = "10000 per minute"
    assert codes[-1] == 429


def test_records_are_in_the_sitemap_and_the_portal_leads_to_the_lookup(app, client, make_credit):
    make_credit(uscc=CODE)
    base = app.config["BASE_URL"].rstrip("/")
    assert f"{base}/en/gov/credit/{CODE}/" in client.get("/sitemaps/credit-en-1.xml").get_data(as_text=True)
    assert f"{base}/zh/gov/credit/{CODE}/" in client.get("/sitemaps/credit-zh-1.xml").get_data(as_text=True)
    portal = client.get("/en/gov/").get_data(as_text=True)
    assert 'action="/en/gov/credit/"' in portal and "Enterprise credit records" in portal


def test_buyers_following_the_exhibitor_are_told_when_its_standing_changes_once(app, client, make_credit, make_org,
                                                                              make_user, mailbox):  # fmt: skip
    """The people who rely on a supplier hear of its record: a buyer following the exhibitor in
    the expo is told of a status change; one who also follows the record is told once."""
    from core.extensions import db
    from govportal.credit import services
    from marketplace.following.models import Follow

    org = make_org(uscc=CODE)
    enterprise = make_credit(uscc=CODE)
    expo_only = make_user(email="expo@example.com", lang="zh")
    both = make_user(email="both@example.com")
    with app.app_context():
        db.session.add_all([Follow(user_id=u.id, kind="exhibitor", target_id=org.id) for u in (expo_only, both)])
        db.session.add(services.CreditFollow(user_id=both.id, enterprise_id=enterprise.id))
        db.session.commit()
    with app.test_request_context():
        record = db.session.get(type(enterprise), enterprise.id)
        services.add_fact(record, {**PENALTY, "decided_on": _days_ago(4)}, None)  # good → attention
        commit()
    zh = mailbox.to("expo@example.com")
    assert len(zh) == 1 and "信用状况变更" in zh[0]["Subject"]
    body = zh[0].get_body(("plain",)).get_content()
    assert "信用良好" in body and "需关注" in body and f"/zh/gov/credit/{CODE}/" in body
    assert len(mailbox.to("both@example.com")) == 1  # from the record only
    with app.test_request_context():
        record = db.session.get(type(enterprise), enterprise.id)
        services.add_fact(record, {**PENALTY, "reference": "甬商罚〔2026〕9号", "decided_on": _days_ago(2)}, None)
        commit()
    assert len(mailbox.to("expo@example.com")) == 1  # still "needs attention": the expo's followers are not told
