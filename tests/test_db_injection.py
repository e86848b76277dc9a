"""Spreadsheet formula injection (OWASP CSV injection) through registry import and export.

Import refuses a text cell that a spreadsheet would run as a formula (= + - @), in every text
column, naming the row and column, all-or-nothing. Export escapes such cells with a leading
quote in CSV and XLSX, and XLSX cells are strings, never formulas. The quote is stripped again
on import, so a phone like "+86 …" or "-" survives export → import unchanged.
"""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from db.crud import update_agency, update_filing
from db.importer import ImportReport, export_registry, import_file
from db.models import Agency, AuditEntry, Filing
from db.rows import HEADERS
from db.session import session_scope
from errors import ImportValidationError
from tests.db_fixtures import TODAY
from tests.test_db_import import GOOD, _write

PAYLOADS = ("=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)")
TEXT_HEADERS = ("机构名称", "机构简称", "联系人", "联系电话", "评价范围", "状态原因", "法律依据")


def _import(url: str, path: Path) -> ImportReport:
    with session_scope(url) as s:
        return import_file(session=s, path=path, actor="tester", today=TODAY)


def _blank(tmp_path: Path, templates: dict[str, Path]) -> str:
    path = tmp_path / "db.sqlite"
    shutil.copy(templates["blank"], path)
    return f"sqlite:///{path}"


@pytest.mark.parametrize("header", TEXT_HEADERS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_any_text_column_is_refused_by_row_and_column(
    tmp_path: Path, sqlite_templates: dict[str, Path], header: str, payload: str
) -> None:
    url = _blank(tmp_path, sqlite_templates)
    rows = [GOOD, GOOD | {"备案编号": "TJ-2024-0102", header: payload}]
    with pytest.raises(ImportValidationError) as caught:
        _import(url, _write(tmp_path, rows))
    assert any(
        p.startswith(f"第3行 {header}:") and "公式" in p for p in caught.value.problems
    ), caught.value.problems
    assert "未写入任何数据" in caught.value.message_zh
    with session_scope(url) as s:
        assert s.exec(select(Filing)).all() == []


def test_a_quoted_formula_is_refused_too(
    tmp_path: Path, sqlite_templates: dict[str, Path]
) -> None:
    url = _blank(tmp_path, sqlite_templates)
    with pytest.raises(ImportValidationError) as caught:
        _import(url, _write(tmp_path, [GOOD | {"评价范围": "'=HYPERLINK(\"http://x\")"}]))
    assert caught.value.problems[0].startswith("第2行 评价范围:")


@pytest.mark.parametrize("phone", ["+86 22 1234 5678", "-", "(022)-0000001"])
def test_phone_numbers_starting_with_plus_or_minus_are_accepted(
    tmp_path: Path, sqlite_templates: dict[str, Path], phone: str
) -> None:
    url = _blank(tmp_path, sqlite_templates)
    _import(url, _write(tmp_path, [GOOD | {"联系电话": phone}]))
    with session_scope(url) as s:
        assert s.exec(select(Agency)).one().contact_phone == phone


def _plant(url: str, *, formulas: bool = True) -> tuple[str, str]:
    """Store values as legacy data could hold them (not through import); return the filing
    number and credit code. Without `formulas` only the harmless "+86" phone is planted."""
    with session_scope(url) as s:
        filing = s.exec(select(Filing).order_by(Filing.filing_number)).first()
        assert filing is not None
        agency = s.get(Agency, filing.agency_id)
        assert agency is not None
        update_agency(
            session=s,
            agency=agency,
            changes={"contact_phone": "+86 22 1234 5678"}
            | ({"short_name": "=cmd|' /C calc'!A0"} if formulas else {}),
            actor="legacy",
        )
        if formulas:
            update_filing(
                session=s, filing=filing, changes={"state_reason": "@SUM(1+1)*cmd"}, actor="legacy"
            )
        return filing.filing_number, agency.credit_code


def test_csv_export_escapes_formula_cells(sample_url: str, tmp_path: Path) -> None:
    number, _ = _plant(sample_url)
    path = tmp_path / "out.csv"
    with session_scope(sample_url) as s:
        export_registry(session=s, path=path)
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["备案编号"] == number)
    assert row["机构简称"] == "'=cmd|' /C calc'!A0"
    assert row["联系电话"] == "'+86 22 1234 5678"
    assert row["状态原因"] == "'@SUM(1+1)*cmd"
    live = [c for r in rows for c in r.values() if c and c[0] in "=+-@\t\r"]
    assert live == []


def test_xlsx_export_has_no_formula_cells(sample_url: str, tmp_path: Path) -> None:
    number, _ = _plant(sample_url)
    path = tmp_path / "out.xlsx"
    with session_scope(sample_url) as s:
        export_registry(session=s, path=path)
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and 't="f"' not in sheet_xml
    sheet = load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert tuple(header) == HEADERS
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == number)
    assert row[header.index("机构简称")] == "'=cmd|' /C calc'!A0"


def test_escaped_phone_round_trips_unchanged(sample_url: str, tmp_path: Path) -> None:
    _, code = _plant(sample_url, formulas=False)
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"registry{suffix}"
        with session_scope(sample_url) as s:
            count = export_registry(session=s, path=path)
            audits = len(s.exec(select(AuditEntry)).all())
        report = _import(sample_url, path)
        assert (report.unchanged_filings, report.updated_agencies) == (count, 0), suffix
        with session_scope(sample_url) as s:
            agency = s.exec(select(Agency).where(Agency.credit_code == code)).one()
            assert agency.contact_phone == "+86 22 1234 5678"
            assert len(s.exec(select(AuditEntry)).all()) == audits + 1  # the import entry only
