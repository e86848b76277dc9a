"""`policybot status <query>` and `policybot registry ...` on the command line.

bot/cli.py mounts `status_app` as `status` and `registry_app` as `registry`. `--json` prints the same data the LangChain tools return as their
artifact. The CLI is run by someone with access to the database, but the role checks
still apply: `status` answers as an applicant unless `--role regulator`, and `registry`
defaults to regulator (`--role applicant` shows, and logs, the refusal).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer

from db.cli import default_actor, run_or_exit
from db.session import session_scope
from domain import Role
from tools.filing_status import audit_history, filing_status
from tools.registry_queries import (
    Filters,
    expired_unrenewed,
    expiring_within,
    parse_day,
    registry_summary,
    suspended_filings,
    terminated_between,
)

# `status_app` and `registry_app` are mounted by bot/cli.py as `status` and `registry`.
status_app = typer.Typer(
    help="查询评价机构备案状态。", context_settings={"allow_interspersed_args": True}
)
registry_app = typer.Typer(help="(监管人员)登记册清单与统计。", no_args_is_help=True)

RoleOption = Annotated[Role, typer.Option("--role", help="以哪个角色查询")]
JsonOption = Annotated[bool, typer.Option("--json", help="输出 JSON")]
TodayOption = Annotated[
    str | None, typer.Option("--today", help="以某天为“今天”(YYYY-MM-DD),用于核对")
]
RegionOption = Annotated[
    str | None, typer.Option("--region", help="师市/盟市/区,如 第八师、包头市")
]
TypeOption = Annotated[str | None, typer.Option("--type", help="机构类型,如 用人单位")]
JurisdictionOption = Annotated[
    str | None, typer.Option("--jurisdiction", help="兵团、内蒙古或天津")
]


def _today(value: str | None) -> date | None:
    return parse_day(value, "--today") if value else None


def _emit(result: Any, as_json: bool, **text_options: Any) -> None:
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo(result.text_zh(**text_options))


def _query(call: Callable[[Any], Any], as_json: bool, **text_options: Any) -> None:
    def action() -> None:
        with session_scope() as session:
            _emit(call(session), as_json, **text_options)

    run_or_exit(action)


def _status(query: list[str], role: Role, as_json: bool, today: str | None) -> None:
    text = " ".join(query)
    _query(
        lambda s: filing_status(
            session=s, query=text, role=role, actor=default_actor(), today=_today(today)
        ),
        as_json,
    )


@status_app.callback(invoke_without_command=True)
def status_command(
    query: Annotated[list[str], typer.Argument(help="备案编号、统一社会信用代码或机构名称")],
    role: RoleOption = Role.APPLICANT,
    as_json: JsonOption = False,
    today: TodayOption = None,
) -> None:
    """查询评价机构的备案状态:policybot status 金穗农机"""
    _status(query, role, as_json, today)


@registry_app.command("history")
def history_command(
    query: Annotated[list[str], typer.Argument(help="备案编号、统一社会信用代码或机构名称")],
    role: RoleOption = Role.REGULATOR,
    as_json: JsonOption = False,
) -> None:
    """一家机构的全部变更记录(审计日志)。"""
    text = " ".join(query)
    _query(
        lambda s: audit_history(session=s, query=text, role=role, actor=default_actor()), as_json
    )


def _listing(
    query: Any,
    role: Role,
    as_json: bool,
    today: str | None,
    filters: tuple[str | None, str | None, str | None],
    *,
    counts_only: bool = False,
    **extra: Any,
) -> None:
    """Run one regulator list with the options every list command shares."""
    _query(
        lambda s: query(
            session=s,
            role=role,
            actor=default_actor(),
            today=_today(today),
            filters=Filters.parse(*filters),
            **extra,
        ),
        as_json,
        counts_only=counts_only,
    )


@registry_app.command("expiring")
def expiring_command(
    days: Annotated[int, typer.Option("--days", help="多少天内到期")] = 90,
    region: RegionOption = None,
    agency_type: TypeOption = None,
    jurisdiction: JurisdictionOption = None,
    role: RoleOption = Role.REGULATOR,
    as_json: JsonOption = False,
    today: TodayOption = None,
) -> None:
    """N 天内到期的有效备案。"""
    _listing(expiring_within, role, as_json, today, (jurisdiction, region, agency_type), days=days)


def _plain_list(name: str, query: Callable[..., Any], help_zh: str, *, counts_only: bool = False) -> None:
    """Register a list command that takes only the options every list shares."""

    def command(
        region: RegionOption = None,
        agency_type: TypeOption = None,
        jurisdiction: JurisdictionOption = None,
        role: RoleOption = Role.REGULATOR,
        as_json: JsonOption = False,
        today: TodayOption = None,
    ) -> None:
        _listing(query, role, as_json, today, (jurisdiction, region, agency_type), counts_only=counts_only)

    command.__doc__ = help_zh
    registry_app.command(name)(command)


_plain_list("expired", expired_unrenewed, "已过期未续期的备案。")
_plain_list("suspended", suspended_filings, "暂停(核查中)的备案。")


@registry_app.command("terminated")
def terminated_command(
    since: Annotated[str, typer.Option("--since", help="开始日期,如 2026-01-01")],
    until: Annotated[str, typer.Option("--until", help="结束日期,如 2026-12-31")],
    region: RegionOption = None,
    agency_type: TypeOption = None,
    jurisdiction: JurisdictionOption = None,
    role: RoleOption = Role.REGULATOR,
    as_json: JsonOption = False,
    today: TodayOption = None,
) -> None:
    """某期间内终止的备案(自愿、自动、责令)。"""
    _listing(
        terminated_between,
        role,
        as_json,
        today,
        (jurisdiction, region, agency_type),
        since=since,
        until=until,
    )


_plain_list("summary", registry_summary, "按状态、地区、类型统计备案数量。", counts_only=True)
