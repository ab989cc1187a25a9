"""In Chromium: an exhibitor imports an Excel file with a few bad rows, watches the import
finish, reads and downloads the error report, and finds the valid rows as drafts."""

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.data import product_row, write_xlsx
from tests.e2e.conftest import sign_in, t

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_import_with_bad_rows(page: Page, make_exhibitor, categories, tmp_path, lang):
    rows = [product_row(n) for n in range(1, 9)]
    rows[2]["price_min"] = "twelve"  # row 4 in Excel
    rows[5]["category"] = "no-such-category"  # row 7
    path = write_xlsx(tmp_path / "catalog.xlsx", rows)
    owner = make_exhibitor(lang=lang)
    sign_in(page, owner.email, lang)
    page.goto(f"/{lang}/account/catalog/import")
    page.get_by_label(t(lang, "Catalog file (.xlsx or .csv, at most 20 MB)")).set_input_files(str(path))
    page.get_by_role("button", name=t(lang, "Start the import")).click()

    expect(page.locator(".import-done")).to_have_text(t(lang, "Finished."), timeout=20_000)
    facts = page.locator(".facts")
    expect(facts).to_contain_text("6")  # new products
    errors = page.get_by_role("table").last
    expect(errors).to_contain_text(t(lang, "Enter a price such as 12.50 or 1,250.00."))
    expect(errors).to_contain_text(t(lang, "Choose a category from the list."))
    expect(errors.locator("tbody tr")).to_have_count(2)

    with page.expect_download() as info:
        page.get_by_role("link", name=t(lang, "Download the error report (.xlsx)")).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    report = openpyxl.load_workbook(saved, read_only=True)
    values = [list(r) for r in report.active.iter_rows(values_only=True)]
    assert [v[0] for v in values[1:]] == [4, 7]

    page.get_by_role("link", name=t(lang, "See the imported drafts")).click()
    expect(page.locator(".catalog-table tbody tr")).to_have_count(6)
