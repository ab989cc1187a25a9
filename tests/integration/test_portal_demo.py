"""The portal's demo (demo.portal), as a newcomer meets it after `make run`: the bureau's units,
the Beilun staff, every item of the demo content in its final state (published with its
history, scheduled and not yet public, withdrawn with its reason), policies linked both ways
with their validity, guides with forms to download, news with photos, a project in Japanese;
and loading the demo again adds nothing."""

from __future__ import annotations

import re
from collections import Counter

from sqlalchemy import func, select

from core.extensions import db
from demo.portal_content import ITEMS

EXPECTED = {
    ("policy", "published"): 8,
    ("guide", "published"): 4,
    ("notice", "published"): 4,
    ("notice", "scheduled"): 1,
    ("notice", "withdrawn"): 1,
    ("announcement", "published"): 4,
    ("project", "published"): 3,
    ("news", "published"): 4,
    ("news", "scheduled"): 1,
}
CONTENT = {content["ref"]: content for content in ITEMS}


def _counts() -> dict:
    from core.accounts.models import User
    from core.attachments import Attachment
    from core.units import Unit
    from govportal.publishing.models import Publication, PublicationLink, PublicationVersion

    def number(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return {
        "units": number(Unit),
        "users": number(User),
        "publications": number(Publication),
        "versions": number(PublicationVersion),
        "links": number(PublicationLink),
        "files": number(Attachment, Attachment.owner_kind == "publication"),
    }


def _links_in(page: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"]+)"', page)


def test_the_portal_demo_loads_every_item_in_its_final_state_and_loading_again_adds_nothing(clean_app):
    from core.accounts.models import User
    from core.organizations import uscc
    from core.units import Unit
    from demo import load_demo
    from govportal.publishing.models import Publication, PublicationVersion

    app = clean_app
    counts = []
    for _ in range(2):
        with app.test_request_context("/en/"):
            logins = load_demo(enterprises=20)  # the credit demo has its own test
            counts.append(_counts())
    assert counts[0] == counts[1], "loading the demo twice duplicated something"
    assert ("editor (Beilun)", "editor.beilun@demo.tradewindow.example") in logins["accounts"]
    assert ("reviewer (Beilun)", "reviewer.beilun@demo.tradewindow.example") in logins["accounts"]

    with app.app_context():
        assert counts[0]["units"] == 7
        units = {u.slug: u for u in db.session.scalars(select(Unit))}
        assert (
            units["beilun"].district == "330206" and units["yinzhou"].name_en == "Yinzhou District Bureau of Commerce"
        )
        people = {u.email: u for u in db.session.scalars(select(User).where(User.account_type == "staff"))}
        beilun_editor = people["editor.beilun@demo.tradewindow.example"]
        assert beilun_editor.unit_id == units["beilun"].id and beilun_editor.roles == {"editor"}
        assert people["reviewer.beilun@demo.tradewindow.example"].roles == {"reviewer"}

        items = {(p.title_zh, p.kind): p for p in db.session.scalars(select(Publication))}
        assert len(items) == len(ITEMS)
        by_ref = {ref: items[(c["title_zh"], c["kind"])] for ref, c in CONTENT.items()}
        ids = {ref: item.id for ref, item in by_ref.items()}
        assert Counter((p.kind, p.status) for p in items.values()) == EXPECTED
        # Beilun's items were written and approved in Beilun, the others at city level.
        assert by_ref["proj-beilun-diecasting"].author_id == beilun_editor.id
        assert by_ref["proj-beilun-diecasting"].reviewed_by_id == people["reviewer.beilun@demo.tradewindow.example"].id
        assert by_ref["pol-cbec"].author_id == people["editor@demo.tradewindow.example"].id
        # Versions: first publication, then one per change; nothing yet for a scheduled item.
        amended = by_ref["pol-trade-growth"]
        versions = db.session.scalars(
            select(PublicationVersion)
            .where(PublicationVersion.publication_id == amended.id)
            .order_by(PublicationVersion.number)
        ).all()
        assert [(v.number, v.major) for v in versions] == [(1, True), (2, False), (3, True)]
        assert amended.version == 3 and versions[0].note_zh == "首次发布" and versions[0].snapshot["title_zh"]
        assert amended.updated_at > amended.published_at
        webinar = by_ref["notice-cbec-insurance-webinar"]
        assert webinar.version == 0 and webinar.published_at is None and webinar.scheduled_for is not None
        # Validity follows the links and the dates.
        validity = {ref: by_ref[ref].validity for ref in CONTENT if CONTENT[ref]["kind"] == "policy"}
        assert validity == {
            "pol-sme-fund-2025": "repealed",
            "pol-cbec": "expired",
            "pol-trade-growth": "amended",
            "pol-trade-growth-amend": "in_force",
            "pol-sme-fund": "in_force",
            "pol-sme-fund-interp": "in_force",
            "pol-fdi-reward": "not_yet",
            "pol-fdi-reward-interp": "in_force",
        }
        assert by_ref["pol-trade-growth-amend"].details["links"] == {"amends": ids["pol-trade-growth"]}
        assert by_ref["pol-sme-fund-interp"].doc_number is None
        assert by_ref["proj-yinzhou-medical"].texts["ja"]["title"] == CONTENT["proj-yinzhou-medical"]["title_ja"]
        assert by_ref["notice-canton-fair"].industries == ",machinery,electronics,home,textiles,"
        for ref in ("ann-auction-hanlan", "ann-odi-jincheng"):
            code = by_ref[ref].details["applicant_uscc"]
            assert uscc.validate(code) == code and by_ref[ref].details["decided_on"]

    client = app.test_client()
    # Scheduled items are not public yet.
    assert client.get(f"/zh/gov/notices/{ids['notice-cbec-insurance-webinar']}/").status_code == 404
    assert client.get(f"/en/gov/news/{ids['news-expo-winter-home']}/").status_code == 404
    # The withdrawn notice keeps its page with the reason, and is out of the list.
    withdrawn = client.get(f"/zh/gov/notices/{ids['notice-beilun-japan-buyers']}/")
    assert withdrawn.status_code == 200
    assert CONTENT["notice-beilun-japan-buyers"]["withdrawn"]["reason_zh"] in withdrawn.get_data(as_text=True)
    listed = client.get("/zh/gov/notices/").get_data(as_text=True)
    assert f"/zh/gov/notices/{ids['notice-canton-fair']}/" in listed
    assert f"/zh/gov/notices/{ids['notice-beilun-japan-buyers']}/" not in listed

    # The amended policy and its amendment name each other; the repealed one says so.
    page = client.get(f"/en/gov/policies/{ids['pol-trade-growth']}/").get_data(as_text=True)
    assert (
        "<dt>Validity</dt><dd>Amended</dd>" in page
        and "Amended by" in page
        and f"/en/gov/policies/{ids['pol-trade-growth-amend']}/" in page
    )
    assert CONTENT["pol-trade-growth"]["changes"][1]["note_en"] in page  # a major change in the history
    page = client.get(f"/en/gov/policies/{ids['pol-trade-growth-amend']}/").get_data(as_text=True)
    assert "Amends" in page and f"/en/gov/policies/{ids['pol-trade-growth']}/" in page
    page = client.get(f"/en/gov/policies/{ids['pol-sme-fund-2025']}/").get_data(as_text=True)
    assert "<dt>Validity</dt><dd>Repealed</dd>" in page and "Repealed by" in page
    assert f"/en/gov/policies/{ids['pol-sme-fund']}/" in page
    page = client.get(f"/en/gov/policies/{ids['pol-sme-fund-interp']}/").get_data(as_text=True)
    assert "Interprets" in page and f"/en/gov/policies/{ids['pol-sme-fund']}/" in page
    page = client.get(f"/en/gov/policies/{ids['pol-sme-fund']}/").get_data(as_text=True)
    assert "Interpretations" in page and f"/en/gov/policies/{ids['pol-sme-fund-interp']}/" in page

    # A guide's forms are downloads.
    page = client.get(f"/en/gov/guides/{ids['guide-sme-fund']}/").get_data(as_text=True)
    assert "Forms to download" in page
    forms = _links_in(page, "/en/files/")
    assert len(forms) == len(CONTENT["guide-sme-fund"]["forms"])
    for url in forms:
        download = client.get(url)
        assert download.status_code == 200, url
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert download.data[:4] in (b"PK\x03\x04", b"%PDF")
    notice = client.get(f"/en/gov/notices/{ids['notice-sme-fund-call']}/").get_data(as_text=True)
    pdf = next(url for url in _links_in(notice, "/en/files/") if url.endswith(".pdf"))
    assert client.get(pdf).data.startswith(b"%PDF-")
    # News photos are pictures.
    page = client.get(f"/en/gov/news/{ids['news-trade-q3']}/").get_data(as_text=True)
    photos = re.findall(r'<img src="(/en/files/[^"]+)"', page)
    assert len(photos) == 2 and "container-terminal-at-ningbo-zhoushan-port.jpg" in photos[0]
    assert client.get(photos[0]).mimetype == "image/jpeg"

    # A project reads in Japanese too.
    project = ids["proj-yinzhou-medical"]
    page = client.get(f"/en/gov/projects/{project}/").get_data(as_text=True)
    assert 'hreflang="ja"' in page and f"/en/gov/projects/{project}/ja/" in page
    japanese = client.get(f"/en/gov/projects/{project}/ja/")
    assert japanese.status_code == 200
    assert CONTENT["proj-yinzhou-medical"]["title_ja"] in japanese.get_data(as_text=True)
