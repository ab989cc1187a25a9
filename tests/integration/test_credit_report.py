"""The printable credit report (govportal.credit.reports): the PDF a visitor downloads from a
record, read back as text in English and in Chinese, and its verification page, which tells
anyone holding the report whether the bureau issued it and whether the record has changed."""

import io
import re

import pypdf
from sqlalchemy import func, select

from core.db import commit
from tests.data import CREDIT_CODE, CREDIT_PENALTY, days_ago

CODE = CREDIT_CODE
NAME_ZH = "宁波海曙精密阀门有限公司"
NAME_EN = "Ningbo Haishu Precision Valve"
REFERENCE = re.compile(r"CR-\d{8}-[2-9A-HJ-NP-Z]{8}")
PENALTY = CREDIT_PENALTY


_days_ago = days_ago


def _record(make_credit):
    return make_credit(
        uscc=CODE,
        name_zh=NAME_ZH,
        name_en=NAME_EN,
        legal_rep="王建国",
        registered_on="2012-05-01",
        address_zh="浙江省宁波市海曙区望春工业园区杉杉路18号",
        address_en="18 Shanshan Road, Wangchun Industrial Park, Haishu, Ningbo",
        facts=[
            {
                "kind": "registration",
                "grade": "active",
                "authority_zh": "宁波市市场监督管理局",
                "decided_on": "2012-05-01",
            },
            {
                "kind": "annual_report",
                "year": 2025,
                "authority_zh": "宁波市市场监督管理局",
                "authority_en": "Ningbo Administration for Market Regulation",
            },
            {**PENALTY, "decided_on": _days_ago(20)},
        ],
    )


def _pdf_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    """The text with its line breaks and runs of spaces as single spaces (English wraps)."""
    return " ".join(text.split())


def _reports(app) -> int:
    from core.extensions import db
    from govportal.credit.models import CreditReport

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CreditReport))


def test_the_english_report_is_a_pdf_whose_text_says_who_what_and_where_to_check_it(app, client, make_credit):
    _record(make_credit)
    response = client.get(f"/en/gov/credit/{CODE}/report.pdf")
    text = _pdf_text(response)
    flat = _flat(text)

    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and CODE in disposition
    assert re.search(rf"credit-report-{CODE}-\d{{8}}\.pdf", disposition)
    assert "no-store" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]

    assert "Enterprise credit report" in flat
    assert NAME_ZH in text and NAME_EN in flat and CODE in text
    assert "王建国" in text and "Haishu, Ningbo" in flat and "May 1, 2012" in flat
    assert "Status: Needs attention" in flat
    assert "An administrative penalty is within its publication period." in flat
    assert "Traded without the foreign-trade operator filing" in flat and "甬商罚〔2026〕8号" in text
    assert "Ningbo Bureau of Commerce" in flat and "A warning and a fine of RMB 5,000" in flat
    assert "Annual report for 2025" in flat and "No entry on the record." in flat  # e.g. no customs
    assert "How it can be repaired" in flat and "apply for credit repair" in flat
    assert re.search(r"Page 1 of \d", flat)

    references = set(REFERENCE.findall(text))
    assert len(references) == 1, references
    (reference,) = references
    assert f"{app.config['BASE_URL']}/en/gov/credit/reports/{reference}/" in text
    assert _reports(app) == 1
    # Each download is a report of its own, with its own number.
    again = _pdf_text(client.get(f"/en/gov/credit/{CODE}/report.pdf"))
    assert reference not in again and REFERENCE.search(again)
    assert _reports(app) == 2


def test_the_chinese_report_prints_the_chinese_content_as_text(app, client, make_credit):
    _record(make_credit)
    text = _pdf_text(client.get(f"/zh/gov/credit/{CODE}/report.pdf"))
    assert NAME_ZH in text and CODE in text
    assert NAME_EN not in _flat(text)  # the Chinese report names it in Chinese only
    assert "浙江省宁波市海曙区望春工业园区杉杉路18号" in text
    assert "未按规定办理对外贸易经营者备案" in text and "宁波市商务局" in text
    assert "警告，罚款人民币五千元" in text and "王建国" in text
    reference = REFERENCE.search(text).group()
    assert f"{app.config['BASE_URL']}/zh/gov/credit/reports/{reference}/" in text


