"""The portal's demo (政务公开): the bureau's units, the Beilun district's staff, and every item
of ``demo.portal_content.ITEMS`` as it reads once the workflow is done.

Written as rows in their final state (a demo has no staff to click through the workflow), with
what the workflow would have left (govportal.publishing.services): the author and reviewer,
version 1 "first published" and one version per change, the policies' links with their
validity worked out afterwards; scheduled items approved and waiting for their time (no
version yet), the withdrawn notice with its reason. Notices' attachments, guides' forms and news
photos are real small files (PDF, Word, Excel, JPEG) made here and stored through
``core.attachments`` with the checks every upload passes.

``load_portal()`` is idempotent: units by slug, staff by email, items by Chinese title and kind.
"""

from __future__ import annotations

import io
import random
import textwrap
import unicodedata
import zipfile
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from core import attachments
from core.accounts.models import StaffRole, User, user_by_email
from core.accounts.services import hash_password
from core.db import utcnow
from core.extensions import db
from core.organizations import uscc
from core.review import ReviewStatus
from core.text import sanitize_html, slugify
from core.units import Unit, UnitKind
from demo.accounts import DEMO_PASSWORD
from demo.portal_content import ITEMS
from govportal.publishing import files, services
from govportal.publishing.kinds import KINDS
from govportal.publishing.models import Publication, PublicationLink, PublicationVersion

UNITS = [
    # slug, kind, name_zh, name_en, district, position
    ("office", UnitKind.DEPARTMENT, "办公室", "General Office", None, 1),
    ("foreign-trade", UnitKind.DEPARTMENT, "对外贸易处", "Foreign Trade Division", None, 2),
    ("foreign-investment", UnitKind.DEPARTMENT, "外商投资管理处", "Foreign Investment Division", None, 3),
    ("ecommerce", UnitKind.DEPARTMENT, "电子商务处", "E-Commerce Division", None, 4),
    ("market", UnitKind.DEPARTMENT, "市场运行与消费促进处", "Market and Consumption Division", None, 5),
    ("beilun", UnitKind.DISTRICT, "北仑区商务局", "Beilun District Bureau of Commerce", "330206", 1),
    ("yinzhou", UnitKind.DISTRICT, "鄞州区商务局", "Yinzhou District Bureau of Commerce", "330212", 2),
]
STAFF = [
    # login label, email, name, role, unit slug
    ("editor (Beilun)", "editor.beilun@demo.tradewindow.example", "钱编辑", "editor", "beilun"),
    ("reviewer (Beilun)", "reviewer.beilun@demo.tradewindow.example", "郑审核", "reviewer", "beilun"),
]
# Who wrote and who approved: the unit's own staff where the demo has some, else the city level's.
CITY = ("editor@demo.tradewindow.example", "reviewer@demo.tradewindow.example")
BY_UNIT = {"beilun": ("editor.beilun@demo.tradewindow.example", "reviewer.beilun@demo.tradewindow.example")}
RELATIONS = ("amends", "repeals", "interprets")
# Details that are dates, from the content's days before the load.
DATE_DETAILS = {"dated_on": "dated_days_ago", "decided_on": "decision_days_ago"}
PHOTO_SIZE = (800, 500)


def load_portal() -> list[tuple[str, str]]:
    """The units, the district staff and the published items; returns the staff's (role label,
    email) logins."""
    unit_ids = _units()
    logins = _staff(unit_ids)
    _items(unit_ids)
    return logins


# ---------------------------------------------------------------- units and staff
def _units() -> dict[str, int]:
    found = {u.slug: u for u in db.session.scalars(select(Unit))}
    for slug, kind, name_zh, name_en, district, position in UNITS:
        if slug not in found:
            found[slug] = Unit(
                slug=slug, kind=kind, name_zh=name_zh, name_en=name_en, district=district, position=position
            )
            db.session.add(found[slug])
    db.session.flush()
    return {slug: unit.id for slug, unit in found.items()}


def _staff(unit_ids: dict[str, int]) -> list[tuple[str, str]]:
    password_hash = None
    logins = []
    for label, email, name, role, unit in STAFF:
        if user_by_email(email) is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User(
                email=email,
                full_name=name,
                account_type="staff",
                preferred_language="zh",
                password_hash=password_hash,
                email_verified_at=utcnow(),
                unit_id=unit_ids[unit],
            )
            user.staff_roles.append(StaffRole(role=role))
            db.session.add(user)
        logins.append((label, email))
    db.session.flush()
    return logins


