"""A credit officer imports facts from a spreadsheet (govportal.credit.imports): a GB18030 CSV as
Chinese Excel saves it and an XLSX file, with good rows imported and bad ones reported by row,
column, value and message; a second import of the same file adds nothing; followers hear once
per record; only credit officers may import; a hostile or empty file gets a clear message."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.organizations import uscc as uscc_rules
from tests.conftest import csrf_from, login

KNOWN = "91330100799655058B"  # a record that exists before the import, with a follower
SMR = "宁波市市场监督管理局"
HEADINGS_ZH = [
    "统一社会信用代码",
    "企业名称",
    "法定代表人",
    "事实类型",
    "等级",
    "事项",
    "文书编号",
    "认定机关",
    "决定日期",
    "年度",
]
HEADINGS_EN = [
    "USCC",
    "name_zh",
    "legal_rep",
    "kind",
    "grade",
    "title_zh",
    "reference",
    "authority_zh",
    "decided_on",
    "year",
]


def _new_code() -> str:
    body = "91330200MA2AH7K4P"
    return body + uscc_rules.check_character(body)


def _wrong_check(code: str) -> tuple[str, str]:
    """The code with another last character, and that character."""
    wrong = "1" if code[-1] != "1" else "2"
    return code[:-1] + wrong, wrong


def _ago(days: int) -> str:
    return (utcnow().date() - timedelta(days=days)).isoformat()


def rows() -> list[list]:
    """Good rows (three facts, one of them for a new record), and one bad row per problem."""
    new = _new_code()
    bad_code, _wrong = _wrong_check(KNOWN)
    future = (utcnow().date() + timedelta(days=30)).isoformat()
    return [
        # 2: a penalty for the known record, by its Chinese kind and grade
        [KNOWN, "", "", "行政处罚", "一般", "未按规定办理备案", "甬商罚〔2026〕8号", "宁波市商务局", _ago(20), ""],
        # 3: an annual report for the known record, by the codes
        [KNOWN, "", "", "annual_report", "", "", "", SMR, _ago(100), "2025"],
        # 4: a new record with its registration
        [new, "宁波华宇机械有限公司", "李华", "登记状态", "存续", "", "", SMR, "2015-03-01", ""],
        # 5: a wrong check character
        [bad_code, "", "", "行政处罚", "一般", "罚款", "甬罚-5", SMR, _ago(3), ""],
        # 6: an unknown kind
        [KNOWN, "", "", "表扬信", "", "", "", SMR, _ago(3), ""],
        # 7: no authority
        [KNOWN, "", "", "commendation", "", "优秀外贸企业", "表-7", "", _ago(3), ""],
        # 8: a decision in the future
        [KNOWN, "", "", "行政处罚", "一般", "罚款", "甬罚-8", SMR, future, ""],
        # 9: HTML in a field
        [KNOWN, "", "", "行政处罚", "一般", "<b>罚款</b>", "甬罚-9", SMR, _ago(3), ""],
    ]


def gb18030_csv(path, headings=HEADINGS_ZH):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows())
    path.write_bytes(out.getvalue().encode("gb18030"))
    return path


def xlsx(path, headings=HEADINGS_EN, formula=False):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows():
        sheet.append(row)
    if formula:
        sheet["J3"] = "=2024+1"
    workbook.save(path)
    return path


@pytest.fixture()
def officer(make_user):
    return make_user(email="officer@example.com", account_type="staff", roles=("credit_officer",))


@pytest.fixture()
def known(make_credit):
    return make_credit(uscc=KNOWN)


def upload(client, path, name=None):
    """Post a file on the upload page as a browser does; the job runs in-process after the commit."""
    page = client.get("/en/staff/credit/import/")
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page.get_data(as_text=True))}
    if path is not None:
        data["file"] = (io.BytesIO(path.read_bytes()), name or path.name)
    return client.post("/en/staff/credit/import/", data=data, content_type="multipart/form-data")


def last_import(app):
    from govportal.credit.models import CreditImport

    with app.app_context():
        record = db.session.scalars(select(CreditImport).order_by(CreditImport.id.desc())).first()
        db.session.expunge(record)
        return record


def facts_of(app, code):
    from govportal.credit.models import CreditEnterprise, CreditFact

    with app.app_context():
        query = select(CreditFact).join(CreditEnterprise).where(CreditEnterprise.uscc == code).order_by(CreditFact.id)
        facts = list(db.session.scalars(query))
        db.session.expunge_all()
        return facts


def check_the_import(app, client, record):
    assert record.status == "done", record.message
    assert (record.total_rows, record.added_count, record.records_created) == (8, 3, 1)
    assert (record.duplicate_count, record.error_count) == (0, 5)
    # The facts, from the import, with the status computed from them.
    known = facts_of(app, KNOWN)
    assert [(f.kind, f.grade, f.source) for f in known] == [
        ("penalty", "ordinary", "import"),
        ("annual_report", None, "import"),
    ]
    assert known[0].reference == "甬商罚〔2026〕8号" and known[1].year == 2025
    new = facts_of(app, _new_code())
    assert [(f.kind, f.grade, f.source) for f in new] == [("registration", "active", "import")]
    record_page = client.get(f"/en/gov/credit/{KNOWN}/").get_data(as_text=True)
    assert "Needs attention" in record_page  # the penalty is within its publication period
    assert "宁波华宇机械有限公司" in client.get(f"/zh/gov/credit/{_new_code()}/").get_data(as_text=True)
    # The rejected rows on the status page, each with its column, value and message.
    page = client.get(f"/en/staff/credit/import/{record.id}/").get_data(as_text=True)
    bad_code, wrong = _wrong_check(KNOWN)
    expected = KNOWN[-1]
    assert f"USCC “{bad_code}”: The last character is {wrong}, but the first 17 characters call for {expected}" in page
    assert "Kind “表扬信”: Choose a kind of fact from the list." in page
    assert "Authority: Name the authority that states this fact." in page
    assert "Decided on “" in page and "Enter a date between" in page
    assert "Title “&lt;b&gt;罚款&lt;/b&gt;”: Please do not use &lt; or &gt; in this field." in page
    # The report: the same rows under the template's headings, with their problems.
    response = client.get(f"/en/staff/credit/import/{record.id}/report.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][0] == "Row" and table[0][1] == "USCC / 统一社会信用代码" and table[0][-1] == "Problems"
    assert [r[0] for r in table[1:]] == [5, 6, 7, 8, 9]
    assert table[1][1] == bad_code and f"call for {expected}" in table[1][-1]
    assert table[2][5] == "表扬信"


def test_a_gb18030_csv_from_chinese_excel_imports_good_rows_and_reports_bad_ones(
    app, client, officer, known, tmp_path, mailbox
):
    login(client, officer.email)
    response = upload(client, gb18030_csv(tmp_path / "处罚信息.csv"))
    assert response.status_code == 302
    record = last_import(app)
    assert response.headers["Location"].endswith(f"/en/staff/credit/import/{record.id}/")
    assert record.filename == "处罚信息.csv"
    check_the_import(app, client, record)


def test_an_xlsx_with_english_headings_imports_the_same_and_again_adds_nothing(
    app, client, officer, known, make_user, tmp_path, mailbox
):
    from govportal.credit import services
    from govportal.credit.models import CreditEnterprise

    follower = make_user(email="follower@example.com")
    with app.app_context():
        services.follow(follower, db.session.get(CreditEnterprise, known.id))
        db.session.commit()
    login(client, officer.email)
    path = xlsx(tmp_path / "facts.xlsx")
    upload(client, path)
    check_the_import(app, client, last_import(app))
    # The follower hears once of the two facts on the record, not once per row.
    told = mailbox.to("follower@example.com")
    assert len(told) == 1
    body = told[0].get_body(("plain",)).get_content()
    assert "2 facts from the authorities' data were added to the credit record of" in body
    assert "from Good standing to Needs attention" in body

    upload(client, path)  # again: the facts are there already
    again = last_import(app)
    assert again.status == "done", again.message
    assert (again.added_count, again.duplicate_count, again.records_created, again.error_count) == (0, 3, 0, 5)
    assert len(facts_of(app, KNOWN)) == 2 and len(facts_of(app, _new_code())) == 1
    assert len(mailbox.to("follower@example.com")) == 1  # nothing new, nothing told

    # The audit log says who imported which file, and what came of it.
    from core.audit import AuditEntry

    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "credit_import.finished").order_by(AuditEntry.id)
        ).all()
        assert [e.actor_id for e in entries] == [officer.id, officer.id]
        assert entries[0].detail["filename"] == "facts.xlsx"
        assert (entries[0].detail["added"], entries[1].detail["duplicates"]) == (3, 3)


def test_a_formula_refuses_the_whole_file_and_changes_nothing(app, client, officer, known, tmp_path):
    login(client, officer.email)
    upload(client, xlsx(tmp_path / "f.xlsx", formula=True))
    record = last_import(app)
    assert record.status == "failed" and record.message.startswith("Cell J3 holds a formula.")
    assert facts_of(app, KNOWN) == []
    page = client.get(f"/en/staff/credit/import/{record.id}/").get_data(as_text=True)
    assert "The import stopped: Cell J3 holds a formula." in page


def test_bad_files_get_a_clear_message(app, client, officer, tmp_path):
    from govportal.credit.models import CreditImport

    login(client, officer.email)
    # No file at all: nothing is queued.
    page = upload(client, None).get_data(as_text=True)
    assert "Choose a file to upload" in page
    # Not a spreadsheet by its name.
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert "Upload an Excel workbook (.xlsx) or a CSV file." in upload(client, tmp_path / "notes.pdf").get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CreditImport)) == 0
    # An empty file.
    (tmp_path / "empty.csv").write_bytes(b"")
    upload(client, tmp_path / "empty.csv")
    assert last_import(app).message == "The file is empty."
    # A zip bomb dressed as a workbook.
    bomb = xlsx(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(30 * 1024 * 1024))
    upload(client, bomb)
    assert "zip bomb" in last_import(app).message
    # Not a workbook inside.
    (tmp_path / "fake.xlsx").write_bytes(b"just text")
    upload(client, tmp_path / "fake.xlsx")
    assert "not a valid Excel workbook" in last_import(app).message
    # Headings of something else.
    (tmp_path / "other.csv").write_text("SKU,Price\nA,B\n", encoding="utf-8")
    upload(client, tmp_path / "other.csv")
    assert "The column headings were not found" in last_import(app).message
    (tmp_path / "nocode.csv").write_text("企业名称,事实类型\nA,B\n", encoding="utf-8")
    upload(client, tmp_path / "nocode.csv")
    assert "The file has no column for the unified social credit code" in last_import(app).message


def test_only_credit_officers_import(app, client, make_user, officer, tmp_path):
    editor = make_user(email="editor@example.com", account_type="staff", roles=("editor",))
    login(client, editor.email)
    assert client.get("/en/staff/credit/import/").status_code == 403
    assert client.get("/en/staff/credit/import/template.xlsx").status_code == 403
    anonymous = app.test_client().get("/en/staff/credit/import/")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_template_has_both_headings_and_the_codes(app, client, officer):
    login(client, officer.email)
    response = client.get("/en/staff/credit/import/template.xlsx")
    assert response.status_code == 200
    facts, codes = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets
    headings = [c.value for c in facts[1]]
    assert headings[0] == "USCC / 统一社会信用代码" and "Kind / 事实类型" in headings and facts.max_row == 1
    listed = {(r[1], r[2]) for r in codes.iter_rows(min_row=2, values_only=True)}
    assert ("penalty", "行政处罚") in listed and ("dishonesty", "严重违法失信名单") in listed
    assert ("serious", "严重") in listed
