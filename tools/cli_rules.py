"""Command line for the rule tools, for the `policybot` CLI.

    deadline JURISDICTION EVENT DATE        due date or window of an event
    renewal JURISDICTION --valid-until D    when must an agency apply for renewal
    eligibility JURISDICTION TYPE [--<field> value ...] [--profile JSON]
    checklist JURISDICTION PROCEDURE [--done id,id]
    events / procedures / types             what the tables cover, for menus
    check                                   every rule citation against the corpus

`app` holds them all. `deadline_app`, `eligibility_app` and `checklist_app` hold
one command each, shaped so `add_typer(x, name="deadline")` gives
`policybot deadline bingtuan renewal 2026-05-10` (no repeated command name).
Each command takes `--json`. Errors print their Chinese message and exit 2;
nothing here prints a traceback for bad input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from errors import InputError, PolicybotError
from tools.checklists import get_checklist, list_procedures, parse_done, progress, render_checklist
from tools.deadlines import compute_deadline, list_events, render_deadline, renewal_for_agency
from tools.eligibility import (
    applicant_types,
    evaluate_eligibility,
    questions_for,
    render_eligibility,
)
from tools.rules import check_citations, to_jsonable
from tools.workdays import parse_date

__all__ = ["app", "checklist_app", "deadline_app", "eligibility_app"]

app = typer.Typer(help="规则工具:期限计算、申报条件自查、办理清单。", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="输出 JSON。")]
Jurisdiction = Annotated[str, typer.Argument(help="地区:national、bingtuan、neimenggu、tianjin、zhejiang 或中文名。")]
T = TypeVar("T")


def _run(work: Callable[[], T]) -> T:
    """Run one command body; a PolicybotError becomes its Chinese message and exit code 2."""
    try:
        return work()
    except PolicybotError as exc:
        typer.echo(exc.message_zh, err=True)
        raise typer.Exit(2) from None


def _emit(data: object, text: str, as_json: bool) -> None:
    typer.echo(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2) if as_json else text)


def deadline(
    jurisdiction: Jurisdiction,
    event: Annotated[str, typer.Argument(help="事项代码或中文名,见 `events`。")],
    on: Annotated[str, typer.Argument(metavar="DATE", help="事项日期,如 2025-05-10。")],
    as_json: JsonFlag = False,
) -> None:
    """计算一个事项的截止日或时间窗口。"""
    answer = _run(lambda: compute_deadline(jurisdiction, event, parse_date(on)))
    _emit(answer, render_deadline(answer), as_json)


@app.command()
def renewal(
    jurisdiction: Jurisdiction,
    valid_until: Annotated[str | None, typer.Option(help="备案有效期届满日。")] = None,
    filed_on: Annotated[str | None, typer.Option(help="备案日期(无届满日时用于推算)。")] = None,
    today: Annotated[str | None, typer.Option(help="以哪天为“今天”,默认系统日期。")] = None,
    as_json: JsonFlag = False,
) -> None:
    """评价机构应在何时申请续期备案。"""

    def work() -> Any:
        return renewal_for_agency(
            jurisdiction,
            valid_until=parse_date(valid_until) if valid_until else None,
            filed_on=parse_date(filed_on) if filed_on else None,
            today=parse_date(today) if today else date.today(),
        )

    answer = _run(work)
    _emit(answer, render_deadline(answer), as_json)


def _profile_from(extra: list[str], profile_json: str | None) -> dict[str, object]:
    """Merge `--profile` (JSON text or @file) with `--field value` / `--field=value` pairs."""
    profile: dict[str, object] = {}
    if profile_json:
        text = profile_json
        if text.startswith("@"):
            try:
                text = Path(text[1:]).read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(f"无法读取档案文件 {text[1:]}:{exc.strerror}") from exc
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"--profile 不是有效的 JSON(第 {exc.lineno} 行第 {exc.colno} 列)。") from None
        except (ValueError, RecursionError):  # a 5,000-digit number, or arrays nested too deep
            raise InputError("--profile 无法读取:数字过长或嵌套过深,请按 `types` 列出的字段填写。") from None
        if not isinstance(loaded, dict):
            raise InputError("--profile 应为 JSON 对象,例如 {\"independent_legal_person\": true}")
        profile.update(loaded)
    tokens = iter(extra)
    for token in tokens:
        if not token.startswith("--") or len(token) == 2:
            raise InputError(f"无法理解参数“{token}”,请写成 --字段名 值。")
        name, sep, value = token[2:].partition("=")
        if not sep:
            following = next(tokens, None)
            if following is None:
                raise InputError(f"参数 --{name} 缺少值。")
            value = following
        profile[name.replace("-", "_")] = value
    return profile


def eligibility(
    ctx: typer.Context,
    jurisdiction: Jurisdiction,
    applicant_type: Annotated[str, typer.Argument(metavar="TYPE", help="申请人类型,见 `types`。")],
    profile: Annotated[str | None, typer.Option("--profile", help="JSON 对象或 @文件。")] = None,
    as_json: JsonFlag = False,
) -> None:
    """申报条件自查;字段用 --字段名 值 给出(见 `types`),未给出的视为未知。"""
    result = _run(lambda: evaluate_eligibility(
        jurisdiction, applicant_type, _profile_from(list(ctx.args), profile)))
    _emit(result, render_eligibility(result), as_json)


def checklist(
    jurisdiction: Jurisdiction,
    procedure: Annotated[str, typer.Argument(help="办理事项代码或中文名,见 `procedures`。")],
    done: Annotated[str, typer.Option("--done", help="已完成条目,逗号分隔(编号、序号或短编号)。")] = "",
    as_json: JsonFlag = False,
) -> None:
    """显示办理清单及进度,可导出为文本。"""

    def work() -> tuple[Any, set[str]]:
        found = get_checklist(jurisdiction, procedure)
        return found, parse_done(found, done)

    found, finished = _run(work)
    data = {"checklist": found, "done": sorted(finished), "progress": list(progress(found, finished))}
    _emit(data, render_checklist(found, finished), as_json)


@app.command()
def events(
    jurisdiction: Annotated[str | None, typer.Argument(help="地区,省略则全部。")] = None,
    as_json: JsonFlag = False,
) -> None:
    """列出可计算的期限事项。"""
    found = _run(lambda: list_events(jurisdiction))
    text = "\n".join(f"{e.jurisdiction}\t{e.event}\t{e.name_zh}(日期:{e.date_zh})" for e in found)
    _emit(found, text or "本库收录的该地区文件中没有评价机构相关的期限规定。", as_json)


@app.command()
def procedures(
    jurisdiction: Annotated[str | None, typer.Argument(help="地区,省略则全部。")] = None,
    as_json: JsonFlag = False,
) -> None:
    """列出有清单的办理事项。"""
    found = _run(lambda: list_procedures(jurisdiction))
    text = "\n".join("\t".join(row) for row in found)
    _emit(found, text or "本库收录的该地区文件中没有规定评价机构的办理程序。", as_json)


@app.command()
def types(
    jurisdiction: Jurisdiction,
    applicant_type: Annotated[str | None, typer.Argument(metavar="[TYPE]")] = None,
    as_json: JsonFlag = False,
) -> None:
    """列出申请人类型;给出类型时列出可填写的字段。"""
    if applicant_type is None:
        found: list[Any] = _run(lambda: applicant_types(jurisdiction))
        _emit(found, "\n".join(f"{code}\t{name}" for code, name in found), as_json)
        return
    questions = _run(lambda: questions_for(jurisdiction, applicant_type))
    lines = [f"--{q.field.replace('_', '-')}\t[{q.kind}]\t{q.prompt_zh}"
             + (f"\t可选:{'、'.join(v for v, _ in q.choices)}" if q.choices else "")
             for q in questions]
    _emit(questions, "\n".join(lines), as_json)


@app.command()
def check() -> None:
    """检查所有规则引文是否存在于原文中。"""
    problems = _run(check_citations)
    for problem in problems:
        typer.echo(problem, err=True)
    typer.echo(f"发现 {len(problems)} 处引文问题。" if problems else "所有规则引文均与原文一致。")
    if problems:
        raise typer.Exit(1)


class _CommandAsGroup(TyperGroup):
    """A group with no subcommands whose callback takes all arguments, like a plain command.

    `add_typer` always mounts a group; this one parses, invokes and shows its usage
    through the plain-command base class (next after TyperGroup in the MRO), so a
    mounted one-command app needs no repeated name and keeps free `--field value` pairs.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super(TyperGroup, self).parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        return super(TyperGroup, self).invoke(ctx)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return super(TyperGroup, self).collect_usage_pieces(ctx)


_FREE_FIELDS = {"allow_extra_args": True, "ignore_unknown_options": True}


def _one_command_app(func: Callable[..., None], **context_settings: Any) -> typer.Typer:
    single = typer.Typer(cls=_CommandAsGroup, help=func.__doc__)
    single.callback(
        invoke_without_command=True,
        context_settings={"allow_interspersed_args": True, **context_settings},
    )(func)
    return single


app.command()(deadline)
app.command(context_settings=_FREE_FIELDS)(eligibility)
app.command()(checklist)
deadline_app = _one_command_app(deadline)
eligibility_app = _one_command_app(eligibility, **_FREE_FIELDS)
checklist_app = _one_command_app(checklist)


if __name__ == "__main__":
    app()