# ---------------------------------------------------------------- items
def _items(unit_ids: dict[str, int]) -> None:
    now = utcnow()
    existing = {(p.title_zh, p.kind): p for p in db.session.scalars(select(Publication))}
    people = {u.email: u for u in db.session.scalars(select(User).where(User.account_type == "staff"))}
    by_ref: dict[str, Publication] = {}
    made = []  # (content, item, author, reviewer)
    for content in ITEMS:
        item = existing.get((content["title_zh"], content["kind"]))
        if item is None:
            author, reviewer = (people.get(email) for email in BY_UNIT.get(content["unit"], CITY))
            item = _publication(content, unit_ids[content["unit"]], author, reviewer, now)
            db.session.add(item)
            made.append((content, item, author, reviewer))
        by_ref[content["ref"]] = item
    if not made:
        return
    db.session.flush()  # ids for links, versions and files
    touched: dict[int, datetime] = {}  # a link's target: when its source made its validity change
    for content, item, author, reviewer in made:
        _link(content, item, by_ref, touched)
        _versions(content, item, reviewer, now)
        _files(content, item, author)
    db.session.flush()
    # The links exist and their sources are published: each policy's validity follows.
    for item in by_ref.values():
        if item.kind == "policy":
            validity = services.validity_of(item)
            if validity != item.validity:
                item.validity = validity
    # Last, so nothing after it bumps ``updated_at`` to now (the column's onupdate).
    for content, item, _author, _reviewer in made:
        item.updated_at = max(filter(None, (_changed_at(content, item, now), touched.get(item.id))))
    db.session.flush()


def _publication(content: dict, unit_id: int, author: User | None, reviewer: User | None, now: datetime):
    kind = content["kind"]
    today = now.date()
    item = Publication(
        kind=kind,
        unit_id=unit_id,
        author_id=author.id if author else None,
        reviewed_by_id=reviewer.id if reviewer else None,
        original_language="zh",
        title_zh=content["title_zh"],
        title_en=content["title_en"],
        summary_zh=content.get("summary_zh"),
        summary_en=content.get("summary_en"),
        body_zh=sanitize_html(content.get("body_zh")),
        body_en=sanitize_html(content.get("body_en")),
        texts=_texts(content),
        details=_details(content, today),
        industries=_codes(content.get("industries")),
        districts=_codes(content.get("districts")),
        doc_number=content.get("doc_number") or None,
        validity="in_force" if kind == "policy" else None,
        effective_on=_day(today, content.get("effective_days_ago"), -1),
        expires_on=_day(today, content.get("expires_days_ago"), -1),
        deadline=_day(today, content.get("deadline_days_from_now"), 1),
        slug=slugify(content["title_en"], fallback=kind),
    )
    if "scheduled_in_days" in content:  # approved, public at its time (the sweep publishes it)
        item.status = ReviewStatus.SCHEDULED
        item.scheduled_for = now + timedelta(days=content["scheduled_in_days"])
        item.created_at, item.submitted_at = now - timedelta(days=2, hours=3), now - timedelta(days=1, hours=5)
        item.version = 0
    else:
        published = now - timedelta(days=content["published_days_ago"])
        item.status = ReviewStatus.PUBLISHED
        item.published_at = published
        item.created_at, item.submitted_at = published - timedelta(days=1, hours=4), published - timedelta(hours=20)
        withdrawn = content.get("withdrawn")
        if withdrawn:
            item.status = ReviewStatus.WITHDRAWN
            item.withdrawn_at = now - timedelta(days=withdrawn["days_ago"])
            item.withdrawn_reason = withdrawn["reason_zh"]  # the page shows one reason: the Chinese
    item.updated_at = item.created_at
    return item


def _changed_at(content: dict, item: Publication, now: datetime) -> datetime:
    """When the item last changed: its last amendment, withdrawal or publication (approval of a
    scheduled one)."""
    if item.status == ReviewStatus.SCHEDULED:
        return item.submitted_at + timedelta(hours=2)
    times = [item.published_at, item.withdrawn_at]
    times += [now - timedelta(days=change["days_ago"]) for change in content.get("changes", ())]
    return max(t for t in times if t is not None)


def _day(today: date, days: int | None, sign: int) -> date | None:
    return None if days is None else today + timedelta(days=sign * days)


def _codes(values) -> str:
    return "," + ",".join(values) + "," if values else ""


def _texts(content: dict) -> dict | None:
    """Texts in further languages (a project's Japanese), as the staff form keeps them."""
    texts = {}
    for lang in ("ja", "ko"):
        if content.get(f"title_{lang}"):
            texts[lang] = {
                "title": content[f"title_{lang}"],
                "summary": content.get(f"summary_{lang}"),
                "body": sanitize_html(content.get(f"body_{lang}")),
            }
    return texts or None


def _details(content: dict, today: date) -> dict | None:
    """The kind's fields that are not columns, as the staff form stores them (dates as ISO days)."""
    details = {}
    for detail in KINDS[content["kind"]].details:
        if detail.column:
            continue
        for name in [f"{detail.name}_zh", f"{detail.name}_en"] if detail.bilingual else [detail.name]:
            if detail.type == "date":
                days = content.get(DATE_DETAILS.get(name, ""))
                value = None if days is None else (today - timedelta(days=days)).isoformat()
            elif detail.type == "html":
                value = sanitize_html(content.get(name))
            elif detail.type == "uscc":  # the content leaves the applicant's code to us: a valid one
                division = (content.get("districts") or ["330200"])[0]
                value = content.get(name) or uscc.generate(random.Random(content["ref"]), division=division)
            else:
                value = content.get(name)
            if value not in (None, "", []):
                details[name] = value
    return details or None


