"""Staff screens speak the staff's language (core.labels): no ``product.approved``,
``organizations #42``, ``price_max`` or raw exception text; roles by their names; admins add
staff and change roles; each role's dashboard shows its own work; the verification queue shows
what a decision needs and asks before a refusal."""

import re

import pytest
from sqlalchemy import select

from core.extensions import db
from tests.conftest import csrf_from, login, post_with_token, submit

CODES = re.compile(
    r"\b(product|booth_profile|organization|booth|job|staff)\.[a-z_]+\b|\b(organizations|products|exhibitor_profiles)"
    r" #\d|\bprice_(min|max)\b|\bmoq\b|\bcategory_id\b|\bTraceback\b|\bcomplaint_handler\b"
)


def _visible(html: str) -> str:
    """The text a reader sees in the main area: no tags, no collapsed technical details."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<details>.*?</details>", " ", main, flags=re.S)
    return re.sub(r"<[^>]+>", " ", main)


def test_every_code_the_app_writes_has_a_label_in_both_languages(app):
    from core import labels
    from core.access import STAFF_ROLES
    from core.jobs import job_label, job_names
    from core.organizations.models import OrganizationStatus
    from marketplace.catalog.services import EDITABLE_FIELDS, PRODUCT_REVIEW
    from marketplace.expo.models import PROFILE_FIELDS, BoothStatus
    from marketplace.expo.services import PROFILE_REVIEW

    review_verbs = ["submitted", "revision_submitted", "approved", "revision_approved", "returned",
                    "revision_returned", "archived", "restored"]  # fmt: skip
    actions = [f"{kind.name}.{verb}" for kind in (PRODUCT_REVIEW, PROFILE_REVIEW) for verb in review_verbs]
    actions += [f"organization.{status}" for status in OrganizationStatus]
    actions += [f"booth.{status}" for status in BoothStatus if status != "applied"]
    actions += ["job.retry", "staff.created", "staff.role_granted", "staff.role_revoked", "staff.unit_changed"]
    actions += [
        f"publication.{verb}"
        for verb in (
            *review_verbs,
            "created",
            "edited",
            "scheduled",
            "published",
            "unscheduled",
            "withdrawn",
            "unpublished",
            "validity_changed",
        )
    ]
    actions += ["rfq.created", "rfq.closed", "quote.submitted", "quote.shortlisted", "quote.accepted", "quote.declined"]
    actions += [f"inquiry.{verb}" for verb in ("opened", "declined", "assigned", "reported", "report_closed",
                                               "report_dismissed")]  # fmt: skip
    for lang in ("en", "zh"):
        with app.test_request_context(f"/{lang}/"):
            for action in actions:
                label = labels.action(action)
                assert "." not in label.replace("…", "") and "_" not in label, (lang, action, label)
            for name in [n for n in job_names() if not n.startswith("tests.")]:
                assert job_label(name) != name, (lang, name)
            for kind, fields in (("product", EDITABLE_FIELDS), ("booth_profile", PROFILE_FIELDS)):
                for name in fields:
                    assert labels.field(kind, name) != name, (lang, kind, name)
            for role in STAFF_ROLES:
                assert labels.role(role) != role
            for table in ("products", "exhibitor_profiles", "booths", "organizations", "users", "job_runs"):
                assert labels.kind(table) != table


@pytest.fixture()
def history(app, client, make_exhibitor, make_org, make_product, make_booth, moderator):
    """A product approved and then changed (its price), an organization refused, a failed job,
    a booth change and an application waiting, an organization to verify."""
    from core.jobs import JobRun, JobStatus
    from marketplace.expo.models import Booth, Exhibition, ExhibitorProfile

    owner = make_exhibitor()
    product = make_product(owner.organization_id, status="draft", image=True, title_en="Gate valve", title_zh="闸阀")
    refused = make_org(status="pending", name_zh="乙公司", name_en="Yi Co.")
    login(client, owner.email)
    post_with_token(client, f"/en/account/catalog/{product.id}/submit", token_page="/en/account/catalog/")
    post_with_token(moderator, f"/en/staff/expo/products/{product.id}/decide", {"decision": "approve"},
                    token_page="/en/staff/expo/products/")  # fmt: skip
    edit = client.get(f"/en/account/catalog/{product.id}/edit").get_data(as_text=True)
    client.post(
        f"/en/account/catalog/{product.id}/edit",
        data={"csrf_token": csrf_from(edit), "title_en": "Gate valve", "title_zh": "闸阀",
              "category": "industrial-valves", "price_max": "99.50", "moq": "10"},
    )  # fmt: skip
    post_with_token(moderator, f"/en/staff/organizations/{refused.id}/decide",
                    {"decision": "rejected", "reason": "执照不清", "confirmed": "yes"},
                    token_page="/en/staff/organizations/")  # fmt: skip
    make_org(status="pending", name_zh="丁公司", name_en="Ding Co.", district="330203", industry="machinery")
    make_booth(org=make_org(name_en="Booth Co."))
    with app.app_context():
        profile = db.session.scalars(select(ExhibitorProfile)).first()
        profile.pending_revision = {"year_founded": 1999, "main_products_en": "Pumps"}
        fair = Exhibition(slug="spring", name_en="Spring Fair", name_zh="春季展")
        db.session.add(fair)
        db.session.flush()
        db.session.add(Booth(exhibition_id=fair.id, organization_id=profile.organization_id, message="Hall A please"))
        error = "Traceback (most recent call last):\nOSError: x"
        db.session.add(JobRun(name="catalog.thumbnails", queue="default", args=[1], status=JobStatus.FAILED,
                              attempts=3, max_attempts=3, last_error=error))  # fmt: skip
        db.session.commit()
    return {"product": product, "refused": refused}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_staff_pages_show_names_and_labels_not_codes(app, history, make_user, lang):
    admin = app.test_client()
    login(admin, make_user(account_type="staff", roles=["admin", "moderator"]).email)
    pages = {
        "audit": f"/{lang}/staff/audit/",
        "history": f"/{lang}/staff/expo/history/",
        "jobs": f"/{lang}/staff/jobs/?status=failed",
        "products": f"/{lang}/staff/expo/products/",
        "people": f"/{lang}/staff/people/",
        "dashboard": f"/{lang}/staff/",
        "organizations": f"/{lang}/staff/organizations/",
        "booths": f"/{lang}/staff/expo/booths/",
        "applications": f"/{lang}/staff/expo/applications/",
    }
    seen = {}
    for name, url in pages.items():
        response = admin.get(url)
        assert response.status_code == 200, url
        seen[name] = _visible(response.get_data(as_text=True))
        found = CODES.search(seen[name])
        assert found is None, (url, found.group(0), seen[name][max(0, found.start() - 200) : found.end() + 100])
    if lang == "zh":
        assert "闸阀" in seen["history"] and "乙公司" in seen["audit"] and "最高价" in seen["products"]
        assert "产品缩略图" in seen["jobs"] and "管理员" in seen["people"]
        assert "成立年份" in seen["booths"] and "1999" in seen["booths"] and "春季展" in seen["applications"]
    else:
        assert "Gate valve" in seen["history"] and "Yi Co." in seen["audit"] and "Highest price" in seen["products"]
        assert "Product thumbnails" in seen["jobs"] and "Administrator" in seen["people"]
        assert "99.50" in seen["products"] and "Year founded" in seen["booths"] and "Ding Co." in seen["organizations"]


def test_each_role_sees_its_own_work_on_the_dashboard(app, history, make_user):
    moderator, admin = app.test_client(), app.test_client()
    login(moderator, make_user(account_type="staff", roles=["moderator"]).email)
    login(admin, make_user(account_type="staff", roles=["admin"]).email)
    mine = _visible(moderator.get("/en/staff/").get_data(as_text=True))
    assert re.search(r"1\s+Products waiting for review\s+The oldest has waited", mine), mine
    assert "Failed background jobs" not in mine and "Expo moderator" in mine
    theirs = _visible(admin.get("/en/staff/").get_data(as_text=True))
    assert re.search(r"1\s+Failed background jobs", theirs) and "Products waiting for review" in theirs


def test_an_admin_adds_staff_who_choose_their_password_and_roles_change(app, client, make_user, mailbox):
    from core.accounts.models import User
    from core.audit import AuditEntry

    admin = make_user(account_type="staff", roles=["admin"], email="admin@bureau.gov.cn")
    login(client, admin.email)
    response = submit(
        client, "/en/staff/people/",
        {"full_name": "Wang Fang", "email": "wang@bureau.gov.cn", "preferred_language": "zh", "roles": ["moderator"]},
    )  # fmt: skip
    assert response.status_code == 302
    mail = mailbox.last_to("wang@bureau.gov.cn")
    assert "展会审核员" in mailbox.text_of(mail)
    link = mailbox.link_in(mail).removeprefix(app.config["BASE_URL"])
    newcomer = app.test_client()
    page = newcomer.get(link).get_data(as_text=True)
    newcomer.post(
        link, data={"csrf_token": csrf_from(page), "password": "a-new-long-pass-9", "confirm": "a-new-long-pass-9"}
    )
    login(newcomer, "wang@bureau.gov.cn", "a-new-long-pass-9")
    assert newcomer.get("/en/staff/expo/products/").status_code == 200  # a moderator now
    assert newcomer.get("/en/staff/jobs/").status_code == 403

    again = submit(client, "/en/staff/people/", {"full_name": "W", "email": "wang@bureau.gov.cn",
                                                  "preferred_language": "zh", "roles": ["admin"]})  # fmt: skip
    assert "has a staff account already" in again.get_data(as_text=True)
    none = submit(
        client, "/en/staff/people/", {"full_name": "Li", "email": "li@bureau.gov.cn", "preferred_language": "zh"}
    )
    assert "Choose at least one role." in none.get_data(as_text=True)

    with app.app_context():
        wang = db.session.scalar(select(User).where(User.email == "wang@bureau.gov.cn"))
    page = client.get("/en/staff/people/").get_data(as_text=True)
    client.post(f"/en/staff/people/{wang.id}/roles",
                data={"csrf_token": csrf_from(page), f"u{wang.id}-roles": ["editor"]})  # fmt: skip
    assert newcomer.get("/en/staff/expo/products/").status_code == 403  # no longer a moderator
    own = client.post(
        f"/en/staff/people/{admin.id}/roles",
        data={"csrf_token": csrf_from(page), f"u{admin.id}-roles": ["editor"]},
        follow_redirects=True,
    )
    assert "cannot take away your own administrator role" in own.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin.id).roles == {"admin"}
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(wang.id))).all()
        assert sorted(actions) == ["staff.created", "staff.role_granted", "staff.role_revoked"]


def test_the_verification_queue_shows_what_a_decision_needs_and_asks_before_refusing(
    app, client, make_org, make_exhibitor, moderator
):
    from core.organizations.models import Organization

    org = make_org(status="pending", name_zh="丙公司", name_en="Bing Pumps", district="330206", industry="machinery",
                   address_zh="宁波市北仑区新碶街道1号", contact_name="Chen", contact_phone="0574-1234 5678",
                   website="https://bing.example.cn")  # fmt: skip
    make_exhibitor(org=org, email="chen@bing.example.cn", verified=False)
    text = _visible(moderator.get("/zh/staff/organizations/").get_data(as_text=True))
    for shown in ("北仑区", "机械", "新碶街道", "0574-1234 5678", "https://bing.example.cn", "chen@bing.example.cn",
                  "邮箱未确认"):  # fmt: skip
        assert shown in text, shown
    asked = post_with_token(moderator, f"/en/staff/organizations/{org.id}/decide",
                            {"decision": "rejected", "reason": "Licence unreadable"},
                            token_page="/en/staff/organizations/")  # fmt: skip
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Refuse verification?" in page and "Licence unreadable" in page
    with app.app_context():
        assert db.session.get(Organization, org.id).status == "pending"  # nothing decided yet
    done = moderator.post("/en/staff/organizations/bulk", data={
        "csrf_token": csrf_from(page), "decision": "rejected", "reason": "Licence unreadable", "confirmed": "yes",
        "ids": [org.id]}, follow_redirects=True)  # fmt: skip
    assert "Refused: Bing Pumps." in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Organization, org.id).status == "rejected"


def test_a_decision_message_says_what_was_decided_on_what(app, make_exhibitor, make_product, moderator):
    owner = make_exhibitor()
    first = make_product(owner.organization_id, status="submitted", image=True, title_en="Gate valve")
    second = make_product(owner.organization_id, status="submitted", image=True, title_en="Ball valve")
    done = post_with_token(moderator, f"/en/staff/expo/products/{first.id}/decide", {"decision": "approve"},
                           token_page="/en/staff/expo/products/", follow_redirects=True)  # fmt: skip
    assert "Approved: Gate valve." in done.get_data(as_text=True)
    page = moderator.get("/en/staff/expo/products/").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "decision": "return", "reason": "Blurry photos", "ids": [second.id]}
    bulk = moderator.post("/en/staff/expo/products/bulk", data=form, follow_redirects=True)
    assert "Returned to the exhibitor: Ball valve." in bulk.get_data(as_text=True)


def test_the_history_names_halls_in_one_query_however_many_entries(app, make_org, moderator, count_queries):
    """A booth decision's hall is named, and a page of such entries costs no query per entry."""
    from core import audit
    from marketplace.expo.models import Booth, Exhibition, Hall

    def record(n):
        org_id = make_org(name_en=f"Org {n}").id
        with app.test_request_context("/en/"):
            fair = db.session.scalar(select(Exhibition)) or Exhibition(slug="spring", name_en="Spring Fair")
            db.session.add(fair)
            db.session.flush()
            hall = Hall(exhibition_id=fair.id, slug=f"hall-{n}", name_en=f"Hall of valves {n}")
            booth = Booth(exhibition_id=fair.id, organization_id=org_id, status="approved")
            db.session.add_all([hall, booth])
            db.session.flush()
            audit.record("booth.approved", booth, hall=hall.id)
            db.session.commit()

    record(1)
    with count_queries() as one:
        page = moderator.get("/en/staff/expo/history/").get_data(as_text=True)
    assert "Hall: Hall of valves 1" in page
    for n in range(2, 7):
        record(n)
    with count_queries() as six:
        page = moderator.get("/en/staff/expo/history/").get_data(as_text=True)
    assert "Hall: Hall of valves 6" in page
    assert six.n == one.n, (one.n, six.n)
