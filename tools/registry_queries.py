"""Registry-wide lists for regulators: expiring soon, expired, suspended, terminated in a
period, or everything — filtered by jurisdiction, region and agency type, with counts.

Only regulators may list the registry. `require_regulator` runs before any query: for any
other role it writes a "refused" entry to the audit log in the caller's unit of work as a
durable entry (so the record survives the caller rolling back on the error) and raises
PermissionDeniedError.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlmodel import Session

from corpus.models import JURISDICTION_NAMES, Jurisdiction
from db.crud import current_ratings, list_filings, record_durable_audit
from db.enums import AgencyType, FilingState, FilingStatus, Rating, TerminationKind
from db.models import Agency, Filing
from db.reference import parse_jurisdiction, resolve_region
from db.rows import RowError, parse_date
from db.session import today_cn
from db.status import days_left, derive_status
from domain import Role
from errors import InputError, InvalidDateError, PermissionDeniedError

logger = logging.getLogger(__name__)
MAX_DAYS = 3650
TEXT_ROWS = 50


def parse_role(role: Role | str) -> Role:
    try:
        return Role(str(role))
    except ValueError:
        raise InputError(f"角色“{role}”无效,可选:applicant、staff、regulator。") from None


def log_refusal(
    *, session: Session, actor: str, role: Role | str, action: str, detail: str = ""
) -> None:
    """Record a refused request in the caller's unit of work as a durable audit entry: it is
    kept when the caller rolls back on the refusal's error, and it never waits on a second
    connection (on SQLite that one queued behind the turn's own write lock for 10 s)."""
    record_durable_audit(
        session=session,
        actor=actor,
        entity="permission",
        entity_id=action,
        action="refused",
        after={"role": str(role), "detail": detail[:200]},
    )


def require_regulator(
    *, session: Session, role: Role | str, actor: str, action: str, what_zh: str, detail: str = ""
) -> None:
    """PermissionDeniedError (logged) unless `role` is regulator."""
    if parse_role(role) is not Role.REGULATOR:
        log_refusal(session=session, actor=actor, role=role, action=action, detail=detail)
        raise PermissionDeniedError(
            f"抱歉,{what_zh}仅向主管部门(监管人员)开放。如需了解某家机构的备案状态,请输入机构名称或备案编号查询。"
        )


def parse_day(value: date | str, label: str) -> date:
    """A user-typed date for a query; InvalidDateError in Chinese."""
    if isinstance(value, date):
        return value
    try:
        return parse_date(value, label)
    except RowError as exc:
        raise InvalidDateError(str(exc)) from None


@dataclass(frozen=True)
class Filters:
    jurisdiction: Jurisdiction | None = None
    region: str | None = None
    agency_type: AgencyType | None = None

    @classmethod
    def parse(
        cls,
        jurisdiction: str | None = None,
        region: str | None = None,
        agency_type: str | None = None,
    ) -> Filters:
        where = parse_jurisdiction(jurisdiction) if jurisdiction else None
        place = resolve_region(region, where) if region else None
        kind = AgencyType.parse_label(agency_type, field="机构类型") if agency_type else None
        return cls(
            where or (place.jurisdiction if place else None), place.name if place else None, kind
        )

    def describe_zh(self) -> str:
        parts = [
            JURISDICTION_NAMES[self.jurisdiction] if self.jurisdiction else "",
            self.region or "",
            self.agency_type.label_zh if self.agency_type else "",
        ]
        return "·".join(p for p in parts if p) or "全部"


@dataclass(frozen=True)
class RegistryRow:
    filing_number: str
    agency_name: str
    agency_type: AgencyType
    jurisdiction: Jurisdiction
    region: str
    status: FilingStatus
    valid_until: date
    days_left: int
    state_changed_on: date | None
    state_reason: str | None
    termination_kind: TerminationKind | None = None
    rating_zh: str | None = None  # on a 红黑榜/白名单 list, the list the filing is on
    short_name: str | None = None  # what users call it ("林海职校"), shown beside the full name

    def line_zh(self) -> str:
        where = f"{JURISDICTION_NAMES[self.jurisdiction]}·{self.region}·{self.agency_type.label_zh}"
        name = f"{self.agency_name}「{self.short_name}」" if self.short_name else self.agency_name
        if self.status in (FilingStatus.SUSPENDED, FilingStatus.TERMINATED):
            when = f"{self.state_changed_on}起" if self.state_changed_on else ""
            # 责令/自愿/自动 told apart in the list: a regulator asks "哪家是被责令终止的".
            state = self.termination_kind.label_zh if self.termination_kind else self.status.label_zh
            line = f"{self.filing_number} {name}({where})【{state}】{when} {self.state_reason or ''}".rstrip()
            # A suspended filing still runs out ("最早到期的是哪家" of the suspended ones).
            line = f"{line}(有效期至{self.valid_until})" if self.status is FilingStatus.SUSPENDED else line
            return f"{line}({self.rating_zh})" if self.rating_zh else line
        left = f"剩余{self.days_left}天" if self.days_left >= 0 else f"已过期{-self.days_left}天"
        rated = f"({self.rating_zh})" if self.rating_zh else ""
        return f"{self.filing_number} {name}({where})有效期至{self.valid_until},{left}【{self.status.label_zh}】{rated}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "filing_number": self.filing_number,
            "agency_name": self.agency_name,
            "agency_type": self.agency_type.value,
            "agency_type_zh": self.agency_type.label_zh,
            "jurisdiction": self.jurisdiction.value,
            "region": self.region,
            "status": self.status.value,
            "status_zh": self.status.label_zh,
            "valid_until": self.valid_until.isoformat(),
            "days_left": self.days_left,
            "state_changed_on": self.state_changed_on.isoformat()
            if self.state_changed_on
            else None,
            "state_reason": self.state_reason,
            "termination_kind": self.termination_kind.value if self.termination_kind else None,
            "rating_zh": self.rating_zh,
            "short_name": self.short_name,
        }