def _link(content: dict, item: Publication, by_ref: dict, touched: dict) -> None:
    """A policy's amends, repeals and interprets: in its details and as link rows, as
    ``services._sync_links`` makes them at publication."""
    links = {}
    for relation in RELATIONS:
        target = by_ref.get(content.get(relation) or "")
        if target is None:
            continue
        links[relation] = target.id
        db.session.add(PublicationLink(source_id=item.id, target_id=target.id, relation=relation))
        if relation != "interprets" and item.published_at and item.status == ReviewStatus.PUBLISHED:
            touched[target.id] = max(touched.get(target.id, item.published_at), item.published_at)
    if links:
        item.details = {**(item.details or {}), "links": links}


def _versions(content: dict, item: Publication, reviewer: User | None, now: datetime) -> None:
    """Version 1 at publication, then one per change (the demo's changes leave the text as is)."""
    if item.published_at is None:
        return
    notes = [(item.published_at, True, "首次发布", "First published")]
    for change in sorted(content.get("changes", ()), key=lambda c: -c["days_ago"]):
        notes.append((now - timedelta(days=change["days_ago"]), change["major"], change["note_zh"], change["note_en"]))
    snapshot = services.snapshot(item)
    for number, (at, major, note_zh, note_en) in enumerate(notes, start=1):
        db.session.add(
            PublicationVersion(
                publication_id=item.id,
                number=number,
                major=major,
                note_zh=note_zh,
                note_en=note_en,
                snapshot=snapshot,
                created_at=at,
                decided_by_id=reviewer.id if reviewer else None,
            )
        )
    item.version = len(notes)


# ---------------------------------------------------------------- files
def _files(content: dict, item: Publication, author: User | None) -> None:
    made = []
    for document in content.get("attachments", ()) or content.get("forms", ()):
        made.append((document["filename"], _document(document)))
    for photo in content.get("photos", ()):
        made.append((slugify(photo["caption_en"], fallback="photo") + ".jpg", _photo(photo)))
    uploads = [attachments.check_upload(FileStorage(io.BytesIO(data), filename)) for filename, data in made]
    attachments.attach(files.FILES, item.id, uploads, author)


def _document(document: dict) -> bytes:
    extension = document["filename"].rpartition(".")[2].lower()
    title_zh, title_en = document["title_zh"], document["title_en"]
    if extension == "pdf":
        return _pdf(title_en)
    if extension == "docx":
        return _docx([title_zh, title_en])
    if extension == "xlsx":
        return _xlsx([title_zh, title_en])
    raise ValueError(f"no demo document of type {extension!r}")


def _ascii(text: str) -> str:
    text = text.translate(str.maketrans("‘’“”–—", "''\"\"--"))
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _pdf(title: str) -> bytes:
    """A one-page A4 PDF that reads ``title`` (in Helvetica: ASCII), with a correct xref table."""
    lines = textwrap.wrap(_ascii(title), 58) or ["Document"]
    shown = " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
    )
    stream = f"BT /F1 16 Tf 22 TL 56 770 Td {shown} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)


def _docx(paragraphs: list[str]) -> bytes:
    """A minimal Word document (no macros, no styles): the first paragraph bold, as a title."""
    body = "".join(
        f"<w:p><w:r>{'<w:rPr><w:b/></w:rPr>' if number == 0 else ''}<w:t>{escape(text)}</w:t></w:r></w:p>"
        for number, text in enumerate(paragraphs)
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in (
            ("[Content_Types].xml", DOCX_TYPES),
            ("_rels/.rels", DOCX_RELS),
            ("word/document.xml", document),
        ):
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), part.encode("utf-8"), zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def _xlsx(headers: list[str]) -> bytes:
    """A workbook whose header row is the form's title, for the applicant to fill in below."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in ("A", "B"):
        sheet.column_dimensions[column].width = 48
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _photo(photo: dict) -> bytes:
    """A picture filled with the photo's colour, a lighter band and its English caption."""
    from PIL import Image, ImageColor, ImageDraw, ImageFont

    colour = ImageColor.getrgb(photo["color"])
    lighter = tuple(round(c + (255 - c) * 0.45) for c in colour)
    width, height = PHOTO_SIZE
    image = Image.new("RGB", PHOTO_SIZE, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 130, width, height - 50), fill=lighter)
    draw.text((32, height - 105), _ascii(photo["caption_en"])[:60], fill=colour, font=ImageFont.load_default(size=26))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()
