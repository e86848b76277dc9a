"""Regulator queries, the role check with its logged refusal, the LangChain tools and the CLI,
all on the sample registry in a real database."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import typer
from langchain_core.messages import ToolMessage
from pydantic import BaseModel
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.messages import Role
from db.enums import FilingStatus
from db.models import AuditEntry, Filing
from db.session import get_engine, session_scope
from db.status import derive_status
from errors import InputError, InvalidDateError, PermissionDeniedError
from tests.db_fixtures import TODAY
from tools import cli_status
from tools.filing_status import AuditHistory, audit_history
from tools.filing_tools import FILING_TOOLS, filing_status_tool, registry_list_tool
from tools.registry_queries import (
    Filters,
    expired_unrenewed,
    expiring_within,
    registry_summary,
    suspended_filings,
    terminated_between,
)

REG: dict[str, Any] = {"role": Role.REGULATOR, "actor": "reg:1", "today": TODAY}


@pytest.fixture
def sample(sample_ro_url: str) -> Iterator[Session]:
    """Read-only use of the shared sample registry (regulator queries write nothing)."""
    with Session(get_engine(sample_ro_url), expire_on_commit=False) as s:
        yield s


def _statuses(session: Session) -> dict[str, FilingStatus]:
    return {
        f.filing_number: derive_status(f.state, f.valid_until, TODAY)
        for f in session.exec(select(Filing))
    }


def _refusals(url: str) -> list[AuditEntry]:
    with session_scope(url) as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all())


def test_expiring_within_n_days_with_counts(sample: Session) -> None:
    listing = expiring_within(session=sample, days=60, **REG)
    expected = {
        n
        for n, f in ((f.filing_number, f) for f in sample.exec(select(Filing)))
        if f.state.value == "active" and 0 <= (f.valid_until - TODAY).days <= 60
    }
    assert {r.filing_number for r in listing.rows} == expected and expected
    assert sum(listing.by_region.values()) == listing.total == len(expected)
    assert [r.valid_until for r in listing.rows] == sorted(r.valid_until for r in listing.rows)
    assert f"共{listing.total}条" in listing.text_zh()
    wider = expiring_within(session=sample, days=90, **REG)
    assert wider.total >= listing.total
    with pytest.raises(InputError, match="天数应在1到3650之间"):
        expiring_within(session=sample, days=0, **REG)


def test_filters_by_jurisdiction_region_and_type(sample: Session) -> None:
    everything = registry_summary(session=sample, **REG)
    assert everything.total == 67
    assert everything.by_status == dict(Counter(s.label_zh for s in _statuses(sample).values()))
    assert sum(everything.by_type.values()) == sum(everything.by_region.values()) == 67
    tianjin = registry_summary(session=sample, filters=Filters.parse("天津"), **REG)
    assert tianjin.total == 23 and {r.jurisdiction.value for r in tianjin.rows} == {"tianjin"}
    eighth = registry_summary(session=sample, filters=Filters.parse(region="八师"), **REG)
    assert (
        eighth.filters.jurisdiction is not None and eighth.filters.jurisdiction.value == "bingtuan"
    )
    assert set(eighth.by_region) == {"第八师石河子市"} and eighth.total == 4
    employers = registry_summary(
        session=sample, filters=Filters.parse(agency_type="用人单位"), **REG
    )
    assert set(employers.by_type) == {"用人单位"}
    with pytest.raises(InputError, match="不在兵团的地区列表中"):
        Filters.parse("兵团", "包头市")


def test_suspended_expired_and_terminated_lists(sample: Session) -> None:
    statuses = _statuses(sample)
    suspended = suspended_filings(session=sample, **REG)
    assert {r.filing_number for r in suspended.rows} == {
        n for n, s in statuses.items() if s is FilingStatus.SUSPENDED
    }
    assert suspended.total == 6 and all(r.state_reason for r in suspended.rows)
    expired = expired_unrenewed(session=sample, **REG)
    assert {r.filing_number for r in expired.rows} == {
        n for n, s in statuses.items() if s is FilingStatus.EXPIRED
    }
    year = terminated_between(session=sample, since="2020-01-01", until=TODAY.isoformat(), **REG)
    assert year.total == sum(1 for s in statuses.values() if s is FilingStatus.TERMINATED) == 10
    assert all(r.state_changed_on is not None for r in year.rows)
    empty = terminated_between(session=sample, since="2021年1月1日", until="2021-06-30", **REG)
    assert empty.total == 0
    with pytest.raises(InvalidDateError, match="2月只有28天"):
        terminated_between(session=sample, since="2026-02-30", until="2026-03-01", **REG)
    with pytest.raises(InvalidDateError, match="晚于结束日期"):
        terminated_between(session=sample, since="2026-05-01", until="2026-03-01", **REG)


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.STAFF])
def test_non_regulators_are_refused_and_the_refusal_survives_the_rollback(
    sample_url: str, role: Role
) -> None:
    calls: list[Callable[[Session], object]] = [
        lambda s: expiring_within(session=s, role=role, actor="tg:7", days=30),
        lambda s: suspended_filings(session=s, role=role, actor="tg:7"),
        lambda s: terminated_between(
            session=s, role=role, actor="tg:7", since="2026-01-01", until="2026-12-31"
        ),
        lambda s: registry_summary(session=s, role=role, actor="tg:7"),
        lambda s: audit_history(session=s, query="金穗农机", role=role, actor="tg:7"),
    ]
    for call in calls:
        with (
            pytest.raises(PermissionDeniedError, match="仅向主管部门"),
            session_scope(sample_url) as s,
        ):
            call(s)
    refusals = _refusals(sample_url)
    assert len(refusals) == len(calls)
    assert {r.actor for r in refusals} == {"tg:7"} and all(
        r.after and r.after["role"] == role.value for r in refusals
    )
    assert {r.entity_id for r in refusals} >= {"registry.expiring", "agency.history"}


def test_audit_history_for_regulators(sample: Session) -> None:
    history = audit_history(session=sample, query="金穗农机", role=Role.REGULATOR, actor="reg:1")
    assert isinstance(history, AuditHistory)
    assert history.text_zh().startswith("示例五家渠金穗农机有限公司 的变更记录")
    assert {e.entity for e in history.entries} == {"agency", "filing"}


@pytest.mark.usefixtures("configured")
def test_langchain_tools_hide_caller_fields_and_return_artifacts() -> None:
    for t in FILING_TOOLS:
        schema = t.tool_call_schema
        assert isinstance(schema, type) and issubclass(schema, BaseModel)
        visible = schema.model_json_schema()["properties"]
        assert "role" not in visible and "user_id" not in visible
    message = filing_status_tool.invoke(
        {
            "type": "tool_call",
            "id": "1",
            "name": "filing_status",
            "args": {"query": "BT-2024-0001", "user_id": "tg:1", "role": "applicant"},
        }
    )
    assert isinstance(message, ToolMessage) and message.status == "success"
    assert message.artifact["answer"]["filing_number"] == "BT-2024-0001"
    assert "示例五家渠金穗农机有限公司" in message.content


def test_langchain_tool_errors_are_chinese_messages(configured: str) -> None:
    bad = filing_status_tool.invoke(
        {
            "type": "tool_call",
            "id": "2",
            "name": "filing_status",
            "args": {"query": "91659004847518462X", "user_id": "tg:1", "role": "applicant"},
        }
    )
    assert bad.status == "error" and "校验位不符" in bad.content and "Traceback" not in bad.content
    refused = registry_list_tool.invoke(
        {
            "type": "tool_call",
            "id": "3",
            "name": "registry_list",
            "args": {"kind": "terminated", "user_id": "tg:2", "role": "staff"},
        }
    )
    assert refused.status == "error" and "仅向主管部门" in refused.content
    assert [r.actor for r in _refusals(configured)] == ["tg:2"]
    allowed = registry_list_tool.invoke(
        {
            "type": "tool_call",
            "id": "4",
            "name": "registry_list",
            "args": {"kind": "suspended", "region": "八师", "user_id": "reg", "role": "regulator"},
        }
    )
    assert allowed.status == "success" and allowed.artifact["filters"]["region"] == "第八师石河子市"


@pytest.mark.usefixtures("configured")
def test_cli_status_and_registry() -> None:
    """Mounted the way bot/cli.py mounts them: `status` and `registry` sub-apps."""
    root = typer.Typer()
    root.add_typer(cli_status.status_app, name="status")
    root.add_typer(cli_status.registry_app, name="registry")
    runner = CliRunner()
    result = runner.invoke(root, ["status", "金穗农机", "--json", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["answer"]["status"] == "expiring" and data["answer"]["days_left"] > 0
    listing = runner.invoke(
        root, ["registry", "expiring", "--days", "60", "--today", TODAY.isoformat()]
    )
    assert listing.exit_code == 0 and "60天内到期的备案" in listing.output
    refused = runner.invoke(root, ["registry", "suspended", "--role", "applicant"])
    assert refused.exit_code == 1 and "仅向主管部门" in refused.output
    bad_date = runner.invoke(
        root, ["registry", "terminated", "--since", "2026-02-30", "--until", "2026-03-01"]
    )
    assert (
        bad_date.exit_code == 1
        and "2月只有28天" in bad_date.output
        and "Traceback" not in bad_date.output
    )
    ambiguous = runner.invoke(root, ["status", "天山"])
    assert ambiguous.exit_code == 0 and "请选择" in ambiguous.output
    summary = runner.invoke(root, ["registry", "summary", "--jurisdiction", "内蒙古", "--json"])
    assert json.loads(summary.output)["total"] == 22
    assert date.fromisoformat(data["answer"]["valid_until"]) > TODAY
