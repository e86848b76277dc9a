"""`policybot db ...`: migrate, seed the sample registry, import and export registry files.

Mounted by bot/cli.py as `app.add_typer(db.cli.app, name="db")`. Every failure prints a
Chinese message (an import lists each bad row by line number) and exits non-zero; nothing
is written unless the whole command succeeds.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError

from db.importer import export_registry, import_file
from db.migrate import current_revision, head_revision, upgrade
from db.seed import seed_sample
from db.session import get_engine, schema_error, session_scope
from errors import ImportValidationError, PolicybotError

app = typer.Typer(help="登记数据库:迁移、示例数据、导入导出。", no_args_is_help=True)
T = TypeVar("T")


def default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def run_or_exit(action: Callable[[], T]) -> T:
    """Run `action`; turn project and database errors into a Chinese message and exit 1."""
    try:
        return action()
    except ImportValidationError as exc:
        typer.echo(exc.message_zh, err=True)
        for problem in exc.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(1) from None
    except PolicybotError as exc:
        typer.echo(exc.message_zh, err=True)
        raise typer.Exit(1) from None
    except SQLAlchemyError as exc:
        known = schema_error(exc)
        typer.echo(
            known.message_zh if known else f"数据库错误,未写入任何数据:{exc.__class__.__name__}",
            err=True,
        )
        raise typer.Exit(1) from None


def _where() -> str:
    return get_engine().url.render_as_string(hide_password=True)


@app.command("upgrade")
def upgrade_command(revision: Annotated[str, typer.Option(help="目标版本")] = "head") -> None:
    """把数据库结构升级到最新版本(Alembic 迁移)。"""
    before = run_or_exit(lambda: current_revision())
    after = run_or_exit(lambda: upgrade(revision=revision))
    note = "已是最新" if before == after else f"{before or '空库'} → {after}"
    typer.echo(f"数据库 {_where()}:{note}(最新版本 {head_revision()})。")


def _parse_today(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PolicybotError(f"日期“{value}”无效,请写成 2026-11-22。") from None


@app.command("seed-sample")
def seed_command(
    no_shift: Annotated[
        bool, typer.Option("--no-shift", help="按文件原样载入日期,不随今天平移")
    ] = False,
    today: Annotated[str | None, typer.Option(help="以某天为“今天”载入(YYYY-MM-DD)")] = None,
) -> None:
    """载入示例登记册(示例机构,名称均以“示例”开头)。"""

    def action() -> str:
        with session_scope() as session:
            report = seed_sample(session=session, today=_parse_today(today), shift=not no_shift)
            return report.summary_zh()

    typer.echo(run_or_exit(action))


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help=".csv(UTF-8 或 GBK)或 .xlsx 文件")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只校验并报告变化,不写入")] = False,
    actor: Annotated[str | None, typer.Option(help="审计日志中的操作人")] = None,
) -> None:
    """导入登记册文件:先校验全部行,有任何错误则不写入;按备案编号更新或新增。"""

    def action() -> str:
        with session_scope() as session:
            report = import_file(
                session=session, path=file, actor=actor or default_actor(), dry_run=dry_run
            )
        lines = [("校验通过(试运行,未写入):" if dry_run else "导入成功:") + report.summary_zh()]
        lines += [f"  说明:{note}" for note in report.notes]
        return "\n".join(lines)

    typer.echo(run_or_exit(action))


@app.command("export")
def export_command(file: Annotated[Path, typer.Argument(help="导出为 .csv 或 .xlsx")]) -> None:
    """按导入格式导出整个登记册。"""

    def action() -> int:
        with session_scope() as session:
            return export_registry(session=session, path=file)

    count = run_or_exit(action)
    typer.echo(f"已导出{count}条备案到 {file}。")


@app.command("current")
def current_command() -> None:
    """显示数据库当前的结构版本。"""
    revision = run_or_exit(lambda: current_revision())
    typer.echo(f"数据库 {_where()}:当前版本 {revision or '未初始化'},最新版本 {head_revision()}。")
