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
