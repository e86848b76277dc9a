"""The console channel and the `ask`/`chat`/`run` commands: thin layers over the engine.

Buttons are shown as numbered choices; typing the number presses the button.
"""

from __future__ import annotations

import json
import sys
import uuid
from typing import Annotated, Any

import typer

from bot.messages import Reply, UserInput

CONSOLE_USER = "console:local"


def ensure_database(url: str) -> None:
    """Bring the schema up to date so a fresh machine can chat at once."""
    from db.migrate import current_revision, head_revision, upgrade  # noqa: PLC0415

    if current_revision(url) != head_revision():
        upgrade(url)


def open_engine() -> Any:
    from bot.engine import build_engine  # noqa: PLC0415
    from config import get_settings  # noqa: PLC0415

    settings = get_settings()
    ensure_database(settings.effective_database_url)
    return build_engine(settings)


def stdin_lines() -> list[str]:
    """Standard input as lines; bytes that are not UTF-8 become U+FFFD instead of failing
    the whole batch."""
    return sys.stdin.buffer.read().decode("utf-8", errors="replace").splitlines()


def reply_contract(reply: Reply) -> dict[str, object]:
    """The stable `ask --json` shape; add fields, never rename."""
    return {
        "answer": reply.text,
        "intent": reply.intent.value,
        "covered": reply.covered,
        "citations": [hit.as_contract() for hit in reply.citations],
    }


def ask(
    question: Annotated[str, typer.Argument(help="问题;用 - 从标准输入逐行读取")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON(稳定接口)")] = False,
) -> None:
    """一问一答(与聊天同一引擎);每个问题都是全新对话,不带已保存的地区。"""
    engine = open_engine()
    questions = stdin_lines() if question == "-" else [question]
    for line in questions:
        # a fresh user per question: no stored region, no dialogue carried over
        reply = engine.handle(UserInput(user_id=f"ask:{uuid.uuid4().hex[:12]}", text=line))
        if as_json:
            typer.echo(json.dumps(reply_contract(reply), ensure_ascii=False))
        else:
            print_reply(reply)


def print_reply(reply: Reply, console: Any = None) -> list[str]:
    """Render for a terminal; returns the payloads of the numbered choices."""
    from rich.console import Console  # noqa: PLC0415

    console = console or Console()
    # soft_wrap: let the terminal wrap Chinese text; rich would break lines at the first space
    console.print(reply.text, markup=False, highlight=False, soft_wrap=True)
    for hit in reply.citations:
        console.print(f"\n[bold cyan]{hit.citation}[/bold cyan]", soft_wrap=True)
        console.print(hit.text, markup=False, highlight=False, style="dim", soft_wrap=True)
    payloads: list[str] = []
    for row in reply.buttons:
        for button in row:
            payloads.append(button.payload)
            console.print(f"  [bold]{len(payloads)}[/bold]. {button.label}", highlight=False)
    return payloads


def chat() -> None:
    """在终端里聊天(与 Telegram 同一引擎);输入编号即按下对应按钮,exit 退出。"""
    from rich.console import Console  # noqa: PLC0415

    console = Console()
    engine = open_engine()
    console.print(engine.handle(UserInput(user_id=CONSOLE_USER, command="start")).text, highlight=False)
    choices: list[str] = []
    while True:
        try:
            text = console.input("\n[bold green]您>[/bold green] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print("\n再见!")
            return
        if text.lower() in {"exit", "quit", "退出"}:
            console.print("再见!")
            return
        message = _console_message(text, choices)
        choices = print_reply(engine.handle(message), console)


def _console_message(text: str, choices: list[str]) -> UserInput:
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return UserInput(user_id=CONSOLE_USER, callback=choices[int(text) - 1])
    if text.startswith("/"):
        name, _, rest = text[1:].partition(" ")
        return UserInput(user_id=CONSOLE_USER, command=name.split("@")[0].lower(), text=rest.strip())
    return UserInput(user_id=CONSOLE_USER, text=text)


def run() -> None:
    """主任务:设置了 TELEGRAM_BOT_TOKEN 时启动 Telegram 机器人,否则启动终端聊天。"""
    from config import get_settings  # noqa: PLC0415

    settings = get_settings()
    if settings.telegram_enabled:
        typer.echo("已设置 TELEGRAM_BOT_TOKEN:启动 Telegram 机器人" + ("(webhook 模式)" if settings.webhook_url else "(长轮询模式)") + "。")
        from bot.telegram.app import main as telegram_main  # noqa: PLC0415

        ensure_database(settings.effective_database_url)
        telegram_main()
        return
    typer.echo("未设置 TELEGRAM_BOT_TOKEN:启动终端聊天(设置该变量后 make run 会启动 Telegram 机器人)。")
    chat()
