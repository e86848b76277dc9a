"""`policybot db seed-sample`: load the fictional sample registry kept beside this module.

`sample_registry.csv` is an ordinary import file (66 fictional agencies in 兵团, 内蒙古 and
天津, every type and every status, names prefixed 示例) whose dates were chosen relative to
`SAMPLE_REFERENCE_DATE`; every 有效期至 is `db.status.validity_end` of its 备案日期. So
that "临近到期" still means expiring soon when the sample is loaded a year later, seeding shifts every date by (today − reference date); `shift=False`
loads the dates as written. Re-seeding on the same day changes nothing; on a later day it
moves the sample's dates forward (audited like any change).

The sample goes through the same validation and audit as a real import, and it refuses to
touch a filing number or credit code that belongs to a non-sample agency, so seeding can
never overwrite real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from db.crud import add_supervision, get_agency_by_credit_code, get_filing_by_number
from db.enums import Rating, SupervisionKind, SupervisionResult
from db.fileio import Table, read_table
from db.importer import ImportReport, import_rows, validate_table
from db.models import Agency, SupervisionCreate, SupervisionRecord
from db.reminder_seed import seed_demo_subscriptions
from db.rows import parse_date
from db.session import today_cn
from db.status import validity_end
from errors import ImportValidationError, PolicybotError

HERE = Path(__file__).resolve().parent
SAMPLE_REGISTRY = HERE / "sample_registry.csv"
SAMPLE_SUPERVISION = HERE / "sample_supervision.csv"
SAMPLE_REFERENCE_DATE = date(2026, 11, 22)
SAMPLE_PREFIX = "示例"
SAMPLE_ACTOR = "seed-sample"
_FILED_ON, _VALID_UNTIL = "备案日期", "有效期至"
_DATE_HEADERS = (_FILED_ON, _VALID_UNTIL, "状态变更日期", "日期")


@dataclass
class SeedReport:
    registry: ImportReport
    supervision_added: int
    shift_days: int

    def summary_zh(self) -> str:
        shift = f"日期整体顺延{self.shift_days}天" if self.shift_days else "日期未平移"
        return f"示例数据:{self.registry.summary_zh()}新增督导/评定记录{self.supervision_added}条;{shift}。"


def shift_table(table: Table, days: int) -> Table:
    """The same table with every date cell moved by `days` (blank cells stay blank).

    A 有效期至 that follows the validity rule from its 备案日期 (`validity_end`) is derived
    again from the moved 备案日期 rather than moved by `days`, so the rule still holds
    when the shift crosses 2月29日 or months of different lengths.
    """
    if days == 0:
        return table
    rows = []
    for line, cells in table.rows:
        moved: dict[str, Any] = dict(cells)
        for header in _DATE_HEADERS:
            if str(cells.get(header) or "").strip():
                moved[header] = (
                    parse_date(cells[header], header) + timedelta(days=days)
                ).isoformat()
        if _follows_rule(cells):
            moved[_VALID_UNTIL] = validity_end(parse_date(moved[_FILED_ON], _FILED_ON)).isoformat()
        rows.append((line, moved))
    return Table(table.headers, tuple(rows), table.encoding)


def _follows_rule(cells: dict[str, Any]) -> bool:
    filed, until = (str(cells.get(h) or "").strip() for h in (_FILED_ON, _VALID_UNTIL))
    if not (filed and until):
        return False
    return validity_end(parse_date(filed, _FILED_ON)) == parse_date(until, _VALID_UNTIL)


def _guard_real_data(session: Session, numbers: list[str], codes: list[str]) -> None:
    problems = []
    for number in numbers:
        filing = get_filing_by_number(session=session, filing_number=number)
        owner = session.get(Agency, filing.agency_id) if filing else None
        if owner is not None and not owner.name.startswith(SAMPLE_PREFIX):
            problems.append(f"备案编号{number}已被非示例机构“{owner.name}”使用。")
    for code in codes:
        agency = get_agency_by_credit_code(session=session, credit_code=code)
        if agency is not None and not agency.name.startswith(SAMPLE_PREFIX):
            problems.append(f"统一社会信用代码{code}已被非示例机构“{agency.name}”使用。")
    if problems:
        raise ImportValidationError(problems, "示例数据与已登记的真实数据冲突,未写入任何数据。")


def seed_sample(
    *, session: Session, today: date | None = None, shift: bool = True, actor: str = SAMPLE_ACTOR
) -> SeedReport:
    """Validate and upsert the sample registry plus its supervision records (no commit)."""
    day = today or today_cn()
    days = (day - SAMPLE_REFERENCE_DATE).days if shift else 0
    table = shift_table(read_table(SAMPLE_REGISTRY), days)
    rows = validate_table(table, today=day)
    bad = [r.line for r in rows if not r.agency.name.startswith(SAMPLE_PREFIX)]
    if bad:
        raise ImportValidationError([f"第{line}行 机构名称未以“示例”开头。" for line in bad])
    _guard_real_data(
        session, [r.filing.filing_number for r in rows], [r.agency.credit_code for r in rows]
    )
    report = ImportReport(rows=len(rows), encoding=table.encoding)
    import_rows(session=session, rows=rows, actor=actor, report=report)
    added = seed_supervision(
        session=session, table=shift_table(read_table(SAMPLE_SUPERVISION), days), actor=actor
    )
    seed_demo_subscriptions(session=session)
    return SeedReport(report, added, days)


def seed_supervision(*, session: Session, table: Table, actor: str) -> int:
    """Add supervision rows not already stored; all or nothing.

    A row counts as stored when its filing has a record of the same kind and notes, whatever
    the date, so re-seeding on a later day does not duplicate the (shifted) records.
    """
    problems: list[str] = []
    pending = []
    for line, cells in table.rows:
        try:
            filing = get_filing_by_number(session=session, filing_number=str(cells["备案编号"]))
            if filing is None:
                raise PolicybotError(f"备案编号{cells['备案编号']}不在登记册中")
            rating_text = str(cells.get("评级") or "").strip()
            result_text = str(cells.get("结果") or "").strip()
            record = SupervisionCreate(
                kind=SupervisionKind.parse_label(str(cells["类型"]), field="类型"),
                held_on=parse_date(cells["日期"], "日期"),
                result=SupervisionResult.parse_label(result_text, field="结果")
                if result_text
                else None,
                rating=Rating.parse_label(rating_text, field="评级") if rating_text else None,
                notes=str(cells.get("说明") or "").strip() or None,
            )
        except PolicybotError as exc:
            problems.append(f"督导记录第{line}行:{exc.message_zh}")
            continue
        except Exception as exc:  # a malformed date from parse_date, a missing column
            problems.append(f"督导记录第{line}行:{exc}")
            continue
        pending.append((filing, record))
    if problems:
        raise ImportValidationError(problems)
    added = 0
    for filing, record in pending:
        exists = session.exec(
            select(SupervisionRecord).where(
                SupervisionRecord.filing_id == filing.id,
                SupervisionRecord.kind == record.kind,
                SupervisionRecord.notes == record.notes,
            )
        ).first()
        if exists is None:
            add_supervision(session=session, filing=filing, record_in=record, actor=actor)
            added += 1
    return added
