"""Leads reach the right people: in-app notifications beside the mail, response metrics on booths
and product pages, and published requests routed to matching verified exhibitors under caps
that rotate. On both databases; search is the embedded backend the app runs on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests.conftest import login, post_with_token, submit
from tests.integration.test_sourcing import _published, _quote, _seller


@pytest.fixture()
def buyer(client, categories, make_user):
    user = make_user(email="anna@buyer.example", full_name="Anna Berg")
    login(client, user.email)
    return user


def _route(app) -> None:
    """Run the routing jobs that publishing queued, as a worker would (its own request context)."""
    from core.jobs import JobRun, JobStatus, run_inprocess

    with app.app_context():
        queued = db.session.scalars(
            select(JobRun.id).where(JobRun.name == "sourcing.route", JobRun.status == JobStatus.QUEUED)
        ).all()
        for run_id in queued:
            assert run_inprocess(run_id) == JobStatus.DONE


def _drain(app):
    from core import search

    with app.app_context():
        search.drain()


# ---------------------------------------------------------------- notifications


def test_a_quote_is_told_in_the_app_in_the_readers_language_and_opening_it_marks_it_read(
    app, client, buyer, moderator, make_org, make_exhibitor, mailbox
):
    request_id = _published(app)
    seller = _seller(app, make_org, make_exhibitor, "Ningbo Valve Works", "sales@valve.example")
    _quote(seller, request_id)
    header = client.get("/en/").get_data(as_text=True)
    assert "Notifications" in header and "2 new" in header  # published + a quote
    page = client.get("/en/account/notifications/").get_data(as_text=True)
    assert "New quote on Stainless steel ball valve DN50" in page
    assert "Published: Stainless steel ball valve DN50" in page
    zh = client.get("/zh/account/notifications/").get_data(as_text=True)
    assert "Stainless steel ball valve DN50" in zh and "New quote on" not in zh  # read in Chinese
    from core.notifications import Notification

    with app.app_context():
        note = db.session.scalar(select(Notification).where(Notification.template == "quote_received"))
        other = make_exhibitor(email="nosy@other.example")
    opened = client.get(f"/en/account/notifications/{note.id}")
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/en/account/requests/{request_id}/quotes")
    assert "1 new" in client.get("/en/").get_data(as_text=True)
    nosy = app.test_client()
    login(nosy, other.email)
    assert nosy.get(f"/en/account/notifications/{note.id}").status_code == 404  # not theirs
    post_with_token(client, "/en/account/notifications/read", token_page="/en/account/notifications/")
    assert " new<" not in client.get("/en/").get_data(as_text=True)
    assert "No notifications yet" in nosy.get("/en/account/notifications/").get_data(as_text=True)


# ---------------------------------------------------------------- response metrics


def _inquiries(app, organization_id, buyer_id, ages_and_waits):
    """Inquiries to the organization, created ``age`` ago and answered after ``wait`` (None: not yet)."""
    from core.db import utcnow
    from marketplace.sourcing.models import Inquiry

    now = utcnow()
    with app.app_context():
        for age, wait in ages_and_waits:
            created = now - age
            db.session.add(
                Inquiry(
                    buyer_id=buyer_id,
                    organization_id=organization_id,
                    subject="Price list",
                    last_message_at=created,
                    created_at=created,
                    first_response_at=created + wait if wait is not None else None,
                )
            )
        db.session.commit()


def test_response_metrics_count_answers_within_24_hours_over_30_days():
    from datetime import UTC, datetime

    from marketplace.sourcing.metrics import measure

    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    h = timedelta(hours=1)
    pairs = [
        (now - 48 * h, now - 46 * h),  # answered in 2 hours
        (now - 72 * h, now - 72 * h + 24 * h),  # exactly 24 hours: in time
        (now - 96 * h, now - 96 * h + 25 * h),  # 25 hours: late
        (now - 30 * h, None),  # over 24 hours, never answered: counts against
        (now - 2 * h, None),  # still within its 24 hours: not counted
    ]
    counted, in_time, rate, minutes = measure(pairs, now)
    assert (counted, in_time) == (4, 2) and rate == 0.5
    assert minutes == 24 * 60  # median of 2 h, 24 h, 25 h
    assert measure([], now) == (0, 0, None, None)


def test_a_booth_and_its_products_show_how_quickly_the_exhibitor_answers(
    app, client, buyer, make_org, make_exhibitor, make_booth, make_product
):
    from marketplace.sourcing import metrics

    org = make_org(name_en="Cixi Lamps")
    make_exhibitor(org=org, email="owner@lamps.cn")
    booth = make_booth(org)
    product = make_product(org.id, title_en="Desk lamp")
    h = timedelta(hours=1)
    booth_page = client.get(f"/en/exhibitors/{booth.slug}/").get_data(as_text=True)
    assert "Response rate" not in booth_page  # no inquiries: no figure, not 0 %

    _inquiries(app, org.id, buyer.id, [(48 * h, 2 * h), (72 * h, 3 * h), (96 * h, 5 * h), (50 * h, None)])
    _inquiries(app, org.id, buyer.id, [(40 * 24 * h, 1 * h)])  # older than 30 days: left out
    with app.app_context():
        metrics.refresh()
        db.session.commit()
    booth_page = client.get(f"/en/exhibitors/{booth.slug}/").get_data(as_text=True)
    assert "Response rate: 75%" in booth_page and "usually answers within 3 hours" in booth_page
    assert "over 4 inquiries in the last 30 days" in booth_page
    product_page = client.get(f"/en/products/{product.id}-{product.slug}/").get_data(as_text=True)
    assert "Response rate: 75%" in product_page
    assert "回复率：75%" in client.get(f"/zh/exhibitors/{booth.slug}/").get_data(as_text=True)


def test_the_first_answer_updates_the_figures_at_once(app, client, buyer, make_org, make_exhibitor, make_booth):
    org = make_org(name_en="Cixi Lamps")
    owner = make_exhibitor(org=org, email="owner@lamps.cn")
    booth = make_booth(org)
    submit(client, f"/en/account/inquiries/new?exhibitor={org.id}", {"body": "Price list, please."})
    assert "Response rate" not in client.get(f"/en/exhibitors/{booth.slug}/").get_data(as_text=True)
    from marketplace.sourcing.models import Inquiry

    with app.app_context():
        inquiry_id = db.session.scalar(select(Inquiry.id))
    seller = app.test_client()
    login(seller, owner.email)
    submit(seller, f"/en/account/inquiries/{inquiry_id}", {"body": "Here it is."})
    page = client.get(f"/en/exhibitors/{booth.slug}/").get_data(as_text=True)
    assert "Response rate: 100%" in page and "within an hour" in page


# ---------------------------------------------------------------- routing


def _supplier(app, make_org, make_exhibitor, make_product, name, email, title, status="verified", category=None):
    org = make_org(name_en=name, status=status)
    make_exhibitor(org=org, email=email)
    make_product(org.id, title_en=title, **({"category": category} if category else {}))
    return org


def test_a_published_request_is_told_to_matching_verified_exhibitors_and_says_how_many(
    app, client, buyer, moderator, make_org, make_exhibitor, make_product, mailbox
):
    from marketplace.sourcing.models import BuyerRequest, RequestRouting

    valves = _supplier(app, make_org, make_exhibitor, make_product, "Valve Co", "v@valve.cn", "Stainless ball valve")
    _supplier(app, make_org, make_exhibitor, make_product, "Lamp Co", "l@lamp.cn", "LED desk lamp", category=None)
    _supplier(app, make_org, make_exhibitor, make_product, "Pending Co", "p@pend.cn", "Ball valve", status="pending")
    _drain(app)
    request_id = _published(app)
    _route(app)
    with app.app_context():
        told = {r.organization_id for r in db.session.scalars(select(RequestRouting))}
        item = db.session.get(BuyerRequest, request_id)
        assert told == {valves.id} or valves.id in told
        assert item.notified_count == len(told) and item.routed_at is not None
    assert all(m["To"] != "p@pend.cn" for m in mailbox.messages)  # not verified: never told
    mail = mailbox.last_to("v@valve.cn")
    assert "A buyer request for your products: Stainless steel ball valve DN50" in mail["Subject"]
    assert f"/en/rfq/{request_id}/" in mailbox.text_of(mail)
    page = client.get(f"/en/rfq/{request_id}/").get_data(as_text=True)
    assert f"sent to {len(told)} matching supplier" in page
    with app.app_context():
        from core.jobs import enqueue

        enqueue("sourcing.route", request_id)
        db.session.commit()
    _route(app)  # once only
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RequestRouting)) == len(told)


def test_routing_caps_each_exhibitor_per_day_and_rotates_between_matching_ones(
    app, client, buyer, moderator, make_org, make_exhibitor, make_product
):
    from marketplace.sourcing import routing
    from marketplace.sourcing.models import RequestRouting

    suppliers = [
        _supplier(app, make_org, make_exhibitor, make_product, f"Valve {n}", f"s{n}@valve.cn", f"Ball valve model {n}")
        for n in range(routing.PER_REQUEST + 2)
    ]
    _drain(app)
    per_request = []
    for n in range(4):
        request_id = _published(app, title=f"Ball valve order {n}")
        _route(app)
        with app.app_context():
            told = select(RequestRouting.organization_id).where(RequestRouting.request_id == request_id)
            per_request.append(set(db.session.scalars(told)))
    with app.app_context():
        counts = {s.id: sum(s.id in told for told in per_request) for s in suppliers}
    assert all(len(told) == routing.PER_REQUEST for told in per_request[:2])
    assert per_request[0] != per_request[1]  # the second lead goes first to those not told yet
    assert set().union(*per_request[:2]) == {s.id for s in suppliers}  # every matching one had a turn
    assert max(counts.values()) <= routing.DAILY_CAP  # never more than the cap in 24 hours
    assert min(counts.values()) >= max(counts.values()) - 1  # spread evenly


def test_nobody_is_told_of_a_request_that_no_product_matches(
    app, client, buyer, moderator, make_org, make_exhibitor, make_product, mailbox
):
    from marketplace.sourcing.models import BuyerRequest

    _supplier(app, make_org, make_exhibitor, make_product, "Lamp Co", "l@lamp.cn", "LED desk lamp")
    _drain(app)
    request_id = _published(app, title="Zirconium crucible for labs", category="machine-tools")
    _route(app)
    with app.app_context():
        item = db.session.get(BuyerRequest, request_id)
        assert item.notified_count == 0 and item.routed_at is not None
    assert mailbox.to("l@lamp.cn") == []
    assert "matching supplier" not in client.get(f"/en/rfq/{request_id}/").get_data(as_text=True)


# ---------------------------------------------------------------- follows and digests


def _follow(client, query):
    return submit(client, f"/en/account/following/new?{query}", {}, follow_redirects=True).get_data(as_text=True)


def _run_scheduler(app, now):
    """One tick of the scheduler at ``now``, then the jobs it queued, as the worker runs them."""
    from core import schedule
    from core.jobs import JobRun, JobStatus, run_inprocess

    with app.test_request_context("/en/"):
        started = schedule.tick(now)
    with app.app_context():
        for run_id in db.session.scalars(select(JobRun.id).where(JobRun.status == JobStatus.QUEUED)).all():
            run_inprocess(run_id)
    return started


def test_a_buyer_follows_an_exhibitor_and_a_category_and_gets_a_digest_with_one_click_unsubscribe(
    app, client, buyer, moderator, make_org, make_exhibitor, make_booth, make_product, mailbox
):
    from datetime import UTC, datetime

    from marketplace.following.models import DigestSetting, Follow

    org = make_org(name_en="Cixi Lamps", name_zh="慈溪灯具")
    make_exhibitor(org=org, email="owner@lamps.cn")
    booth = make_booth(org)
    booth_page = client.get(f"/en/exhibitors/{booth.slug}/").get_data(as_text=True)
    assert f"/en/account/following/new?exhibitor={org.id}" in booth_page
    confirm = client.get(f"/en/account/following/new?exhibitor={org.id}").get_data(as_text=True)
    assert "Follow Cixi Lamps" in confirm
    assert "You follow Cixi Lamps" in _follow(client, f"exhibitor={org.id}")
    assert "You already follow Cixi Lamps" in _follow(client, f"exhibitor={org.id}")  # a double submit
    assert "/en/account/following/new?category=industrial-valves" in client.get(
        "/en/categories/industrial-valves/"
    ).get_data(as_text=True)
    _follow(client, "category=industrial-valves")
    listing = client.get("/en/account/following/").get_data(as_text=True)
    assert "Cixi Lamps" in listing and "Industrial valves" in listing
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follow)) == 2
        assert db.session.get(DigestSetting, buyer.id).frequency == "weekly"
    assert client.get("/en/account/following/new?exhibitor=999999").status_code == 404
    assert client.get("/en/account/following/new?category=nope").status_code == 404

    # New things after the follow: a lamp of the exhibitor, a valve of another, and a request.
    make_product(org.id, title_en="Brass desk lamp")
    make_product(title_en="Gate valve DN80")
    make_product(title_en="Garden hose", category="agricultural-machinery")  # followed by nobody
    _published(app, title="Butterfly valves for a water plant")

    monday = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    monday += timedelta(days=(7 - monday.weekday()) % 7 or 7)  # next Monday, 08:00: after the 07:00 slot
    assert "following.digests" in _run_scheduler(app, monday)
    digests = [m for m in mailbox.to("anna@buyer.example") if m["Subject"] == "New at TradeWindow: what you follow"]
    assert len(digests) == 1
    mail, text = digests[0], mailbox.text_of(digests[0])
    assert "Brass desk lamp" in text and "Gate valve DN80" in text and "Butterfly valves for a water plant" in text
    assert "Garden hose" not in text
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = mail["List-Unsubscribe"].strip("<>")
    assert unsubscribe in text

    # The same slot again (a second scheduler, a repeated tick) sends nothing more.
    count = len(mailbox.to("anna@buyer.example"))
    assert "following.digests" not in _run_scheduler(app, monday + timedelta(minutes=5))  # (minutely sweeps run)
    assert len(mailbox.to("anna@buyer.example")) == count

    path = "/" + unsubscribe.split("/", 3)[3]
    stranger = app.test_client()
    page = stranger.get(path).get_data(as_text=True)
    assert "Stop the digest mails" in page
    with app.app_context():
        assert db.session.get(DigestSetting, buyer.id).frequency == "weekly"  # a GET (a link scanner) changes nothing
    done = stranger.post(path, data={"List-Unsubscribe": "One-Click"})  # what a mail program posts
    assert done.status_code == 200 and "no more digest mails" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(DigestSetting, buyer.id).frequency == "off"
    assert stranger.post(path[:-3] + "xyz").status_code == 404  # a damaged link
    make_product(org.id, title_en="Floor lamp")
    _run_scheduler(app, monday + timedelta(days=7))
    assert len(mailbox.to("anna@buyer.example")) == count  # unsubscribed: no digest


def test_nothing_new_sends_no_digest_and_daily_digests_go_out_once_a_day(
    app, client, buyer, make_org, make_exhibitor, make_booth, make_product, mailbox
):
    from datetime import UTC, datetime

    from marketplace.following import services

    org = make_org(name_en="Cixi Lamps")
    make_booth(org)
    _follow(client, f"exhibitor={org.id}")
    page = submit(client, "/en/account/following/digest", {"frequency": "daily"}, form_url="/en/account/following/",
                  follow_redirects=True)  # fmt: skip
    assert "Saved: your digest comes every day" in page.get_data(as_text=True)
    submit(client, "/en/account/following/digest", {"frequency": "hourly"}, form_url="/en/account/following/")
    now = datetime.now(UTC) + timedelta(minutes=1)
    with app.test_request_context("/en/"):
        assert services.send_digests(now) == 0  # nothing new: no mail
        make_product(org.id, title_en="Brass desk lamp", published_at=now + timedelta(minutes=30))
        assert services.send_digests(now + timedelta(hours=1)) == 1
        assert services.send_digests(now + timedelta(hours=2)) == 0  # not twice a day
        make_product(org.id, title_en="Floor lamp", published_at=now + timedelta(hours=3))
        assert services.send_digests(now + timedelta(days=1, hours=1)) == 1
    texts = [mailbox.text_of(m) for m in mailbox.to("anna@buyer.example")]
    assert "Brass desk lamp" in texts[0] and "Floor lamp" in texts[1] and "Brass desk lamp" not in texts[1]


# ---------------------------------------------------------------- reports


def test_a_reported_conversation_waits_for_moderators_who_close_it_for_both_sides(
    app, client, buyer, moderator, make_org, make_exhibitor, make_user
):
    from marketplace.sourcing.models import Inquiry

    org = make_org(name_en="Cixi Lamps")
    owner = make_exhibitor(org=org, email="owner@lamps.cn")
    submit(client, f"/en/account/inquiries/new?exhibitor={org.id}", {"body": "Cheap watches, visit my shop"})
    with app.app_context():
        inquiry_id = db.session.scalar(select(Inquiry.id))
    seller = app.test_client()
    login(seller, owner.email)
    thread = f"/en/account/inquiries/{inquiry_id}"
    assert "Report this conversation" in seller.get(thread).get_data(as_text=True)
    empty = post_with_token(seller, f"{thread}/report", {"reason": ""}, token_page=thread, follow_redirects=True)
    assert "This field is required" in empty.get_data(as_text=True)
    assert "Nothing is reported" in moderator.get("/en/staff/expo/inquiries/").get_data(as_text=True)
    markup = post_with_token(seller, f"{thread}/report", {"reason": "Spam <b>ads</b>"}, token_page=thread,
                             follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "Please do not use &lt; or &gt;" in markup
    page = post_with_token(seller, f"{thread}/report", {"reason": "Spam: ads for watches"}, token_page=thread,
                           follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "moderators will look at this conversation" in page
    stranger = make_user(email="x@buyer.example")
    other = app.test_client()
    login(other, stranger.email)
    assert post_with_token(other, f"{thread}/report", {"reason": "x"}, token_page="/en/account/").status_code == 403
    assert "Reported inquiries" in moderator.get("/en/staff/").get_data(as_text=True)
    queue = moderator.get("/en/staff/expo/inquiries/").get_data(as_text=True)
    assert "Cheap watches, visit my shop" in queue and "Reported by the exhibitor" in queue
    assert "Spam: ads for watches" in queue
    assert buyer.email in queue
    post_with_token(moderator, f"/en/staff/expo/inquiries/{inquiry_id}/decide", {"outcome": "closed"},
                    token_page="/en/staff/expo/inquiries/")  # fmt: skip
    assert "Nothing is reported" in moderator.get("/en/staff/expo/inquiries/").get_data(as_text=True)
    closed = submit(client, thread, {"body": "Hello again"}).get_data(as_text=True)
    assert "The bureau closed this conversation after a report." in closed
    with app.app_context():
        inquiry = db.session.get(Inquiry, inquiry_id)
        assert inquiry.report_outcome == "closed" and len(inquiry.messages) == 1


# ---------------------------------------------------------------- dashboards


def test_the_overview_shows_the_buyer_and_the_exhibitor_what_to_do_next(
    app, client, buyer, moderator, make_org, make_exhibitor, make_product, make_booth
):
    empty = client.get("/en/account/").get_data(as_text=True)
    assert "Your buying" in empty and "Post a buyer request" in empty and "Your leads" not in empty
    org = make_org(name_en="Ningbo Valve Works")
    owner = make_exhibitor(org=org, email="sales@valve.example")
    make_product(org.id, title_en="Ball valve")
    make_booth(org)
    request_id = _published(app)
    _published(app, title="Centrifugal pump 5 kW", category="centrifugal-pumps")
    seller = app.test_client()
    login(seller, owner.email)
    leads = seller.get("/en/account/").get_data(as_text=True)
    assert "Your leads" in leads and "Your buying" not in leads
    assert "Stainless steel ball valve DN50" in leads  # an open request in its category
    assert "Centrifugal pump 5 kW" not in leads  # not its category
    assert "3</span>" in leads and "quotes left this month" in leads
    _quote(seller, request_id)
    submit(client, f"/en/account/inquiries/new?exhibitor={org.id}", {"body": "Price list, please."})
    leads = seller.get("/en/account/").get_data(as_text=True)
    assert "quotes left this month" in leads and ">2</span>" in leads
    assert "inquiry waiting for your answer" in leads and "1 unread" in leads
    overview = client.get("/en/account/").get_data(as_text=True)
    assert "2</span>" in overview and "open requests" in overview
    assert "quote received" in overview and "Stainless steel ball valve DN50" in overview
    zh = client.get("/zh/account/").get_data(as_text=True)
    assert "我的采购" in zh


def test_two_colleagues_quoting_at_once_make_one_quote_and_a_message(
    app, client, buyer, moderator, make_org, make_exhibitor
):
    import threading

    from marketplace.sourcing.models import BuyerRequest, Quote
    from tests.conftest import csrf_from
    from tests.integration.test_sourcing import _quote_fields

    request_id = _published(app)
    org = make_org(name_en="Ningbo Valve Works")
    sellers = []
    for n in range(2):
        colleague = make_exhibitor(org=org, role="owner" if n == 0 else "editor", email=f"sales{n}@valve.example")
        seller = app.test_client()
        login(seller, colleague.email)
        form = f"/en/account/quotes/on/{request_id}"
        token = csrf_from(seller.get(form).get_data(as_text=True))
        sellers.append((seller, form, token))
    start = threading.Barrier(2)
    answers = []

    def send(seller, form, token):
        start.wait()
        answers.append(seller.post(form, data={"csrf_token": token, **_quote_fields()}, follow_redirects=True))

    threads = [threading.Thread(target=send, args=args) for args in sellers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in answers) == [200, 200]  # never a 500
    pages = [r.get_data(as_text=True) for r in answers]
    import re

    said = [re.findall(r"(?:field-error|flash|notice)[^>]*>(.{0,200})", p) for p in pages]
    assert sum("Your quote is sent" in p for p in pages) == 1, said
    # The other is told its organization quoted: by the unique constraint when both wrote at
    # once, or by the page when the first had committed before the second read.
    told = ("Your organization has quoted on this request already.", "Your organization quoted")
    assert sum(any(text in p for text in told) for p in pages) == 1, said
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Quote)) == 1
        assert db.session.get(BuyerRequest, request_id).quotes_count == 1
