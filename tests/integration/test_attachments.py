"""Attachments (core.attachments) on buyer requests, quotes and inquiry messages: accepted by
what they are, never by their names; refused with a message that names the file and says what
to do; kept within their size and number; served as downloads only, to whom may read them.
On both databases."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from tests import data
from tests.conftest import csrf_from, login, post_with_token

OFFICE = "application/vnd.openxmlformats-officedocument"


def _later(days=30) -> str:
    from marketplace.sourcing.services import today

    return (today() + timedelta(days=days)).isoformat()


REQUEST = {
    "title": "Stainless steel ball valve DN50",
    "language": "en",
    "category": "industrial-valves",
    "quantity": "5,000",
    "unit": "piece",
    "currency": "USD",
    "trade_term": "FOB",
    "country": "DE",
}


def _send(client, url, fields, files=(), form_url=None, follow_redirects=True):
    """Open the form like a browser and post it with ``files`` [(name, bytes)] as uploads."""
    page = client.get(form_url or url)
    assert page.status_code == 200, page.status_code
    payload = {"csrf_token": csrf_from(page.get_data(as_text=True)), **fields}
    payload["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(url, data=payload, content_type="multipart/form-data", follow_redirects=follow_redirects)


def _post_request(client, files, **changes):
    fields = {**REQUEST, "deadline": _later(), **changes}
    return _send(client, "/en/account/requests/new", fields, files)


def _rows(app, kind=None):
    from core.attachments import Attachment

    with app.app_context():
        query = select(Attachment).order_by(Attachment.id)
        if kind:
            query = query.where(Attachment.owner_kind == kind)
        found = db.session.scalars(query).all()
        for row in found:
            db.session.expunge(row)
        return found


def _stored(app) -> list:
    return sorted(p for p in (app.config["UPLOAD_DIR"] / "attachments").rglob("*") if p.is_file())


def _request_id(app):
    from marketplace.sourcing.models import BuyerRequest

    with app.app_context():
        return db.session.scalar(select(BuyerRequest.id))


def _publish(app, request_id):
    from core.accounts.models import User
    from marketplace.sourcing import services
    from marketplace.sourcing.models import BuyerRequest

    with app.test_request_context("/en/"):
        item = db.session.get(BuyerRequest, request_id)
        staff = db.session.scalar(select(User).where(User.account_type == "staff"))
        services.submit(item)
        services.decide(item, staff, "approve")
        db.session.commit()


def _download_url(row) -> str:
    from urllib.parse import quote

    return f"/en/files/{row.id}/{quote(row.filename)}"


@pytest.fixture(autouse=True)
def no_files_yet(app):
    """Each test starts without stored attachments (the database is emptied between tests)."""
    import shutil

    shutil.rmtree(app.config["UPLOAD_DIR"] / "attachments", ignore_errors=True)


@pytest.fixture()
def buyer(client, categories, make_user):
    user = make_user(email="anna@buyer.example", full_name="Anna Berg")
    login(client, user.email)
    return user


# ---------------------------------------------------------------- what is accepted, by content
@pytest.mark.parametrize(
    ("name", "content", "mime", "shown"),
    [
        ("spec.pdf", data.pdf(), "application/pdf", "spec.pdf"),
        ("drawing.pdf", data.pillow_pdf(), "application/pdf", "drawing.pdf"),
        ("terms.docx", data.ooxml("docx"), f"{OFFICE}.wordprocessingml.document", "terms.docx"),
        ("prices.xlsx", data.xlsx(), f"{OFFICE}.spreadsheetml.sheet", "prices.xlsx"),
        ("deck.pptx", data.ooxml("pptx"), f"{OFFICE}.presentationml.presentation", "deck.pptx"),
        ("sample.JPEG", data.jpeg(), "image/jpeg", "sample.jpg"),
        ("sample.png", data.png(), "image/png", "sample.png"),
        ("sample.webp", data.webp(), "image/webp", "sample.webp"),
        # The content decides, whatever the name says: a PNG called .docx is a PNG.
        ("photo.docx", data.png(), "image/png", "photo.png"),
        ("scan", data.pdf(), "application/pdf", "scan.pdf"),
    ],
)
def test_each_accepted_type_is_kept_as_what_its_content_is(app, client, buyer, name, content, mime, shown):
    import hashlib

    page = _post_request(client, [(name, content)]).get_data(as_text=True)
    assert "saved as a draft" in page
    (row,) = _rows(app)
    assert (row.mime_type, row.filename, row.size) == (mime, shown, len(content))
    assert row.sha256 == hashlib.sha256(content).hexdigest() and row.owner_kind == "rfq"
    assert row.key.startswith("attachments/") and row.key.endswith("." + shown.rsplit(".", 1)[1])
    assert (app.config["UPLOAD_DIR"] / row.key).read_bytes() == content  # byte for byte
    assert shown in page and _download_url(row) in page


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


def _names_not_utf8() -> bytes:
    """An Office package whose entries say their names are UTF-8 and they are not."""
    package = bytearray(data.ooxml("docx"))
    at = package.find(b"PK\x01\x02")
    while at >= 0:
        package[at + 9] |= 0x08  # general purpose flag bit 11: UTF-8 names
        package[at + 46] = 0xFF
        at = package.find(b"PK\x01\x02", at + 4)
    return bytes(package)


LIES = [
    ("invoice.pdf", b"MZ\x90\x00\x03" + b"\0" * 200, "invoice.pdf is not a file we accept"),
    ("quote.pdf", b"<!doctype html><script>alert(1)</script>", "quote.pdf is not a file we accept"),
    ("image.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "image.png is not a file we accept"),
    ("archive.docx", _plain_zip(), "archive.docx is not a file we accept"),
    ("terms.docx", data.ooxml("docm"), "terms.docx contains macros"),
    ("terms2.docx", data.ooxml("docx", parts={"word/vbaProject.bin": b"VBA"}), "terms2.docx contains macros"),
    ("sheet.xlsx", data.ooxml("docx", overrides={"/xl/macro.xml": "application/vnd.ms-excel.macrosheet+xml"}),
     "sheet.xlsx contains macros"),
    ("mangled.docx", _names_not_utf8(), "mangled.docx looks like an Office file but could not be read"),
    ("bomb.docx", data.zip_bomb(20), "bomb.docx expands to far more data than a document holds"),
    ("old.doc", data.ole_doc(), "old.doc is in the old Word, Excel or PowerPoint format"),
    ("locked.docx", data.ole_doc(encrypted=True), "locked.docx is protected with a password"),
    ("script.pdf", data.pdf(b"7 0 obj\n<< /S /JavaScript /JS (alert(1)) >>\nendobj\n"), "script.pdf contains scripts"),
    ("hidden.pdf", data.pdf(b"7 0 obj\n<< /S /J#61vaScript /J#53 <61> >>\nendobj\n"), "hidden.pdf contains scripts"),
    ("packed.pdf", data.pdf_with_object_stream(b"<< /S /JavaScript /JS (x) >>"), "packed.pdf contains scripts"),
    ("run.pdf", data.pdf(b"7 0 obj\n<< /S /Launch /F (calc.exe) >>\nendobj\n"), "run.pdf contains scripts"),
    ("carry.pdf", data.pdf(b"7 0 obj\n<< /Type /EmbeddedFile /Length 0 >>\nendobj\n"), "carry.pdf contains scripts"),
    ("cut.pdf", data.pdf()[:-8], "cut.pdf is not a complete PDF"),
    ("broken.png", data.png()[:40], "broken.png: Upload a JPEG, PNG or WebP image."),
    ("empty.pdf", b"", "empty.pdf is empty"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), LIES, ids=[lie[0] for lie in LIES])
def test_a_file_that_lies_about_its_type_is_refused_by_name_and_nothing_is_saved(
    app, client, buyer, name, content, message
):
    page = _post_request(client, [("good.pdf", data.pdf()), (name, content)]).get_data(as_text=True)
    assert 'id="files-error"' in page and message in page.replace("&#39;", "'")
    assert "choose them again" in page
    assert _rows(app) == [] and _stored(app) == [] and _request_id(app) is None


def test_a_zip_with_too_many_entries_is_refused(app, client, buyer):
    parts = {f"word/media/{n}.xml": b"<a/>" for n in range(5_001)}
    page = _post_request(client, [("many.docx", data.ooxml("docx", parts=parts))]).get_data(as_text=True)
    assert "many.docx expands to far more data" in page
    assert _rows(app) == []


# ---------------------------------------------------------------- size and number
def test_a_file_over_the_size_limit_is_refused_and_the_limit_follows_the_setting(app, client, buyer, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_MB", 1)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 512 * 1024)  # the form takes its files' size anyway
    big = data.pdf(b"%" + b"x" * (1024 * 1024) + b"\n")
    page = _post_request(client, [("big.pdf", big)]).get_data(as_text=True)
    assert "big.pdf is larger than 1 MB; attach a smaller file." in page
    assert _rows(app) == [] and _request_id(app) is None
    fits = data.pdf(b"%" + b"x" * (700 * 1024) + b"\n")
    page = _post_request(client, [("a.pdf", fits), ("b.pdf", fits)]).get_data(as_text=True)
    assert "saved as a draft" in page
    assert [row.filename for row in _rows(app)] == ["a.pdf", "b.pdf"]


def test_at_most_five_files_an_owner_counting_those_it_has(app, client, buyer):
    six = [(f"{n}.pdf", data.pdf()) for n in range(6)]
    page = _post_request(client, six).get_data(as_text=True)
    assert "At most 5 files can be attached here." in page and _rows(app) == []
    _post_request(client, six[:3])
    request_id = _request_id(app)
    edit = f"/en/account/requests/{request_id}/edit"
    page = _send(client, edit, {**REQUEST, "deadline": _later()}, six[3:]).get_data(as_text=True)
    assert "At most 5 files can be attached here, and 3 already are." in page
    assert len(_rows(app)) == 3 and len(_stored(app)) == 3
    page = _send(client, edit, {**REQUEST, "deadline": _later()}, six[3:5]).get_data(as_text=True)
    assert "Your request is saved." in page and len(_rows(app)) == 5


# ---------------------------------------------------------------- names
@pytest.mark.parametrize(
    ("typed", "ext", "shown"),
    [
        ("报价单 2027.pdf", "pdf", "报价单 2027.pdf"),
        ("C:\\Users\\anna\\Desktop\\spec.pdf", "pdf", "spec.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("in\x00vo\x1bice\u202egpj.exe.pdf", "pdf", "invoicegpj.exe.pdf"),
        ("Cafe\u0301 menu.pdf", "pdf", "Café menu.pdf"),  # NFC: one é, as typed on another system
        ("a\u3000b\u200bc.png", "png", "a bc.png"),  # the ideographic space a space, zero-width gone
        ('what?<is>:"this"|*.pdf', "pdf", "what__is___this___.pdf"),
        ("report.pdf.pdf", "pdf", "report.pdf"),
        ("...", "pdf", "attachment.pdf"),
        ("x" * 300 + ".pdf", "pdf", "x" * 116 + ".pdf"),
        ("长" * 300 + ".docx", "docx", "长" * 115 + ".docx"),
    ],
)
def test_the_name_shown_is_the_base_name_cleaned_with_the_real_extension(typed, ext, shown):
    from core.attachments import MAX_NAME, display_name

    assert display_name(typed, ext) == shown
    assert len(display_name(typed, ext)) <= MAX_NAME


def test_names_in_chinese_and_with_folders_survive_the_form_and_the_download(app, client, buyer):
    _post_request(client, [("报价单 2027.pdf", data.pdf()), ("/home/anna/文档/规格.docx", data.ooxml("docx"))])
    first, second = _rows(app)
    assert (first.filename, second.filename) == ("报价单 2027.pdf", "规格.docx")
    response = client.get(_download_url(first))
    assert response.status_code == 200 and response.data == data.pdf()
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"2027.pdf\"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95%202027.pdf"
    )
    disposition = client.get(_download_url(second)).headers["Content-Disposition"]
    assert (
        disposition == f"attachment; filename=\"attachment-{second.id}.docx\"; filename*=UTF-8''%E8%A7%84%E6%A0%BC.docx"
    )


# ---------------------------------------------------------------- the download
def test_a_file_is_served_as_a_download_never_inline(app, client, buyer):
    _post_request(client, [("quote.pdf", data.pdf()), ("photo.png", data.png())])
    for row in _rows(app):
        response = client.get(_download_url(row))
        assert response.status_code == 200
        assert response.headers["Content-Type"] == row.mime_type
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "sandbox" in csp and "script-src" not in csp
        assert response.headers["Cache-Control"] == "private, no-store"  # a draft's file
        assert response.headers["X-Robots-Tag"] == "noindex"
        # The name in the address is for the eyes; a wrong one serves the same file, named as stored.
        other = client.get(f"/en/files/{row.id}/evil.html")
        assert other.data == response.data and row.filename in other.headers["Content-Disposition"]
        assert other.headers["Content-Type"] == row.mime_type
        # Stored attachments are never public media, whatever the key looks like.
        assert client.get(f"/media/{row.key}").status_code == 404
        assert client.get(f"/media/x/../{row.key}").status_code == 404
    assert client.get("/en/files/999999/x.pdf").status_code == 404
    assert client.get(f"/en/files/{2**63}/x.pdf").status_code == 404


# ---------------------------------------------------------------- who may read
def _signed_in(app, user):
    other = app.test_client()
    login(other, user.email)
    return other


@pytest.fixture()
def people(app, client, buyer, make_user, make_org, make_exhibitor, moderator):
    seller_org = make_org(name_en="Ningbo Valve Works")
    return {
        "buyer": client,
        "other buyer": _signed_in(app, make_user(email="nosy@buyer.example")),
        "exhibitor": _signed_in(app, make_exhibitor(org=seller_org, email="sales@valve.example")),
        "colleague": _signed_in(app, make_exhibitor(org=seller_org, role="editor", email="li@valve.example")),
        "other exhibitor": _signed_in(app, make_exhibitor(email="rival@flow.example")),
        "staff": moderator,
        "anonymous": app.test_client(),
    }


def _who_reads(people, url) -> dict[str, int]:
    return {who: client.get(url).status_code for who, client in people.items()}


def test_a_requests_files_are_its_buyers_and_staffs_until_published_then_everyones(app, people, mailbox):
    _post_request(people["buyer"], [("spec.pdf", data.pdf())])
    (row,) = _rows(app)
    url = _download_url(row)
    assert _who_reads(people, url) == {
        "buyer": 200, "other buyer": 403, "exhibitor": 403, "colleague": 403, "other exhibitor": 403,
        "staff": 200, "anonymous": 302,
    }  # fmt: skip
    assert "/account/login" in people["anonymous"].get(url).headers["Location"]
    queue = people["staff"].get("/en/staff/expo/requests/").get_data(as_text=True)
    assert "spec.pdf" not in queue  # a draft is not in the queue yet
    request_id = _request_id(app)
    post_with_token(people["buyer"], f"/en/account/requests/{request_id}/submit", token_page="/en/account/requests/")
    queue = people["staff"].get("/en/staff/expo/requests/").get_data(as_text=True)
    assert "Files to review:" in queue and url in queue

    _publish(app, request_id)
    assert set(_who_reads(people, url).values()) == {200}
    assert people["anonymous"].get(url).headers["Cache-Control"] == "public, no-cache"
    detail = people["anonymous"].get(f"/en/rfq/{request_id}/").get_data(as_text=True)
    assert "Attached files" in detail and url in detail and "PDF document" in detail
    quote_page = people["exhibitor"].get(f"/en/account/quotes/on/{request_id}").get_data(as_text=True)
    assert url in quote_page


def test_a_file_added_to_a_published_request_waits_for_review(app, people, mailbox):
    _post_request(people["buyer"], [("spec.pdf", data.pdf())])
    request_id = _request_id(app)
    _publish(app, request_id)
    edit = f"/en/account/requests/{request_id}/edit"
    page = _send(people["buyer"], edit, {**REQUEST, "deadline": _later()}, [("drawing.png", data.png())])
    assert "Your changes wait for review" in page.get_data(as_text=True)
    spec, drawing = _rows(app)
    assert (spec.pending, drawing.pending) == (False, True)
    url = _download_url(drawing)
    assert _who_reads(people, url) == {
        "buyer": 200, "other buyer": 403, "exhibitor": 403, "colleague": 403, "other exhibitor": 403,
        "staff": 200, "anonymous": 302,
    }  # fmt: skip
    detail = people["anonymous"].get(f"/en/rfq/{request_id}/").get_data(as_text=True)
    assert "spec.pdf" in detail and "drawing.png" not in detail
    assert "Waits for review" in people["buyer"].get(edit).get_data(as_text=True)
    queue = people["staff"].get("/en/staff/expo/requests/").get_data(as_text=True)
    assert "Change to a published request" in queue and url in queue and _download_url(spec) not in queue

    # Returned: the waiting file goes, row and file; approved: it is public.
    post_with_token(
        people["staff"], f"/en/staff/expo/requests/{request_id}/decide", {"decision": "return", "reason": "Blurry."},
        token_page="/en/staff/expo/requests/",
    )  # fmt: skip
    assert [row.filename for row in _rows(app)] == ["spec.pdf"] and len(_stored(app)) == 1
    _send(people["buyer"], edit, {**REQUEST, "deadline": _later()}, [("drawing.png", data.png())])
    post_with_token(
        people["staff"], f"/en/staff/expo/requests/{request_id}/decide", {"decision": "approve"},
        token_page="/en/staff/expo/requests/",
    )  # fmt: skip
    assert [row.pending for row in _rows(app)] == [False, False]
    assert "drawing.png" in people["anonymous"].get(f"/en/rfq/{request_id}/").get_data(as_text=True)


def test_the_buyer_removes_a_file_and_nobody_else_can(app, people):
    _post_request(people["buyer"], [("spec.pdf", data.pdf()), ("old.pdf", data.pdf(body=b"(Old) Tj"))])
    request_id = _request_id(app)
    _spec, old = _rows(app)
    edit = f"/en/account/requests/{request_id}/edit"
    remove = f"/en/account/requests/{request_id}/files/{old.id}/remove"
    assert f'action="{remove}"' in people["buyer"].get(edit).get_data(as_text=True)
    assert post_with_token(people["other buyer"], remove, token_page="/en/account/requests/").status_code == 403
    # Another request's file is not this request's to remove.
    _post_request(people["other buyer"], [("theirs.pdf", data.pdf())])
    theirs = _rows(app)[-1]
    wrong = f"/en/account/requests/{request_id}/files/{theirs.id}/remove"
    page = post_with_token(people["buyer"], wrong, token_page=edit, follow_redirects=True)
    assert page.status_code == 200 and len(_rows(app)) == 3
    page = post_with_token(people["buyer"], remove, token_page=edit, follow_redirects=True).get_data(as_text=True)
    assert "The file is removed." in page
    assert [row.filename for row in _rows(app)] == ["spec.pdf", "theirs.pdf"] and len(_stored(app)) == 2
    assert people["buyer"].get(_download_url(old)).status_code == 404


def _published(app, people):
    _post_request(people["buyer"], [])
    request_id = _request_id(app)
    _publish(app, request_id)
    return request_id


QUOTE = {"unit_price": "2.95", "currency": "USD", "trade_term": "FOB", "moq": "1,000", "lead_time_days": "25"}


def test_a_quotes_files_are_for_the_buyer_and_the_quoting_organization_only(app, people, mailbox):
    request_id = _published(app, people)
    url = f"/en/account/quotes/on/{request_id}"
    page = _send(people["exhibitor"], url, {**QUOTE, "valid_until": _later(20)}, [("offer.xlsx", data.xlsx())])
    assert "Your quote is sent" in page.get_data(as_text=True)
    (row,) = _rows(app, "quote")
    download = _download_url(row)
    assert _who_reads(people, download) == {
        "buyer": 200, "other buyer": 403, "exhibitor": 200, "colleague": 200, "other exhibitor": 403,
        "staff": 403, "anonymous": 302,
    }  # fmt: skip
    compare = people["buyer"].get(f"/en/account/requests/{request_id}/quotes").get_data(as_text=True)
    assert download in compare and "Excel workbook" in compare
    assert download in people["colleague"].get("/en/account/quotes/").get_data(as_text=True)
    assert download not in people["other exhibitor"].get(f"/en/rfq/{request_id}/").get_data(as_text=True)


def test_a_messages_files_are_for_the_two_sides_and_staff(app, people, make_product, mailbox):
    from core.organizations.models import Organization

    with app.app_context():
        org_id = db.session.scalar(select(Organization.id).where(Organization.name_en == "Ningbo Valve Works"))
    page = _send(
        people["buyer"], f"/en/account/inquiries/new?exhibitor={org_id}", {"body": "Can you match this drawing?"},
        [("drawing.pdf", data.pdf())],
    )  # fmt: skip
    assert "Your inquiry is sent" in page.get_data(as_text=True)
    thread = page.request.path
    _send(people["colleague"], thread, {"body": "Yes: our offer attached."}, [("offer.docx", data.ooxml("docx"))])
    drawing, offer = _rows(app, "inquiry_message")
    assert drawing.owner_id != offer.owner_id  # each message its files
    for row in (drawing, offer):
        assert _who_reads(people, _download_url(row)) == {
            "buyer": 200, "other buyer": 403, "exhibitor": 200, "colleague": 200, "other exhibitor": 403,
            "staff": 200, "anonymous": 302,
        }  # fmt: skip
    page = people["buyer"].get(thread).get_data(as_text=True)
    assert page.index("drawing.pdf") < page.index("Yes: our offer attached.") < page.index("offer.docx")


# ---------------------------------------------------------------- a form with errors changes nothing
def test_a_form_with_errors_stores_no_file_and_no_row(app, people, mailbox):
    page = _post_request(people["buyer"], [("spec.pdf", data.pdf())], title="").get_data(as_text=True)
    assert 'id="title-error"' in page and "choose them again" in page
    assert _rows(app) == [] and _stored(app) == [] and _request_id(app) is None

    request_id = _published(app, people)
    url = f"/en/account/quotes/on/{request_id}"
    page = _send(people["exhibitor"], url, {**QUOTE, "unit_price": "cheap", "valid_until": _later(20)},
                 [("offer.pdf", data.pdf())]).get_data(as_text=True)  # fmt: skip
    assert 'id="unit_price-error"' in page and "choose them again" in page
    from marketplace.sourcing.models import BuyerRequest, Inquiry, Quote

    with app.app_context():
        assert db.session.scalars(select(Quote)).all() == []
        assert db.session.get(BuyerRequest, request_id).quotes_count == 0
    # A service that refuses after the checks (the request closed meanwhile) leaves no file either.
    with app.app_context():
        db.session.get(BuyerRequest, request_id).quotes_count = 10
        db.session.commit()
    page = _send(people["exhibitor"], url, {**QUOTE, "valid_until": _later(20)}, [("offer.pdf", data.pdf())])
    assert "no longer takes quotes" in page.get_data(as_text=True)
    assert _rows(app) == [] and _stored(app) == []

    from core.organizations.models import Organization

    with app.app_context():
        org_id = db.session.scalar(select(Organization.id).where(Organization.name_en == "Ningbo Valve Works"))
    inquiry = f"/en/account/inquiries/new?exhibitor={org_id}"
    page = _send(people["buyer"], inquiry, {"body": ""}, [("drawing.pdf", data.pdf())]).get_data(as_text=True)
    assert 'id="body-error"' in page and "choose them again" in page
    with app.app_context():
        assert db.session.scalars(select(Inquiry)).all() == []
    assert _rows(app) == [] and _stored(app) == []


def test_files_written_in_a_transaction_that_rolls_back_are_deleted(app, clean_app, make_user):
    from werkzeug.datastructures import FileStorage

    from core import attachments
    from core.extensions import db as database

    user = make_user()
    with app.test_request_context("/en/"):
        upload = attachments.check_upload(FileStorage(io.BytesIO(data.pdf()), "spec.pdf"))
        attachments.attach("rfq", 1, [upload], user)
        assert len(_stored(app)) == 1
        database.session.rollback()
        assert _stored(app) == []
        attachments.attach("rfq", 1, [attachments.check_upload(FileStorage(io.BytesIO(data.pdf()), "a.pdf"))])
        database.session.commit()
        assert len(_stored(app)) == 1
        # Two forms at once can both pass their count; the one that stores last is refused.
        uploads = [attachments.check_upload(FileStorage(io.BytesIO(data.png()), f"{n}.png")) for n in range(5)]
        with pytest.raises(attachments.AttachmentRejected):
            attachments.attach("rfq", 1, uploads)
        database.session.rollback()
    assert len(_stored(app)) == 1 and len(_rows(app)) == 1


def test_the_forms_say_what_they_take_and_are_multipart(app, people):
    page = people["buyer"].get("/en/account/requests/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "multiple" in page
    assert 'accept=".pdf,.docx,.xlsx,.pptx,.jpg,.jpeg,.png,.webp"' in page
    assert "at most 5 files of up to 10 MB each" in page
    assert re.search(r'<input[^>]*aria-describedby="files-hint"[^>]*type="file"', page)
