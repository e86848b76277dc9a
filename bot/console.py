"""The console channel and the `ask`/`chat`/`run` commands: thin layers over the engine.

Buttons are shown as #1, #2 … in reading order (row by row, left to right); typing `#N`
presses the N-th. A bare number is text, so "2" answers "有几名命题专家?" instead of
pressing 取消. The same `#N` works in `policybot ask - --conversation`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

import typer

from bot.cli_io import fail, stdin_lines
from bot.messages import Intent, Reply, Role, UserInput

CONSOLE_USER = "console:local"
BUTTON_MARK = "#"
_BUTTON_PRESS = re.compile(r"[##]\s*(\d{1,3})")  # half- or full-width #


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


def reply_contract(reply: Reply) -> dict[str, object]:
    """The stable `ask --json` shape; add fields, never rename. `buttons` are the labels in
    reading order, so `#N` in a conversation presses `buttons[N-1]`."""
    return {
        "answer": reply.text,
        "intent": reply.intent.value,
        "covered": reply.covered,
        "citations": [hit.as_contract() for hit in reply.citations],
        "buttons": button_labels(reply),
    }


MAX_QUESTION_CHARS = 4096  # Telegram's message limit: no channel can send a longer question
MAX_USER_ID_CHARS = 40
RoleOption = Annotated[
    Role | None,
    typer.Option("--role", case_sensitive=False, help="身份:applicant(申请人)/staff(机构人员)/regulator(监管);本地操作工具,按所填身份回答"),
]
UserOption = Annotated[
    str | None,
    typer.Option("--user", help="用户标识:同一标识的多次调用接着同一对话(状态存于数据库)"),
]


def ask(
    question: Annotated[str, typer.Argument(help="问题;用 - 从标准输入逐行读取")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON(稳定接口)")] = False,
    conversation: Annotated[
        bool,
        typer.Option("--conversation", help="各行是同一用户的一次对话;“#N”按下上一条回复的第 N 个按钮"),
    ] = False,
    role: RoleOption = None,
    user: UserOption = None,
) -> None:
    """一问一答(与聊天同一引擎)。默认每行都是全新对话;--conversation 或 --user 时各行属于同一用户。"""

    if question != "-":
        problem = question_problem(question)
        if problem:
            fail(problem)
    user_id = cli_user_id(user) if user is not None else None
    engine = open_engine()
    questions = stdin_lines() if question == "-" else [question]
    for reply in converse(engine, questions, user_id=user_id, role=role, conversation=conversation):
        if question != "-" and NO_SUCH_BUTTON in reply.notes:
            fail(reply.text)
        if as_json:
            typer.echo(json.dumps(reply_contract(reply), ensure_ascii=False))
        else:
            print_reply(reply)


NO_SUCH_BUTTON = "no_such_button"


def converse(
    engine: Any, lines: Iterable[str], *, user_id: str | None = None, role: Role | None = None,
    conversation: bool = False,
) -> Iterator[Reply]:
    """One reply per line, as `policybot ask` gives them (benchmarks use this too).

    Without a user and outside a conversation each line is a fresh user: no stored region,
    no dialogue carried over. In a conversation, `#N` presses the N-th button of the
    previous reply; a `#N` with no such button gets a reply saying so (noted
    NO_SUCH_BUTTON) and presses nothing.
    """
    if conversation and user_id is None:
        user_id = f"ask:{uuid.uuid4().hex[:12]}"
    choices: list[str] = []
    for line in lines:
        who = user_id or f"ask:{uuid.uuid4().hex[:12]}"
        message = _ask_message(line, choices, who, role, conversation)
        if message is None:
            yield Reply(no_such_button(line, choices), Intent.HELP, covered=False, notes=(NO_SUCH_BUTTON,))
            continue
        reply = engine.handle(message)
        choices = button_payloads(reply)
        yield reply


def _ask_message(line: str, choices: list[str], user_id: str, role: Role | None, conversation: bool) -> UserInput | None:
    """In a conversation `#N` presses a button of the previous reply; any other line is text."""
    if conversation:
        pressed = pressed_button(line, choices)
        if pressed is False:
            return None
        if pressed is not None:
            return UserInput(user_id=user_id, callback=pressed, role=role)
    return UserInput(user_id=user_id, text=line, role=role)


def question_problem(question: str) -> str | None:
    """A Chinese message for a question given as an argument that cannot be asked."""
    if not question.strip():
        return "问题不能为空:请在 policybot ask 后写上问题,或用 - 从标准输入逐行读取。"
    if len(question) > MAX_QUESTION_CHARS:
        return f"问题太长({len(question)}个字符),请精简到{MAX_QUESTION_CHARS}个字符以内。"
    return None


def cli_user_id(user: str) -> str:
    """`--user ID` as a channel-qualified id ("cli:ID"), so it never names a Telegram user."""

    value = user.strip()
    if not value or len(value) > MAX_USER_ID_CHARS or any(ch.isspace() for ch in value):
        fail(f"用户标识“{user}”无效:应为1至{MAX_USER_ID_CHARS}个字符,不含空格。")
    return f"cli:{value}"


def print_reply(reply: Reply, console: Any = None) -> list[str]:
    """Render for a terminal; returns the payloads of the numbered choices."""
    from rich.console import Console  # noqa: PLC0415
    from rich.markup import escape  # noqa: PLC0415

    console = console or Console()
    # soft_wrap: let the terminal wrap Chinese text; rich would break lines at the first space
    console.print(reply.text, markup=False, highlight=False, soft_wrap=True)
    for hit in reply.citations:
        console.print(f"\n[bold cyan]{hit.citation}[/bold cyan]", soft_wrap=True)
        console.print(hit.text, markup=False, highlight=False, style="dim", soft_wrap=True)
    payloads = button_payloads(reply)
    for number, label in enumerate(button_labels(reply), start=1):
        console.print(f"  [bold]{BUTTON_MARK}{number}[/bold] {escape(label)}", highlight=False)
    return payloads


def button_labels(reply: Reply) -> list[str]:
    """The labels of a reply's buttons in reading order: the `#N` numbering."""
    return [button.label for row in reply.buttons for button in row]


