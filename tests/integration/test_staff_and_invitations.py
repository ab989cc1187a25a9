"""Staff verify organizations (audited, mailed); owners invite colleagues who join by link."""

import re

from sqlalchemy import select

from core.audit import AuditEntry
from core.organizations.models import Organization, OrganizationMember
from tests.conftest import PASSWORD, csrf_from, login, post_with_token, submit


def test_moderator_verifies_an_organization_and_the_audit_log_says_who(client, app, make_user, make_org):
    org = make_org(status="pending")
    mod = make_user(email="mod@example.com", account_type="staff", roles=["moderator"])
    login(client, mod.email)
    queue = client.get("/en/staff/organizations/")
    assert org.uscc in queue.get_data(as_text=True)
    response = post_with_token(
        client,
        f"/en/staff/organizations/{org.id}/decide",
        {"decision": "verified"},
        token_page="/en/staff/organizations/",
    )
    assert response.status_code == 302
    with app.app_context():
        from core.extensions import db

        saved = db.session.get(Organization, org.id)
        assert saved.status == "verified" and saved.verified_by_id == mod.id
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organization.verified"))
        assert entry.actor_id == mod.id and entry.object_id == str(org.id)


def test_refusing_needs_a_reason(client, app, make_user, make_org):
    org = make_org(status="pending")
    mod = make_user(account_type="staff", roles=["moderator"])
    login(client, mod.email)
    response = post_with_token(
        client,
        f"/en/staff/organizations/{org.id}/decide",
        {"decision": "rejected"},
        token_page="/en/staff/organizations/",
        follow_redirects=True,
    )
    assert "Give a reason" in response.get_data(as_text=True)
    with app.app_context():
        from core.extensions import db

        assert db.session.get(Organization, org.id).status == "pending"


def test_admin_sees_the_audit_log(client, make_user, make_org):
    org = make_org(status="pending")
    admin = make_user(account_type="staff", roles=["admin"])
    login(client, admin.email)
    post_with_token(
        client,
        f"/en/staff/organizations/{org.id}/decide",
        {"decision": "rejected", "reason": "Licence copy unreadable", "confirmed": "yes"},
        token_page="/en/staff/organizations/",
    )
    page = client.get("/en/staff/audit/").get_data(as_text=True)
    assert "Organization: refused" in page and "Licence copy unreadable" in page
    visible = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])
    assert "organization.rejected" not in visible and "organizations" not in visible
    assert "测试贸易有限公司" in client.get("/zh/staff/audit/").get_data(as_text=True)  # by its name


def test_owner_invites_a_colleague_who_signs_up_and_joins(client, app, make_exhibitor, mailbox):
    owner = make_exhibitor(role="owner", email="owner@example.cn")
    login(client, owner.email)
    response = submit(client, "/en/account/organization", {"email": "Colleague@Example.cn", "role": "editor"})
    assert response.status_code == 302
    mail = mailbox.last_to("colleague@example.cn")
    link = mailbox.link_in(mail).removeprefix(app.config["BASE_URL"])
    submit(client, "/en/account/logout", {}, form_url="/en/account/")

    # The colleague has no account yet: the invitation page offers sign-up.
    page = client.get(link)
    assert page.status_code == 200 and "colleague@example.cn" in page.get_data(as_text=True)
    submit(
        client,
        "/en/account/signup/buyer",
        {
            "full_name": "Colleague",
            "email": "colleague@example.cn",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "preferred_language": "en",
            "company_name": "",
            "country": "",
        },
    )
    response = submit(client, link, {})
    assert response.status_code == 302
    with app.app_context():
        from core.extensions import db

        member = db.session.scalar(
            select(OrganizationMember).where(
                OrganizationMember.organization_id == owner.organization_id, OrganizationMember.role == "editor"
            )
        )
        assert member is not None and member.user.email == "colleague@example.cn"
        assert member.user.is_verified  # the link proved the mailbox
    # The invitation is used up.
    assert client.get(link).status_code == 400


def test_invitation_for_someone_else_cannot_be_taken(client, app, make_exhibitor, make_user, mailbox):
    owner = make_exhibitor(role="owner", email="owner@example.cn")
    make_user(email="intruder@example.com")
    login(client, owner.email)
    submit(client, "/en/account/organization", {"email": "colleague@example.cn", "role": "owner"})
    link = mailbox.link_in(mailbox.last_to("colleague@example.cn")).removeprefix(app.config["BASE_URL"])
    submit(client, "/en/account/logout", {}, form_url="/en/account/")
    login(client, "intruder@example.com")
    page = client.get(link).get_data(as_text=True)
    assert "Sign out and sign in with the invited address" in page
    post_with_token(client, link, {})
    with app.app_context():
        from core.accounts.models import user_by_email

        assert user_by_email("intruder@example.com").organization_members == []


