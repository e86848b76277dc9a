"""The registry file format, and validation of one row into typed create models.

One row is one filing with its agency. Columns have Chinese headers (`COLUMNS`). Each row
is checked field by field and *every* problem is reported with its line number, so a
clerk can fix a file in one pass. Dates are accepted as 2024-05-10, 2024/5/10,
2024年5月10日 or 20240510; an impossible date (2月30日) or one implausibly far in the future
gets its own message. `备案日期` is the start of the current validity period (first filing
or latest renewal), so `有效期至` may not be more than the 3 years of 兵团办法第十条 /
内蒙古办法第十五条 / 天津规程第十二条 after it (plus a month of slack for month ends).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from corpus.models import Jurisdiction
from db.credit_code import validate_credit_code
from db.enums import AgencyType, FilingState, TerminationKind
from db.filing_number import parse_filing_number
from db.fileio import looks_like_formula
from db.models import AgencyCreate, FilingCreate
from db.reference import (
    action_key,
    default_bases,
    missing_basis_note,
    parse_bases,
    parse_jurisdiction,
    resolve_region,
    validity_years,
)
from db.scope import parse_scope
from db.status import validity_end
from errors import InputError, PolicybotError

# (field, header, required)
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("filing_number", "备案编号", True),
    ("name", "机构名称", True),
    ("short_name", "机构简称", False),
    ("credit_code", "统一社会信用代码", True),
    ("agency_type", "机构类型", True),
    ("jurisdiction", "管辖地", True),
    ("region", "所属地区", True),
    ("contact_person", "联系人", False),
    ("contact_phone", "联系电话", False),
    ("staff_count", "专职人员数", False),
    ("scope", "评价范围", True),
    ("filed_on", "备案日期", True),
    ("valid_until", "有效期至", True),
    ("state", "备案状态", True),
    ("termination_kind", "终止类型", False),
    ("state_reason", "状态原因", False),
    ("state_basis", "法律依据", False),
    ("state_changed_on", "状态变更日期", False),
)
HEADERS = tuple(header for _, header, _ in COLUMNS)
FIELD_OF = {header: name for name, header, _ in COLUMNS}
HEADER_OF = {name: header for name, header, _ in COLUMNS}
REQUIRED_HEADERS = tuple(header for _, header, required in COLUMNS if required)
AGENCY_FIELDS = (
    "name",
    "short_name",
    "credit_code",
    "agency_type",
    "jurisdiction",
    "region",
    "contact_person",
    "contact_phone",
    "staff_count",
)
# Columns holding text, where a spreadsheet formula could hide; dates and 专职人员数 are
# numbers (a negative count gets its own message), so "-2" there is not a formula problem.
TEXT_FIELDS = tuple(
    name
    for name, _, _ in COLUMNS
    if name not in ("staff_count", "filed_on", "valid_until", "state_changed_on")
)
FILING_FIELDS = (
    "filing_number",
    "scope",
    "filed_on",
    "valid_until",
    "state",
    "termination_kind",
    "state_reason",
    "state_basis",
    "state_changed_on",
)
EARLIEST = date(2000, 1, 1)
SLACK = timedelta(days=31)
_DERIVED_STATES = {"临近到期", "已过期未续期", "已过期", "即将到期"}
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


class RowError(Exception):
    """One field's problem, before the line number is attached."""


@dataclass
class ParsedRow:
    line: int
    agency: AgencyCreate
    filing: FilingCreate
    present: frozenset[str] = field(default_factory=frozenset)  # fields whose column exists
    basis_note: str = ""


