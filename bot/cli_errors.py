"""Run the `policybot` Typer app so that every usage error is Chinese and nothing prints a traceback.

Click writes its own usage errors in English ("No such option: -1", "Invalid value for
'--k'"). `run_app` runs the app in non-standalone mode, translates each click exception
into a Chinese line on stderr with a pointer to `--help`, and keeps click's exit codes
(2 for usage, 1 for an abort). An exception nobody handled becomes one Chinese line with
its class name (the traceback goes to the debug log), never a traceback on the terminal.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import typer
from typer._click import exceptions as click  # typer 0.29 vendors click; its errors live here

from retrieval.textnorm import replace_surrogates

__all__ = ["run_app", "usage_error_zh"]

log = logging.getLogger("policybot")
INTERNAL_ERROR_ZH = "内部错误,命令未完成"

_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)")
_NO_COMMAND = re.compile(r"No such command '(?P<name>.*)'")


def _hint(exc: click.ClickException) -> str:
    ctx = getattr(exc, "ctx", None)
    return f"用 `{ctx.command_path} --help` 查看用法。" if ctx is not None else "用 `policybot --help` 查看用法。"


def _param_name(exc: click.BadParameter) -> str:
    if exc.param_hint:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    param = exc.param
    opts = getattr(param, "opts", None) or [getattr(param, "name", None) or "参数"]
    return str(opts[0])


_ONE_OF = re.compile(r"is not one of (?P<values>.*?)\.?$")


def _expected(exc: click.BadParameter) -> str:
    """What the parameter accepts, in Chinese, from its declared range or click's message."""
    low, high = getattr(exc.param, "min", None), getattr(exc.param, "max", None)
    message = exc.format_message()
    if m := _ONE_OF.search(message):
        return "可选值:" + "、".join(v.strip(" '\"") for v in m["values"].split(","))
    if "integer" in message:
        bounds = f"(不小于 {low}" + (f"、不大于 {high}" if high is not None else "") + ")" if low is not None else ""
        return f"应为整数{bounds}"
    if low is not None or high is not None:
        parts = [f"不小于 {low}" if low is not None else "", f"不大于 {high}" if high is not None else ""]
        return "应" + "、".join(p for p in parts if p)
    if "number" in message or "float" in message:
        return "应为数字"
    return "格式不对"


def usage_error_zh(exc: click.ClickException) -> str:
    """One Chinese line for a click error (the value the user typed is quoted as is)."""
    if isinstance(exc, click.NoSuchOption):
        similar = f",您是不是想用 {'、'.join(exc.possibilities)}" if exc.possibilities else ""
        return f"无法识别选项“{exc.option_name}”{similar}(负数或以 - 开头的值请写在 -- 之后)。{_hint(exc)}"
    if isinstance(exc, click.MissingParameter):
        return f"缺少参数 {_param_name(exc)}。{_hint(exc)}"
    if isinstance(exc, click.BadParameter):
        return f"参数 {_param_name(exc)} 的值无效,{_expected(exc)}。{_hint(exc)}"
    if isinstance(exc, click.BadOptionUsage):
        return f"选项“{exc.option_name}”用法有误(可能缺少取值)。{_hint(exc)}"
    message = exc.format_message()
    if m := _EXTRA.search(message):
        return f"多余的参数:{m['args']}。{_hint(exc)}"
    if m := _NO_COMMAND.search(message):
        return f"没有命令“{m['name']}”。{_hint(exc)}"
    if isinstance(exc, click.FileError):
        return f"无法打开文件“{exc.ui_filename}”。"
    if isinstance(exc, click.UsageError):
        return f"命令行用法有误。{_hint(exc)}"
    return f"命令未完成:{exc.__class__.__name__}。"


def run_app(app: typer.Typer, args: list[str], prog_name: str) -> None:
    """Run `app` with `args` and exit with its code; see the module docstring."""
    # Undecodable bytes in argv arrive as lone surrogates (surrogateescape); nothing downstream
    # can print or store them, so they become U+FFFD like chat text does.
    args = [replace_surrogates(a) for a in args]
    try:
        result: Any = app(args=args, prog_name=prog_name, standalone_mode=False)
    except click.ClickException as exc:
        if isinstance(exc, click.NoArgsIsHelpError):  # the help on stdout, what is missing on stderr
            typer.echo(exc.ctx.get_help() if exc.ctx else "")
            typer.echo("请给出子命令或参数,用法见上。", err=True)
        else:
            typer.echo(usage_error_zh(exc), err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("已取消。", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # the last net: a bug must not show users a traceback
        log.debug("policybot %s failed", " ".join(args)[:200], exc_info=True)
        typer.echo(f"{INTERNAL_ERROR_ZH}({exc.__class__.__name__})。请检查输入,或设置 LOG_LEVEL=DEBUG 查看详情。", err=True)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) and not isinstance(result, bool) else 0)