def test_cli_creates_staff_accounts(app, clean_app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create-staff",
            "new.editor@example.gov.cn",
            "--role",
            "editor",
            "--password",
            "staff-password-123",
        ]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create-staff", "new.editor@example.gov.cn", "--role", "reviewer"])
    assert result.exit_code == 0 and "editor, reviewer" in result.output
    bad = runner.invoke(args=["users", "create-staff", "x@example.gov.cn", "--role", "king", "--password", "p" * 12])
    assert bad.exit_code != 0
    client = app.test_client()
    login(client, "new.editor@example.gov.cn", "staff-password-123")
    assert client.get("/en/staff/").status_code == 200


def test_owner_gets_mail_in_their_language_on_each_decision(client, app, make_user, make_exhibitor, make_org, mailbox):
    org = make_org(status="pending")
    make_exhibitor(role="owner", org=org, email="owner@example.cn", lang="zh")
    make_exhibitor(role="editor", org=org, email="editor@example.cn")
    mod = make_user(account_type="staff", roles=["moderator"])
    login(client, mod.email)
    post_with_token(
        client,
        f"/en/staff/organizations/{org.id}/decide",
        {"decision": "rejected", "reason": "营业执照照片无法辨认", "confirmed": "yes"},
        token_page="/en/staff/organizations/",
    )
    mail = mailbox.last_to("owner@example.cn")
    assert mail["Subject"] == "您的企业未通过商务之窗认证"
    assert "营业执照照片无法辨认" in mailbox.text_of(mail)
    assert mailbox.to("editor@example.cn") == []  # owners are told; editors see it in their account


def test_moderator_verifies_several_organizations_at_once(client, app, make_user, make_org):
    from tests.conftest import csrf_from

    a, b = make_org(status="pending", name_en="Alpha Valves"), make_org(status="pending", name_en="Beta Pumps")
    c = make_org(status="pending")
    mod = make_user(account_type="staff", roles=["moderator"])
    login(client, mod.email)
    page = client.get("/en/staff/organizations/").get_data(as_text=True)
    response = client.post(
        "/en/staff/organizations/bulk",
        data={"csrf_token": csrf_from(page), "decision": "verified", "ids": [a.id, b.id]},
        follow_redirects=True,
    )
    assert "Verified (2): Alpha Valves, Beta Pumps." in response.get_data(as_text=True)
    with app.app_context():
        from core.extensions import db

        assert [db.session.get(Organization, o.id).status for o in (a, b, c)] == ["verified", "verified", "pending"]


def test_an_administrator_puts_a_reviewer_in_a_district_unit_and_they_then_act_only_there(app, client, make_user):
    """Units decide where editors and reviewers act (core.units): an administrator moves a
    city-level reviewer to a district; the move is audited, and the reviewer's portal list then
    holds that district's items only. A unit that does not exist is refused."""
    from core.extensions import db
    from core.units import Unit, UnitKind

    with app.app_context():
        beilun = Unit(
            slug="beilun", kind=UnitKind.DISTRICT, name_zh="北仑区商务局", name_en="Beilun", district="330206"
        )
        trade = Unit(slug="trade", kind=UnitKind.DEPARTMENT, name_zh="对外贸易处", name_en="Trade Division")
        db.session.add_all([beilun, trade])
        db.session.commit()
        beilun_id, trade_id = beilun.id, trade.id
    admin = make_user(email="boss@bureau.gov.cn", account_type="staff", roles=["admin"])
    reviewer = make_user(email="li@bureau.gov.cn", account_type="staff", roles=["reviewer"])
    login(client, admin.email)
    page = client.get("/en/staff/people/").get_data(as_text=True)
    assert "City level (all units)" in page and "Beilun" in page
    form = {"csrf_token": csrf_from(page), f"u{reviewer.id}-roles": ["reviewer"]}
    refused = client.post(f"/en/staff/people/{reviewer.id}/roles", data={**form, f"u{reviewer.id}-unit_id": "999"},
                          follow_redirects=True)  # fmt: skip
    assert "Choose roles and a unit from the lists." in refused.get_data(as_text=True)
    client.post(f"/en/staff/people/{reviewer.id}/roles", data={**form, f"u{reviewer.id}-unit_id": str(beilun_id)})
    with app.app_context():
        from core.accounts.models import User

        assert db.session.get(User, reviewer.id).unit_id == beilun_id
        moves = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "staff.unit_changed")).all()
        assert [(m.object_id, m.detail["unit"]) for m in moves] == [(str(reviewer.id), beilun_id)]
        from govportal.publishing import services
        from govportal.publishing.kinds import KINDS

        editor = db.session.get(User, admin.id)
        for unit_id, title in ((beilun_id, "北仑通知"), (trade_id, "外贸通知")):
            item = services.create(KINDS["notice"], editor, {"unit_id": unit_id, "title_zh": title, "title_en": title})
            item.status = "submitted"
        db.session.commit()
    own = app.test_client()
    login(own, reviewer.email)
    listed = own.get("/en/staff/portal/").get_data(as_text=True)
    assert "北仑通知" in listed and "外贸通知" not in listed