def parse_date(value: Any, label: str) -> date:
    """A date from a cell; RowError in Chinese for a wrong format or an impossible day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            if not date.min.year <= year:  # 0000-01-01: no calendar has a year 0
                raise RowError(f"{label}“{text}”无效:年份{year:04d}不存在。")
            if not 1 <= month <= 12:
                raise RowError(f"{label}“{text}”无效:没有{month}月。")
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise RowError(f"{label}“{text}”无效:{year}年{month}月只有{last}天。")
            return date(year, month, day)
    raise RowError(f"{label}“{text}”不是有效日期,请写成 2024-05-10 或 2024年5月10日。")


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)) if not isinstance(value, str) else value
    return text.replace("\u3000", " ").strip()


def _staff(value: Any) -> int | None:
    text = unicodedata.normalize("NFKC", _text(value))
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        raise RowError(f"专职人员数“{text}”应为不小于0的整数。")
    count = int(float(text))
    if count < 0:
        raise RowError(f"专职人员数不能为负数(填写的是{count})。")
    return count


def _message(exc: PolicybotError) -> str:
    return exc.message_zh.rstrip("。") + "。"


def parse_row(
    line: int, cells: dict[str, Any], *, today: date, present: frozenset[str]
) -> tuple[ParsedRow | None, list[str]]:
    """Validate one row (`cells` keyed by field name); returns the row or its problems."""
    problems: list[str] = []
    values: dict[str, Any] = {}

    missing = {name for name, _, required in COLUMNS if required and not _text(cells.get(name))}
    problems.extend(
        f"第{line}行 {HEADER_OF[name]}:不能为空。" for name, _, _ in COLUMNS if name in missing
    )
    formulas = [name for name in TEXT_FIELDS if looks_like_formula(_text(cells.get(name)))]
    problems.extend(
        f"第{line}行 {HEADER_OF[name]}:不能以“=”“+”“-”“@”开头(可能是电子表格公式),"
        "请删去开头的符号。"
        for name in formulas
    )
    missing.update(formulas)  # one message per cell: skip its format check

    def attempt(name: str, fn: Any) -> None:
        if name in missing:
            return
        try:
            values[name] = fn()
        except RowError as exc:
            problems.append(f"第{line}行 {HEADER_OF[name]}:{exc}")
        except PolicybotError as exc:
            problems.append(f"第{line}行 {HEADER_OF[name]}:{_message(exc)}")

    for name in ("name", "short_name", "contact_person", "contact_phone", "state_reason"):
        values[name] = _text(cells.get(name)) or None
    attempt("credit_code", lambda: validate_credit_code(_text(cells["credit_code"])))
    attempt("jurisdiction", lambda: parse_jurisdiction(_text(cells["jurisdiction"])))
    if "jurisdiction" in values:
        where = values["jurisdiction"]
        attempt("region", lambda: resolve_region(_text(cells["region"]), where).name)
        attempt("filing_number", lambda: _number(_text(cells["filing_number"]), where, today))
    attempt(
        "agency_type", lambda: AgencyType.parse_label(_text(cells["agency_type"]), field="机构类型")
    )
    attempt("staff_count", lambda: _staff(cells.get("staff_count")))
    attempt("scope", lambda: parse_scope(_text(cells["scope"])))
    attempt("filed_on", lambda: parse_date(cells["filed_on"], "备案日期"))
    attempt("valid_until", lambda: parse_date(cells["valid_until"], "有效期至"))
    if _text(cells.get("state_changed_on")):
        attempt("state_changed_on", lambda: parse_date(cells["state_changed_on"], "状态变更日期"))
    attempt("state", lambda: _state(_text(cells["state"])))
    if _text(cells.get("termination_kind")):
        attempt(
            "termination_kind",
            lambda: TerminationKind.parse_label(_text(cells["termination_kind"]), field="终止类型"),
        )
    _check_dates(line, values, today, problems)

    agency = filing = None
    note = ""
    if not problems:
        try:
            agency = AgencyCreate(
                name=values["name"],
                short_name=values["short_name"],
                credit_code=values["credit_code"],
                agency_type=values["agency_type"],
                jurisdiction=values["jurisdiction"],
                region=values["region"],
                contact_person=values["contact_person"],
                contact_phone=values["contact_phone"],
                staff_count=values["staff_count"],
            )
        except PolicybotError as exc:
            problems.append(f"第{line}行 {_column_for(exc)}:{_message(exc)}")
    if not problems and agency is not None:
        try:
            bases, note = _bases(cells, values, agency.jurisdiction)
            filing = FilingCreate(
                filing_number=values["filing_number"],
                scope=values["scope"],
                filed_on=values["filed_on"],
                valid_until=values["valid_until"],
                state=values["state"],
                termination_kind=values.get("termination_kind"),
                state_reason=values["state_reason"],
                state_basis=bases,
                state_changed_on=values.get("state_changed_on"),
            )
        except PolicybotError as exc:
            problems.append(f"第{line}行:{_message(exc)}")
    if problems or agency is None or filing is None:
        return None, problems
    return ParsedRow(line, agency, filing, present, note), []


def _state(text: str) -> FilingState:
    if text in _DERIVED_STATES:
        raise RowError(f"“{text}”由有效期自动计算,不需填写;请填写“有效”。")
    try:
        return FilingState.parse_label(text, field="备案状态")
    except PolicybotError as exc:
        raise RowError(exc.message_zh) from None


def _check_dates(line: int, values: dict[str, Any], today: date, problems: list[str]) -> None:
    filed, until = values.get("filed_on"), values.get("valid_until")
    years = validity_years()
    if filed is not None:
        if filed > today:
            problems.append(f"第{line}行 备案日期:{filed}晚于今天({today}),请核对。")
        elif filed < EARLIEST:
            problems.append(f"第{line}行 备案日期:{filed}早于{EARLIEST.year}年,请核对。")
    if filed is not None and until is not None:
        limit = validity_end(filed, years) + SLACK
        if until <= filed:
            problems.append(f"第{line}行 有效期至:{until}必须晚于备案日期{filed}。")
        elif until > limit:
            problems.append(
                f"第{line}行 有效期至:{until}超出备案日期后{years}年(备案有效期为{years}年),"
                "请核对年份;续期的请把备案日期改为续期日期。"
            )
    changed = values.get("state_changed_on")
    if changed is not None and changed > today:
        problems.append(f"第{line}行 状态变更日期:{changed}晚于今天({today}),请核对。")


def _bases(
    cells: dict[str, Any], values: dict[str, Any], jurisdiction: Jurisdiction
) -> tuple[list[dict[str, Any]] | None, str]:
    """Typed bases, else the jurisdiction's default for the state (with its note)."""
    state: FilingState = values["state"]
    typed = parse_bases(_text(cells.get("state_basis")), jurisdiction)
    if typed or state is FilingState.ACTIVE:
        return ([b.as_ref() for b in typed] or None), ""
    action = action_key(state, values.get("termination_kind"))
    defaults = default_bases(jurisdiction, action)
    if defaults:
        return [defaults[0].as_ref()], defaults[0].note
    return None, missing_basis_note(jurisdiction, action)


def _number(text: str, jurisdiction: Jurisdiction, today: date) -> str:
    parsed = parse_filing_number(text, max_year=today.year)
    if parsed.jurisdiction is not jurisdiction:
        raise InputError(
            f"备案编号{parsed}的地区代码{parsed.prefix}与管辖地“{jurisdiction.label_zh}”不符。"
        )
    return str(parsed)


def _column_for(exc: PolicybotError) -> str:
    text = exc.message_zh
    for name in ("统一社会信用代码", "机构名称", "专职人员数", "管辖地", "地区"):
        if name in text:
            return "所属地区" if name == "地区" else name
    return "机构信息"