def test_the_verification_page_confirms_the_report_and_says_when_the_record_changed(app, client, make_credit):
    enterprise = _record(make_credit)
    text = _pdf_text(client.get(f"/en/gov/credit/{CODE}/report.pdf"))
    reference = REFERENCE.search(text).group()
    url = f"/en/gov/credit/reports/{reference}/"

    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "This report is genuine: the bureau issued it." in html
    assert NAME_EN in html and f'href="/en/gov/credit/{CODE}/"' in html
    assert "Needs attention" in html
    assert "The record is unchanged since this report was issued" in html
    assert "The record has changed since" not in html
    assert 'for="report-reference"' in html  # the form to check another one

    from core.extensions import db
    from govportal.credit import services
    from govportal.credit.models import CreditEnterprise

    with app.test_request_context():
        services.add_fact(
            db.session.get(CreditEnterprise, enterprise.id),
            {
                "kind": "dishonesty",
                "title_zh": "拒不履行法院判决",
                "authority_zh": "宁波市中级人民法院",
                "decided_on": _days_ago(2),
            },
            None,
        )
        commit()

    html = client.get(url).get_data(as_text=True)
    assert "This report is genuine: the bureau issued it." in html
    assert "The record has changed since this report was issued" in html
    assert "Its status today: Serious dishonesty." in html
    assert "The record is unchanged" not in html
    # What the report stated stays what it stated.
    assert "Needs attention" in html
    # A reference typed in lower case, or through the form, finds it too.
    lower = client.get(f"/en/gov/credit/reports/{reference.lower()}/")
    assert lower.status_code == 301 and lower.headers["Location"].endswith(url)
    typed = client.get("/en/gov/credit/reports/", query_string={"reference": f"  {reference.lower()} "})
    assert typed.status_code == 302 and typed.headers["Location"].endswith(url)


def test_an_unknown_reference_is_a_report_that_was_not_issued(client, make_credit):
    _record(make_credit)
    page = client.get("/en/gov/credit/reports/CR-20200101-ABCDEFGH/")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "No credit report with the reference number CR-20200101-ABCDEFGH was issued here." in html
    assert 'for="report-reference"' in html and 'name="reference"' in html
    odd = client.get("/en/gov/credit/reports/", query_string={"reference": "<b>CR?</b>"})
    assert odd.status_code == 404 and "&lt;B&gt;CR?&lt;/B&gt;" in odd.get_data(as_text=True)
    empty = client.get("/en/gov/credit/reports/", query_string={"reference": " "})
    assert empty.status_code == 400
    assert "Type the reference number printed on the report." in empty.get_data(as_text=True)
    assert client.get("/en/gov/credit/reports/").status_code == 200


def test_an_invalid_or_unknown_code_has_no_report(app, client, make_credit):
    _record(make_credit)
    assert client.get("/en/gov/credit/91330100799655058C/report.pdf").status_code == 404  # bad check digit
    assert client.get("/en/gov/credit/91110108551385082Q/report.pdf").status_code == 404  # no record
    assert client.get("/en/gov/credit/not-a-code/report.pdf").status_code == 404
    assert client.get(f"/en/gov/credit/{CODE.lower()}/report.pdf").status_code == 301
    assert _reports(app) == 0


def test_without_its_font_the_report_is_unavailable_and_says_why(app, client, make_credit, monkeypatch, tmp_path):
    _record(make_credit)
    monkeypatch.setitem(app.config, "CREDIT_REPORT_FONT", str(tmp_path / "missing.ttc"))
    page = client.get(f"/en/gov/credit/{CODE}/report.pdf")
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert "The credit report cannot be produced at the moment" in html
    assert "the font it is printed in is not installed on the server" in html
    assert _reports(app) == 0  # nothing was issued


def test_the_report_is_rate_limited_per_address(client, make_credit, monkeypatch, app):
    _record(make_credit)
    monkeypatch.setitem(app.config, "RATELIMIT_CREDIT_REPORTS", "1 per minute")
    assert client.get(f"/en/gov/credit/{CODE}/report.pdf").status_code == 200
    assert client.get(f"/en/gov/credit/{CODE}/report.pdf").status_code == 429


def test_the_pdf_is_drawn_from_a_record_alone_whatever_its_text(app):
    """pdf.render is a function of a read model: long unbroken Chinese, an emoji the font lacks,
    bidi controls and many facts make a longer PDF, never an error."""
    from datetime import date, datetime

    from govportal.credit import pdf, reads

    day = date(2026, 3, 2)
    card = reads.Card(1, CODE, NAME_ZH, None, "zh", None, None, None, None, "attention")
    empty = dict.fromkeys(reads.Fact.__dataclass_fields__)
    facts = tuple(
        reads.Fact(
            **{
                **empty,
                "id": n,
                "kind": "penalty",
                "grade": "ordinary",
                "title_zh": "违规" * 200,
                "reference": f"罚-{n}",
                "authority_zh": "宁波市商务局",
                "decided_on": day,
                "detail_zh": "事实\n" + "长" * 3000 + " 😀 \u202e abc",
                "as_of": day,
                "source": "staff",
                "shown_until": date(2027, 3, 1),
                "repairable_on": date(2026, 6, 2),
                "original_language": "zh",
            }
        )
        for n in range(1, 13)
    )
    record = reads.Record(card, None, None, None, None, datetime(2026, 3, 2, 8), facts, date(2026, 3, 10))
    issued = pdf.Issued("CR-20260310-ABCDEFGH", datetime(2026, 3, 10, 2), "http://example.test/r/", "Bureau")
    with app.test_request_context("/en/"):
        data = pdf.render(record, issued, "en", app.config["CREDIT_REPORT_FONT"])
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 10
    text = "".join(page.extract_text() for page in reader.pages)
    assert "罚-12" in text and "长长长长" in text and "http://example.test/r/" in text