def button_payloads(reply: Reply) -> list[str]:
    return [button.payload for row in reply.buttons for button in row]


def pressed_button(text: str, choices: list[str]) -> str | None | Literal[False]:
    """`#N` → the N-th payload; None when `text` is not `#N`; False for `#N` with no such button."""
    match = _BUTTON_PRESS.fullmatch(text.strip())
    if match is None:
        return None
    number = int(match.group(1))
    return choices[number - 1] if 1 <= number <= len(choices) else False


def chat(role: RoleOption = None, user: UserOption = None) -> None:
    """在终端里聊天(与 Telegram 同一引擎);输入 #编号 按下对应按钮,exit 退出。"""
    from rich.console import Console  # noqa: PLC0415

    console = Console()
    user_id = cli_user_id(user) if user is not None else CONSOLE_USER
    engine = open_engine()
    start = UserInput(user_id=user_id, command="start", role=role)
    console.print(engine.handle(start).text, highlight=False)
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
        message = console_message(text, choices, user_id, role)
        if message is None:
            console.print(no_such_button(text, choices), highlight=False)
            continue
        choices = print_reply(engine.handle(message), console)


def console_message(
    text: str, choices: list[str], user_id: str = CONSOLE_USER, role: Role | None = None
) -> UserInput | None:
    """What a typed line means: `#N` presses a button, `/cmd` is a command, anything else
    (a bare number too) is text. None: `#N` names no button of the last reply."""
    pressed = pressed_button(text, choices)
    if pressed is False:
        return None
    if pressed is not None:
        return UserInput(user_id=user_id, callback=pressed, role=role)
    if text.startswith("/"):
        name, _, rest = text[1:].partition(" ")
        return UserInput(user_id=user_id, command=name.split("@")[0].lower(), text=rest.strip(), role=role)
    return UserInput(user_id=user_id, text=text, role=role)


def no_such_button(text: str, choices: list[str]) -> str:
    if not choices:
        return f"上一条回复没有按钮,“{text.strip()}”无法按下(按钮编号只对本次会话中的上一条回复有效)。"
    return f"没有按钮{text.strip()}:上一条回复的按钮为 #1 至 #{len(choices)}。"


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
