"""Test data builders shared by the suites: a product form, catalog rows and files, images.

Rows in the database come from the factories in conftest.py (make_product, make_booth ...).
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from openpyxl.cell import WriteOnlyCell
from PIL import Image

from marketplace.catalog.imports import COLUMNS

# What an exhibitor types into the product form.
PRODUCT = {
    "title_zh": "不锈钢闸阀",
    "title_en": "Stainless steel gate valve",
    "category": "industrial-valves",
    "sku": "GV-100",
    "price_min": "12.5",
    "price_max": "18",
    "currency": "USD",
    "moq": "100",
    "moq_unit": "pieces",
    "hs_code": "8481.80",
    "specs": "Material: 304; Size: DN50",
    "description_zh": "<p>优质<script>alert(1)</script>阀门</p>",
    "description_en": "",
    "fob_port": "Ningbo",
    "lead_time_days": "20",
    "certifications": "CE",
    "keywords_zh": "",
    "keywords_en": "",
}


def product_row(n: int, **overrides) -> dict:
    row = {
        "sku": f"SKU-{n:05d}",
        "title_zh": f"不锈钢球阀 {n}号",
        "title_en": f"Stainless steel ball valve {n}",
        "description_zh": "两片式球阀，适用于水、油、气。",
        "description_en": "<p>Two-piece ball valve.</p>",
        "keywords_zh": "球阀, 阀门",
        "keywords_en": "ball valve, valve",
        "category": "industrial-valves",
        "moq": 100,
        "moq_unit": "pcs",
        "price_min": 12.5,
        "price_max": 15,
        "currency": "USD",
        "price_negotiable": "no",
        "fob_port": "Ningbo",
        "lead_time_days": 25,
        "hs_code": "8481.80",
        "certifications": "CE, ISO 9001",
        "specs": "Material: SS304; Pressure: PN16",
        "images": None,
    }
    row.update(overrides)
    return row


def write_xlsx(path, rows: list[dict], headers: list[str] | None = None, keys: list[str] | None = None):
    keys = keys or [c.key for c in COLUMNS]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Products")
    sheet.append(headers or [c.header for c in COLUMNS if c.key in keys])
    for row in rows:
        sheet.append([text_cell(sheet, row.get(k)) for k in keys])
    workbook.save(path)
    return path


def text_cell(sheet, value):
    """Text starting with "=" typed into Excel as text, not as a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def write_csv(path, rows: list[dict], encoding="utf-8", delimiter=",", keys=None):
    keys = keys or [c.key for c in COLUMNS]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([c.header for c in COLUMNS if c.key in keys])
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k in keys])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def jpeg(color=(200, 30, 30), size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def images_zip(path, names: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return path


def png(size=(64, 48), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------- documents to attach (core.attachments)
def webp(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "WEBP")
    return out.getvalue()


def pdf(extra: bytes = b"", body: bytes = b"(Quote) Tj") -> bytes:
    """A small PDF (one page, one content stream); ``extra``: more objects before the xref."""
    content = b"BT /F1 12 Tf 20 100 Td " + body + b" ET"
    objects = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>\nendobj\n",
        b"4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(content), content),
    ]
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"".join(objects) + extra + b"xref\n0 5\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def pdf_with_object_stream(dictionary: bytes) -> bytes:
    """A PDF whose action dictionary is packed, compressed, in an object stream (PDF 1.5)."""
    import zlib

    packed = zlib.compress(b"5 0 " + dictionary)
    stream = b"6 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
    return pdf(stream + packed + b"\nendstream\nendobj\n")


def pillow_pdf() -> bytes:
    """A real PDF as Pillow writes it (an image on a page, compressed streams)."""
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(out, "PDF")
    return out.getvalue()


OOXML = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    "pptx": ("ppt/presentation.xml",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
}  # fmt: skip


def ooxml(kind: str = "docx", parts: dict[str, bytes] | None = None, overrides: dict[str, str] | None = None) -> bytes:
    """A minimal Office Open XML package: content types, the main relationship, the main part."""
    main, content_type = OOXML[kind]
    overrides = {f"/{main}": content_type, **(overrides or {})}
    types = "".join(f'<Override PartName="{name}" ContentType="{value}"/>' for name, value in overrides.items())
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{types}</Types>'
        ).encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/officeDocument" Target="{main}"/></Relationships>'
        ).encode(),
        main: b'<?xml version="1.0"?><document><body>Quote</body></document>',
        **(parts or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def xlsx() -> bytes:
    """A real workbook, as openpyxl writes it."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Item", "Price"])
    workbook.active.append(["Ball valve DN50", 3.2])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bomb(megabytes: int = 300) -> bytes:
    """An Office-looking package with a part that expands a thousandfold."""
    return ooxml("docx", parts={"word/media/big.bin": b"\0" * (megabytes * 1024 * 1024)})


def ole_doc(encrypted: bool = False) -> bytes:
    """The first bytes of an OLE compound file (.doc, .xls), as far as the check reads them."""
    body = "EncryptedPackage".encode("utf-16-le") if encrypted else b"WordDocument".ljust(64, b"\0")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + body + b"\0" * 1024


# Enterprise credit (govportal.credit): a real code (GB 32100-2015) and an ordinary penalty as a form sends it.
CREDIT_CODE = "91330100799655058B"
CREDIT_PENALTY = {
    "kind": "penalty",
    "grade": "ordinary",
    "title_zh": "未按规定办理对外贸易经营者备案",
    "title_en": "Traded without the foreign-trade operator filing",
    "reference": "甬商罚〔2026〕8号",
    "authority_zh": "宁波市商务局",
    "authority_en": "Ningbo Bureau of Commerce",
    "outcome_zh": "警告，罚款人民币五千元",
    "outcome_en": "A warning and a fine of RMB 5,000",
}


def days_ago(n: int) -> str:
    """A day ``n`` days before today (UTC), as a form field holds it."""
    from datetime import timedelta

    from core.db import utcnow

    return (utcnow().date() - timedelta(days=n)).isoformat()
