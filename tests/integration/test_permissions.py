"""What each role must not do. Every staff page and action is tried by every kind of user."""

import pytest

from tests.conftest import login, post_with_token

STAFF_PAGES = {
    # url: roles that may open it (admin may open everything)
    "/en/staff/": {"editor", "reviewer", "moderator", "complaint_handler", "credit_officer", "admin"},
    "/en/staff/organizations/": {"moderator", "admin"},
    "/en/staff/jobs/": {"admin"},
    "/en/staff/audit/": {"admin"},
    "/en/staff/people/": {"admin"},
    "/en/staff/credit/": {"credit_officer", "admin"},
}
ROLES = ["editor", "reviewer", "moderator", "complaint_handler", "credit_officer", "admin"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in [*STAFF_PAGES, "/en/account/", "/en/account/profile", "/en/account/organization"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/en/account/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("account_type", ["buyer", "exhibitor"])
def test_buyers_and_exhibitors_cannot_open_staff_pages(client, make_user, make_exhibitor, account_type):
    user = make_exhibitor() if account_type == "exhibitor" else make_user()
    login(client, user.email)
    for url in STAFF_PAGES:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ROLES)
def test_each_staff_role_opens_only_its_pages(client, make_user, role):
    user = make_user(account_type="staff", roles=[role])
    login(client, user.email)
    for url, allowed in STAFF_PAGES.items():
        expected = 200 if role in allowed else 403
        assert client.get(url).status_code == expected, (role, url)


@pytest.mark.parametrize("role", ["editor", "reviewer", "complaint_handler"])
def test_staff_without_moderation_role_cannot_verify_an_organization(client, app, make_user, make_org, role):
    org = make_org(status="pending")
    user = make_user(account_type="staff", roles=[role])
    login(client, user.email)
    response = post_with_token(client, f"/en/staff/organizations/{org.id}/decide", {"decision": "verified"})
    assert response.status_code == 403
    with app.app_context():
        from core.extensions import db
        from core.organizations.models import Organization

        assert db.session.get(Organization, org.id).status == "pending"


def test_buyer_cannot_retry_jobs_or_verify(client, make_user, make_org):
    org = make_org(status="pending")
    user = make_user()
    login(client, user.email)
    assert (
        post_with_token(client, f"/en/staff/organizations/{org.id}/decide", {"decision": "verified"}).status_code == 403
    )
    assert post_with_token(client, "/en/staff/jobs/1/retry").status_code == 403


def test_buyer_has_no_organization_page(client, make_user):
    user = make_user()
    login(client, user.email)
    assert client.get("/en/account/organization").status_code == 403


def test_exhibitor_editor_cannot_invite(client, app, make_exhibitor, mailbox):
    editor = make_exhibitor(role="editor")
    login(client, editor.email)
    page = client.get("/en/account/organization")
    assert page.status_code == 200
    assert "Invite a colleague" not in page.get_data(as_text=True)
    post_with_token(
        client,
        "/en/account/organization",
        {"email": "friend@example.com", "role": "owner"},
        token_page="/en/account/organization",
    )
    assert mailbox.to("friend@example.com") == []


def test_unverified_exhibitor_cannot_use_exhibitor_pages(client, make_exhibitor):
    user = make_exhibitor(verified=False)
    login(client, user.email)
    response = client.get("/en/account/organization")
    assert response.status_code == 302 and response.headers["Location"].endswith("/en/account/")


def test_an_owner_manages_only_its_own_organization(client, app, make_exhibitor, make_org):
    from core.errors import Forbidden
    from core.organizations.services import invite

    owner = make_exhibitor(role="owner")
    other = make_org(name_zh="别家公司")
    with app.test_request_context():
        from core.accounts.models import User
        from core.extensions import db

        user = db.session.get(User, owner.id)
        with pytest.raises(Forbidden):
            invite(user, other.id, "spy@example.com")