@dataclass(frozen=True)
class RegistryList:
    title_zh: str
    filters: Filters
    rows: tuple[RegistryRow, ...]
    by_status: dict[str, int] = field(default_factory=dict)
    by_region: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.rows)

    def text_zh(self, *, counts_only: bool = False) -> str:
        lines = [f"{self.title_zh}(范围:{self.filters.describe_zh()}):共{self.total}条。"]
        for label, counts in (
            ("按状态", self.by_status),
            ("按地区", self.by_region),
            ("按类型", self.by_type),
        ):
            if counts:
                lines.append(f"{label}:" + "、".join(f"{k}{v}" for k, v in counts.items()))
        if not counts_only:
            lines += [row.line_zh() for row in self.rows[:TEXT_ROWS]]
            if self.total > TEXT_ROWS:
                lines.append(f"……另有{self.total - TEXT_ROWS}条,请缩小范围或使用 --json 查看全部。")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title_zh,
            "filters": {
                "jurisdiction": self.filters.jurisdiction.value
                if self.filters.jurisdiction
                else None,
                "region": self.filters.region,
                "agency_type": self.filters.agency_type.value if self.filters.agency_type else None,
            },
            "total": self.total,
            "by_status": self.by_status,
            "by_region": self.by_region,
            "by_type": self.by_type,
            "rows": [row.as_dict() for row in self.rows],
        }


def registry_row(filing: Filing, agency: Agency, today: date) -> RegistryRow:
    return RegistryRow(
        filing.filing_number,
        agency.name,
        agency.agency_type,
        agency.jurisdiction,
        agency.region,
        derive_status(filing.state, filing.valid_until, today),
        filing.valid_until,
        days_left(filing.valid_until, today),
        filing.state_changed_on,
        filing.state_reason,
        filing.termination_kind,
        short_name=agency.short_name,
    )


def filings_in(session: Session, filters: Filters, states: list[FilingState] | None) -> list[tuple[Filing, Agency]]:
    """The filings in scope, each with its agency."""
    return list_filings(
        session=session,
        states=states,
        jurisdiction=filters.jurisdiction.value if filters.jurisdiction else None,
        agency_type=filters.agency_type.value if filters.agency_type else None,
        region=filters.region,
    )


def collect_rows(
    session: Session, filters: Filters, states: list[FilingState] | None, today: date
) -> list[RegistryRow]:
    return [registry_row(filing, agency, today) for filing, agency in filings_in(session, filters, states)]


def registry_listing(title: str, filters: Filters, rows: list[RegistryRow]) -> RegistryList:
    def count(values: list[str]) -> dict[str, int]:
        return dict(Counter(values).most_common())

    return RegistryList(
        title,
        filters,
        tuple(rows),
        by_status=count([r.status.label_zh for r in rows]),
        by_region=count([r.region for r in rows]),
        by_type=count([r.agency_type.label_zh for r in rows]),
    )


