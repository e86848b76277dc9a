"""Registry import/export and the sample seed, on real databases: all-or-nothing, every bad row
reported by line number in Chinese, GBK and XLSX accepted, upsert audited, round trip stable."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import func, select
from typer.testing import CliRunner

from config import get_settings
from db.cli import app
from db.enums import AgencyType, FilingState, FilingStatus, Rating, TerminationKind
from db.importer import ImportReport, export_registry, import_file
from db.models import Agency, AuditEntry, Filing, SupervisionRecord
from db.rows import HEADERS
from db.seed import SAMPLE_REGISTRY, seed_sample
from db.session import session_scope
from db.status import derive_status
from errors import ImportValidationError
from tests.db_fixtures import TODAY

GOOD = {
    "备案编号": "TJ-2024-0101",
    "机构名称": "示例天津导入测试有限公司",
    "机构简称": "导入测试",
    "统一社会信用代码": "91120101000001011H",
    "机构类型": "用人单位",
    "管辖地": "天津",
    "所属地区": "和平区",
    "联系人": "王老师",
    "联系电话": "022-0000001",
    "专职人员数": "8",
    "评价范围": "电工(五级/四级)",
    "备案日期": "2024-05-10",
    "有效期至": "2027-05-09",
    "备案状态": "有效",
    "终止类型": "",
    "状态原因": "",
    "法律依据": "",
    "状态变更日期": "",
}


def _csv(rows: list[dict[str, str]], headers: tuple[str, ...] = HEADERS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(headers), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _write(
    tmp_path: Path,
    rows: list[dict[str, str]],
    *,
    encoding: str = "utf-8",
    name: str = "in.csv",
    headers: tuple[str, ...] = HEADERS,
) -> Path:
    path = tmp_path / name
    path.write_bytes(_csv(rows, headers).encode(encoding))
    return path


def _import(url: str, path: Path, *, dry_run: bool = False) -> ImportReport:
    with session_scope(url) as s:
        return import_file(session=s, path=path, actor="tester", today=TODAY, dry_run=dry_run)


def _count(url: str, model: type) -> int:
    with session_scope(url) as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def test_good_file_imports_and_audits(db_url: str, tmp_path: Path) -> None:
    second = GOOD | {
        "备案编号": "TJ-2024-0102",
        "评价范围": "焊工(四级)",
    }  # same agency, second filing
    report = _import(db_url, _write(tmp_path, [GOOD, second]))
    assert (report.created_agencies, report.created_filings) == (1, 2)
    with session_scope(db_url) as s:
        agency = s.exec(select(Agency)).one()
        assert (agency.agency_type, agency.staff_count, agency.region) == (
            AgencyType.EMPLOYER,
            8,
            "和平区",
        )
        actions = s.exec(select(AuditEntry.entity, AuditEntry.action)).all()
    assert sorted(actions) == [
        ("agency", "create"),
        ("filing", "create"),
        ("filing", "create"),
        ("registry", "import"),
    ]


def test_gbk_csv_is_accepted(db_url: str, tmp_path: Path) -> None:
    report = _import(db_url, _write(tmp_path, [GOOD], encoding="gbk"))
    assert report.encoding == "GBK/GB18030"
    assert _count(db_url, Filing) == 1


def test_xlsx_is_accepted_with_real_date_cells(db_url: str, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    sheet.append(
        [
            date(2024, 5, 10) if h == "备案日期" else int(GOOD[h]) if h == "专职人员数" else GOOD[h]
            for h in HEADERS
        ]
    )
    workbook.save(tmp_path / "in.xlsx")
    _import(db_url, tmp_path / "in.xlsx")
    with session_scope(db_url) as s:
        assert s.exec(select(Filing)).one().filed_on == date(2024, 5, 10)


BAD_ROWS = [
    (
        {"统一社会信用代码": "91120101000001011J"},
        "统一社会信用代码:统一社会信用代码“91120101000001011J”校验位不符",
    ),
    ({"备案编号": "TJ-24-0101"}, "备案编号“TJ-24-0101”格式无效"),
    ({"备案编号": "BT-2024-0101"}, "地区代码BT与管辖地“天津”不符"),
    ({"备案日期": "2024-02-30"}, "备案日期:备案日期“2024-02-30”无效:2024年2月只有29天"),
    ({"有效期至": "2099-01-01"}, "有效期至:2099-01-01超出备案日期后3年"),
    ({"备案日期": "2027-01-01", "有效期至": "2029-12-31"}, "备案日期:2027-01-01晚于今天"),
    ({"专职人员数": "-5"}, "专职人员数不能为负数"),
    ({"专职人员数": "五个"}, "专职人员数“五个”应为不小于0的整数"),
    ({"机构名称": " "}, "机构名称:不能为空"),
    ({"机构类型": "培训学校"}, "机构类型“培训学校”无法识别"),
    ({"所属地区": "第八师"}, "不在天津的地区列表中"),
    ({"备案状态": "临近到期"}, "由有效期自动计算"),
    ({"备案状态": "暂停"}, "必须填写状态原因"),
    ({"备案状态": "终止", "状态原因": "x", "状态变更日期": "2025-01-01"}, "须注明终止类型"),
    (
        {
            "法律依据": "bingtuan2025 第十九条",
            "备案状态": "暂停",
            "状态原因": "x",
            "状态变更日期": "2025-01-01",
        },
        "不适用于天津",
    ),
    ({"评价范围": "电工(九级)"}, "等级“九级”无法识别"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ROWS, ids=[m[:12] for _, m in BAD_ROWS])
def test_each_bad_row_is_reported_with_its_line_and_nothing_is_written(
    db_url: str, tmp_path: Path, change: dict[str, str], message: str
) -> None:
    _import(db_url, _write(tmp_path, [GOOD], name="first.csv"))
    before = (_count(db_url, Filing), _count(db_url, AuditEntry))
    changed_stored = GOOD | {
        "机构名称": "改名了",
        "有效期至": "2027-05-01",
    }  # would update the stored row
    path = _write(tmp_path, [GOOD | {"备案编号": "TJ-2024-0103"}, GOOD | change, changed_stored])
    with pytest.raises(ImportValidationError) as caught:
        _import(db_url, path)
    assert any(p.startswith("第3行") and message in p for p in caught.value.problems), (
        caught.value.problems
    )
    assert "未写入任何数据" in caught.value.message_zh
    assert (_count(db_url, Filing), _count(db_url, AuditEntry)) == before
    with session_scope(db_url) as s:
        assert s.exec(select(Agency)).one().name == GOOD["机构名称"]


def test_all_problems_of_a_file_are_listed_at_once(
    tmp_path: Path, sqlite_templates: dict[str, Path]
) -> None:
    path = tmp_path / "db.sqlite"
    shutil.copy(sqlite_templates["blank"], path)
    rows = [
        GOOD,
        GOOD | {"统一社会信用代码": "bad", "专职人员数": "-2", "所属地区": "火星"},
        GOOD | {"有效期至": "2024-13-01"},
        GOOD,
    ]
    with pytest.raises(ImportValidationError) as caught:
        _import(f"sqlite:///{path}", _write(tmp_path, rows))
    lines = [p.split(" ")[0].split(":")[0] for p in caught.value.problems]
    assert lines == ["第3行", "第3行", "第3行", "第4行", "第5行"]  # duplicate of line 2 last
    columns = {p.split(" ")[1].split(":")[0] for p in caught.value.problems[:3]}
    assert columns == {"专职人员数", "统一社会信用代码", "所属地区"}
    assert "与第2行重复" in caught.value.problems[-1]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (("备案编号", "机构名称", "名称备注"), "无法识别的列:名称备注"),
        (HEADERS[:-5] + ("备案编号",), "列名重复:备案编号"),
        (tuple(h for h in HEADERS if h != "统一社会信用代码"), "缺少必需的列:统一社会信用代码"),
    ],
)
def test_wrong_columns_are_named(
    db_url: str, tmp_path: Path, headers: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ImportValidationError) as caught:
        _import(db_url, _write(tmp_path, [GOOD], headers=headers))
    assert any(message in p for p in caught.value.problems)
    assert _count(db_url, Agency) == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "in.csv", "文件是空的"),
        (_csv([GOOD]).encode("utf-16"), "in.csv", "UTF-16"),
        (_csv([]).encode(), "in.csv", "没有数据行"),
        (b"not a zip", "in.xlsx", "无法读取该 Excel 文件"),
        (b"x", "in.xls", "不支持旧版 .xls"),
        (b"x", "in.json", "不支持的文件类型"),
    ],
)
def test_unreadable_files_get_a_chinese_message(
    tmp_path: Path, content: bytes, name: str, message: str, sqlite_templates: dict[str, Path]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportValidationError) as caught:
        _import(f"sqlite:///{sqlite_templates['blank']}", path)
    assert message in " ".join(caught.value.problems)


def test_upsert_updates_changed_fields_only_and_keeps_absent_columns(
    sample_url: str, tmp_path: Path
) -> None:
    with session_scope(sample_url) as s:
        filing = s.exec(select(Filing).where(Filing.filing_number == "TJ-2024-0001")).one()
        agency = s.get(Agency, filing.agency_id)
        assert agency is not None
        phone = agency.contact_phone
    exported = tmp_path / "all.csv"
    with session_scope(sample_url) as s:
        export_registry(session=s, path=exported)
    rows = [
        r
        for r in csv.DictReader(exported.open(encoding="utf-8-sig"))
        if r["备案编号"] == "TJ-2024-0001"
    ]
    rows[0]["有效期至"] = str(date.fromisoformat(rows[0]["有效期至"]).replace(day=1))
    headers = tuple(h for h in HEADERS if h != "联系电话")
    report = _import(sample_url, _write(tmp_path, rows, headers=headers))
    assert (report.updated_filings, report.updated_agencies, report.created_filings) == (1, 0, 0)
    with session_scope(sample_url) as s:
        agency = s.exec(
            select(Agency).where(Agency.credit_code == rows[0]["统一社会信用代码"])
        ).one()
        assert agency.contact_phone == phone  # column absent: untouched
        entry = s.exec(
            select(AuditEntry).where(
                AuditEntry.entity_id == "TJ-2024-0001", AuditEntry.action == "update"
            )
        ).one()
        assert list(entry.after or {}) == ["valid_until"] and entry.actor == "tester"


def test_export_then_import_changes_nothing(sample_url: str, tmp_path: Path) -> None:
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"registry{suffix}"
        with session_scope(sample_url) as s:
            assert export_registry(session=s, path=path) == 67
        report = _import(sample_url, path)
        assert (report.unchanged_filings, report.updated_filings, report.updated_agencies) == (
            67,
            0,
            0,
        )


def test_stored_conflicts_are_refused(sample_url: str, tmp_path: Path) -> None:
    stolen = GOOD | {"备案编号": "TJ-2024-0001"}  # stored under another credit code
    with pytest.raises(ImportValidationError, match="问题") as caught:
        _import(sample_url, _write(tmp_path, [stolen]))
    assert "已属于“示例" in caught.value.problems[0]
    with session_scope(sample_url) as s:
        terminated = s.exec(select(Filing).where(Filing.state == FilingState.TERMINATED)).first()
        assert terminated is not None
        number = terminated.filing_number
    exported = tmp_path / "all.csv"
    with session_scope(sample_url) as s:
        export_registry(session=s, path=exported)
    row = next(
        r for r in csv.DictReader(exported.open(encoding="utf-8-sig")) if r["备案编号"] == number
    )
    revived = row | {
        "备案状态": "有效",
        "终止类型": "",
        "状态原因": "",
        "法律依据": "",
        "状态变更日期": "",
    }
    with pytest.raises(ImportValidationError) as caught:
        _import(sample_url, _write(tmp_path, [revived]))
    assert "须以新的备案编号重新备案" in caught.value.problems[0]


def test_dry_run_writes_nothing(db_url: str, tmp_path: Path) -> None:
    report = _import(db_url, _write(tmp_path, [GOOD]), dry_run=True)
    assert report.created_filings == 1
    assert _count(db_url, Filing) == 0 and _count(db_url, AuditEntry) == 0


def test_sample_registry_covers_every_type_status_and_jurisdiction(sample_url: str) -> None:
    with session_scope(sample_url) as s:
        agencies = s.exec(select(Agency)).all()
        filings = s.exec(select(Filing)).all()
        ratings = {r.rating for r in s.exec(select(SupervisionRecord)).all()}
    assert len(agencies) >= 60 and all(a.name.startswith("示例") for a in agencies)
    assert {a.agency_type for a in agencies} == set(AgencyType)
    statuses = {(f.state, derive_status(f.state, f.valid_until, TODAY)) for f in filings}
    assert {status for _, status in statuses} == set(FilingStatus)
    assert {f.termination_kind for f in filings if f.termination_kind} == set(TerminationKind)
    assert {Rating.RED, Rating.BLACK} <= ratings
    by_jurisdiction = {a.jurisdiction for a in agencies}
    assert {j.value for j in by_jurisdiction} == {"bingtuan", "neimenggu", "tianjin"}
    stopped = [f for f in filings if f.state is not FilingState.ACTIVE]
    assert all(f.state_reason and f.state_changed_on for f in stopped)


def test_seed_is_idempotent_and_shifts_dates_to_stay_meaningful(db_url: str) -> None:
    with session_scope(db_url) as s:
        first = seed_sample(session=s, today=TODAY)
    with session_scope(db_url) as s:
        again = seed_sample(session=s, today=TODAY)
    assert first.registry.created_filings == 67 and again.registry.unchanged_filings == 67
    assert again.supervision_added == 0
    later = date(2028, 3, 1)
    with session_scope(db_url) as s:
        shifted = seed_sample(session=s, today=later)
        statuses = {
            derive_status(f.state, f.valid_until, later) for f in s.exec(select(Filing)).all()
        }
    assert shifted.shift_days == (later - TODAY).days and shifted.supervision_added == 0
    assert statuses == set(FilingStatus)


def test_seed_refuses_to_touch_real_agencies(db_url: str, tmp_path: Path) -> None:
    first_sample = next(csv.DictReader(SAMPLE_REGISTRY.open(encoding="utf-8")))
    real = first_sample | {
        "机构名称": "某真实机构有限公司",
        "备案日期": "2025-05-14",
        "有效期至": "2028-05-13",
    }
    _import(db_url, _write(tmp_path, [real]))
    with pytest.raises(ImportValidationError) as caught, session_scope(db_url) as s:
        seed_sample(session=s, today=TODAY)
    assert "非示例机构" in caught.value.problems[0]
    assert _count(db_url, Filing) == 1
    with session_scope(db_url) as s:
        assert s.exec(select(Agency)).one().name == "某真实机构有限公司"


def test_xlsx_credit_code_stored_as_a_number_is_refused(
    tmp_path: Path, sqlite_templates: dict[str, Path]
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    sheet.append([9.1120101000001e17 if h == "统一社会信用代码" else GOOD[h] for h in HEADERS])
    workbook.save(tmp_path / "in.xlsx")
    with pytest.raises(ImportValidationError) as caught:
        _import(f"sqlite:///{sqlite_templates['blank']}", tmp_path / "in.xlsx")
    assert "第2行 统一社会信用代码被 Excel 存成了数字" in caught.value.problems[0]


def test_cli_import_lists_every_problem_and_then_succeeds(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        bad = _write(
            tmp_path,
            [GOOD | {"专职人员数": "-1"}, GOOD | {"备案日期": "2023-02-29"}],
            name="bad.csv",
        )
        failed = runner.invoke(app, ["import", str(bad)])
        good = _write(tmp_path, [GOOD], encoding="gbk", name="good.csv")
        done = runner.invoke(app, ["import", str(good), "--actor", "clerk:wang"])
        exported = runner.invoke(app, ["export", str(tmp_path / "out.xlsx")])
    finally:
        get_settings.cache_clear()
    assert failed.exit_code == 1 and "未写入任何数据" in failed.output
    assert "第2行 专职人员数" in failed.output and "第3行 备案日期" in failed.output
    assert "Traceback" not in failed.output
    assert done.exit_code == 0 and "导入成功" in done.output and "GBK" in done.output
    assert exported.exit_code == 0 and "已导出1条备案" in exported.output
    with session_scope(db_url) as s:
        assert {e.actor for e in s.exec(select(AuditEntry)).all()} == {"clerk:wang"}
