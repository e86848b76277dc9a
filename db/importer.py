"""Import and export the registry file: validate every row first, then upsert in one go.

`import_file` never writes a half-good file: it reads and validates every row (format,
then duplicates across rows, then conflicts with what is stored), and raises
`ImportValidationError` listing every bad row by line number if anything is wrong.
Only then does it upsert by 备案编号 (agencies by credit code) through db.crud, which
audits each change. It does not commit; the caller's `session_scope` does, so even an
unexpected database error leaves the stored registry untouched. A column missing from the
file leaves that field alone on existing rows; a blank cell in a present column clears it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.crud import (
    create_agency,
    create_filing,
    get_agency_by_credit_code,
    get_filing_by_number,
    record_audit,
    update_agency,
    update_filing,
)
from db.fileio import Table, read_table, write_table
from db.models import Agency, Filing
from db.reference import bases_from_refs
from db.rows import (
    AGENCY_FIELDS,
    COLUMNS,
    FIELD_OF,
    FILING_FIELDS,
    HEADER_OF,
    HEADERS,
    REQUIRED_HEADERS,
    ParsedRow,
    parse_row,
)
from db.scope import format_scope
from db.session import today_cn
from db.status import transition_allowed
from errors import ImportValidationError

logger = logging.getLogger(__name__)
MAX_REPORTED = 200


@dataclass
class ImportReport:
    rows: int = 0
    encoding: str = ""
    created_agencies: int = 0
    updated_agencies: int = 0
    created_filings: int = 0
    updated_filings: int = 0
    unchanged_filings: int = 0
    notes: list[str] = field(default_factory=list)

    def summary_zh(self) -> str:
        return (
            f"共{self.rows}行(编码 {self.encoding}):新增机构{self.created_agencies}家、"
            f"更新机构{self.updated_agencies}家;新增备案{self.created_filings}条、"
            f"更新备案{self.updated_filings}条、无变化{self.unchanged_filings}条。"
        )


def _invalid(problems: list[str]) -> ImportValidationError:
    shown = problems[:MAX_REPORTED]
    if len(problems) > MAX_REPORTED:
        shown.append(f"……另有{len(problems) - MAX_REPORTED}个问题未列出。")
    return ImportValidationError(shown, f"导入文件有{len(problems)}处问题,未写入任何数据。")


def check_headers(headers: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    unknown = [h for h in headers if h and h not in FIELD_OF]
    if unknown:
        problems.append(f"第1行 无法识别的列:{'、'.join(unknown)}。可用的列:{'、'.join(HEADERS)}。")
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    if missing:
        problems.append(f"第1行 缺少必需的列:{'、'.join(missing)}。")
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicated:
        problems.append(f"第1行 列名重复:{'、'.join(duplicated)}。")
    if headers and not any(headers):
        problems.append("第1行 应为列名。")
    return problems


def validate_table(table: Table, *, today: date) -> list[ParsedRow]:
    """Every row parsed, or ImportValidationError with every problem found."""
    problems = check_headers(table.headers)
    if problems:
        raise _invalid(problems)
    if not table.rows:
        raise _invalid(["文件中没有数据行(第1行是列名,从第2行起每行一条备案)。"])
    present = frozenset(FIELD_OF[h] for h in table.headers if h in FIELD_OF)
    parsed: list[ParsedRow] = []
    for line, cells in table.rows:
        values = {FIELD_OF[h]: v for h, v in cells.items() if h in FIELD_OF}
        row, row_problems = parse_row(line, values, today=today, present=present)
        problems.extend(row_problems)
        if row is not None:
            parsed.append(row)
    problems.extend(_cross_row_problems(parsed))
    if problems:
        raise _invalid(problems)
    return parsed


def _cross_row_problems(rows: list[ParsedRow]) -> list[str]:
    problems: list[str] = []
    by_number: dict[str, int] = {}
    by_code: dict[str, ParsedRow] = {}
    by_name: dict[str, ParsedRow] = {}
    for row in rows:
        number, code = row.filing.filing_number, row.agency.credit_code
        if number in by_number:
            problems.append(f"第{row.line}行 备案编号:{number}与第{by_number[number]}行重复。")
        by_number.setdefault(number, row.line)
        first = by_code.setdefault(code, row)
        if first is not row:
            differing = [
                f for f in AGENCY_FIELDS if getattr(first.agency, f) != getattr(row.agency, f)
            ]
            if differing:
                names = "、".join(HEADER_OF[f] for f in differing)
                problems.append(
                    f"第{row.line}行:统一社会信用代码{code}与第{first.line}行相同,但{names}不一致。"
                )
        same_name = by_name.setdefault(row.agency.name, row)
        if same_name.agency.credit_code != code:
            problems.append(
                f"第{row.line}行 机构名称:“{row.agency.name}”与第{same_name.line}行相同,但统一社会信用代码不同。"
            )
    return problems


def _stored_problems(session: Session, rows: list[ParsedRow]) -> list[str]:
    """Conflicts with the database: a number owned by another agency, an impossible transition."""
    problems: list[str] = []
    for row in rows:
        existing = get_filing_by_number(session=session, filing_number=row.filing.filing_number)
        if existing is not None:
            owner = session.get(Agency, existing.agency_id)
            if owner is not None and owner.credit_code != row.agency.credit_code:
                problems.append(
                    f"第{row.line}行 备案编号:{existing.filing_number}已属于“{owner.name}”"
                    f"(信用代码{owner.credit_code}),不能改到另一机构名下。"
                )
            if not transition_allowed(existing.state, row.filing.state):
                problems.append(
                    f"第{row.line}行 备案状态:{existing.filing_number}已“{existing.state.label_zh}”,"
                    f"不能改为“{row.filing.state.label_zh}”;如需继续开展评价,须以新的备案编号重新备案。"
                )
        clash = session.exec(
            select(Agency).where(
                Agency.name == row.agency.name,
                Agency.credit_code != row.agency.credit_code,
                Agency.jurisdiction == row.agency.jurisdiction,
            )
        ).first()
        if clash is not None:
            problems.append(
                f"第{row.line}行 机构名称:“{row.agency.name}”已登记在另一统一社会信用代码{clash.credit_code}下。"
            )
    return problems


def import_rows(
    *, session: Session, rows: list[ParsedRow], actor: str, report: ImportReport
) -> ImportReport:
    """Upsert validated rows (no commit). Raises ImportValidationError on stored conflicts."""
    problems = _stored_problems(session, rows)
    if problems:
        raise _invalid(problems)
    seen_agencies: set[str] = set()
    for row in rows:
        agency = get_agency_by_credit_code(session=session, credit_code=row.agency.credit_code)
        if agency is None:
            agency = create_agency(session=session, agency_in=row.agency, actor=actor)
            report.created_agencies += 1
            seen_agencies.add(agency.credit_code)
        elif agency.credit_code not in seen_agencies:
            seen_agencies.add(agency.credit_code)
            changes = {f: getattr(row.agency, f) for f in AGENCY_FIELDS if f in row.present}
            if update_agency(session=session, agency=agency, changes=changes, actor=actor):
                report.updated_agencies += 1
        filing = get_filing_by_number(session=session, filing_number=row.filing.filing_number)
        if filing is None:
            create_filing(session=session, agency=agency, filing_in=row.filing, actor=actor)
            report.created_filings += 1
        else:
            changes = {
                f: getattr(row.filing, f)
                for f in FILING_FIELDS
                if f in row.present or f == "state_basis"
            }
            if update_filing(session=session, filing=filing, changes=changes, actor=actor):
                report.updated_filings += 1
            else:
                report.unchanged_filings += 1
        if row.basis_note:
            report.notes.append(f"第{row.line}行:{row.basis_note}")
    try:
        session.flush()
    except IntegrityError as exc:
        raise _invalid(
            [f"写入时发生冲突(可能有人同时在修改登记册),未写入任何数据:{exc.orig}"]
        ) from None
    return report


def import_file(
    *, session: Session, path: Path, actor: str, today: date | None = None, dry_run: bool = False
) -> ImportReport:
    """Validate and upsert a .csv/.xlsx file; with `dry_run` the session is rolled back."""
    table = read_table(path)
    rows = validate_table(table, today=today or today_cn())
    report = ImportReport(rows=len(rows), encoding=table.encoding)
    import_rows(session=session, rows=rows, actor=actor, report=report)
    record_audit(
        session=session,
        actor=actor,
        entity="registry",
        entity_id=path.name,
        action="import",
        after={
            "rows": report.rows,
            "created_filings": report.created_filings,
            "updated_filings": report.updated_filings,
        },
        note=report.summary_zh(),
    )
    if dry_run:
        session.rollback()
    logger.info("import %s by %s: %s", path.name, actor, report.summary_zh())
    return report


def registry_rows(*, session: Session) -> list[list[Any]]:
    """Every filing as a row of the file format, ordered by 备案编号."""
    query = select(Filing, Agency).join(Agency, col(Filing.agency_id) == col(Agency.id))
    result: list[list[Any]] = []
    for filing, agency in session.exec(query.order_by(col(Filing.filing_number))).all():
        values: dict[str, Any] = {
            **{f: getattr(agency, f) for f in AGENCY_FIELDS},
            **{f: getattr(filing, f) for f in FILING_FIELDS},
        }
        values["agency_type"] = agency.agency_type.label_zh
        values["jurisdiction"] = agency.jurisdiction.label_zh
        values["scope"] = format_scope(filing.scope)
        values["state"] = filing.state.label_zh
        values["termination_kind"] = (
            filing.termination_kind.label_zh if filing.termination_kind else ""
        )
        values["state_basis"] = ";".join(b.short for b in bases_from_refs(filing.state_basis))
        for key in ("filed_on", "valid_until", "state_changed_on"):
            values[key] = values[key].isoformat() if values[key] else ""
        result.append([values[name] for name, _, _ in COLUMNS])
    return result


def export_registry(*, session: Session, path: Path) -> int:
    """Write the registry in the import format (.csv or .xlsx); returns the row count."""
    rows = registry_rows(session=session)
    write_table(path, HEADERS, rows)
    return len(rows)