def expiring_within(
    *,
    session: Session,
    role: Role | str,
    actor: str,
    days: int,
    filters: Filters | None = None,
    today: date | None = None,
) -> RegistryList:
    """Active filings whose validity ends within `days` days (today counts as 0)."""
    require_regulator(
        session=session,
        role=role,
        actor=actor,
        action="registry.expiring",
        what_zh="登记册到期清单",
    )
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"天数应在1到{MAX_DAYS}之间(填写的是{days})。")
    day = today or today_cn()
    rows = [
        r
        for r in collect_rows(session, filters or Filters(), [FilingState.ACTIVE], day)
        if 0 <= r.days_left <= days
    ]
    return registry_listing(f"{days}天内到期的备案", filters or Filters(), rows)


def expired_unrenewed(
    *,
    session: Session,
    role: Role | str,
    actor: str,
    filters: Filters | None = None,
    today: date | None = None,
) -> RegistryList:
    require_regulator(
        session=session, role=role, actor=actor, action="registry.expired", what_zh="登记册过期清单"
    )
    day = today or today_cn()
    rows = [
        r
        for r in collect_rows(session, filters or Filters(), [FilingState.ACTIVE], day)
        if r.days_left < 0
    ]
    return registry_listing("已过期未续期的备案", filters or Filters(), rows)


def suspended_filings(
    *,
    session: Session,
    role: Role | str,
    actor: str,
    filters: Filters | None = None,
    today: date | None = None,
) -> RegistryList:
    require_regulator(
        session=session,
        role=role,
        actor=actor,
        action="registry.suspended",
        what_zh="暂停(核查中)清单",
    )
    rows = collect_rows(session, filters or Filters(), [FilingState.SUSPENDED], today or today_cn())
    return registry_listing(
        "暂停(核查中)的备案",
        filters or Filters(),
        sorted(rows, key=lambda r: r.state_changed_on or r.valid_until),
    )


def terminated_between(
    *,
    session: Session,
    role: Role | str,
    actor: str,
    since: date | str | None,
    until: date | str,
    filters: Filters | None = None,
    today: date | None = None,
) -> RegistryList:
    """Filings terminated (any kind) with a state change date in [since, until]; with no
    `since`, every one terminated up to `until` (a regulator asking "哪些机构终止了" names no
    period, and a rolling year would drop older ones unsaid)."""
    require_regulator(
        session=session,
        role=role,
        actor=actor,
        action="registry.terminated",
        what_zh="终止备案清单",
    )
    start = parse_day(since, "开始日期") if since is not None else None
    end = parse_day(until, "结束日期")
    if start is not None and start > end:
        raise InvalidDateError(f"开始日期{start}晚于结束日期{end},请对调后再查。")
    if (start is not None and start.year < 2000) or end.year > (today or today_cn()).year + 10:
        raise InvalidDateError("查询期间超出合理范围(2000年至今后十年)。")
    rows = [
        r
        for r in collect_rows(
            session, filters or Filters(), [FilingState.TERMINATED], today or today_cn()
        )
        if r.state_changed_on is not None and (start is None or start <= r.state_changed_on) and r.state_changed_on <= end
    ]
    return registry_listing(
        f"{start}至{end}终止的备案" if start is not None else f"截至{end}终止的备案",
        filters or Filters(),
        sorted(rows, key=lambda r: r.state_changed_on or end),
    )


def rated_filings(
    *,
    session: Session,
    role: Role | str,
    actor: str,
    ratings: tuple[Rating, ...],
    filters: Filters | None = None,
    today: date | None = None,
) -> RegistryList:
    """Filings whose latest 红黑榜/白名单 rating (天津 第二十三条, 兵团 第二十一条) is one of
    `ratings`, whatever their state (a terminated 黑榜 filing is still on the list)."""
    require_regulator(
        session=session, role=role, actor=actor, action="registry.rated", what_zh="红黑榜/白名单清单"
    )
    filters, day = filters or Filters(), today or today_cn()
    pairs = filings_in(session, filters, None)
    rated = current_ratings(session=session, filing_ids=[filing.id for filing, _ in pairs if filing.id is not None])
    rows = [
        replace(registry_row(filing, agency, day), rating_zh=f"{record.rating.label_zh},{record.held_on}评定")
        for filing, agency in pairs
        if (record := rated.get(filing.id or 0)) is not None and record.rating in ratings
    ]
    title = "、".join(r.label_zh for r in ratings)
    return registry_listing(f"{title}的备案", filters, rows)


def registry_summary(
    *,
    session: Session,
    role: Role | str,
    actor: str,
    filters: Filters | None = None,
    today: date | None = None,
) -> RegistryList:
    """Every filing in scope, with counts by status, region and type."""
    require_regulator(
        session=session, role=role, actor=actor, action="registry.summary", what_zh="登记册统计"
    )
    rows = collect_rows(session, filters or Filters(), None, today or today_cn())
    return registry_listing("登记册统计", filters or Filters(), rows)
