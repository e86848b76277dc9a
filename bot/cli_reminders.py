"""`policybot reminders …`: what is due on a day, send what is due now, subscribe a user.

Mounted by bot/cli.py (SUB_APPS) as `reminders`. `due --json` is a stable contract: an
array of `{user_id, kind, filing_number, due_date, text}`; fields may be added, never
renamed. A regulator digest is listed on Mondays with kind "digest" and filing_number null,
only for a subscriber in REGULATOR_IDS now. `run` sends through the Telegram Bot API when TELEGRAM_BOT_TOKEN is set, and
otherwise says so in Chinese and exits non-zero without touching the queue.
"""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer

from db.cli import run_or_exit
from db.session import session_scope, today_cn
from tools.registry_queries import parse_day

app = typer.Typer(help="到期提醒:查看某天应发的提醒、发送到期提醒、订阅。", no_args_is_help=True)


@app.command("due")
def due(
    today: Annotated[str | None, typer.Option("--today", help="以某天为“今天”(YYYY-MM-DD)")] = None,
    days: Annotated[int, typer.Option("--days", min=1, max=1100, help="连续列出多少天(默认1天)")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """列出某天(或自该天起若干天)应发送的提醒(只读,不发送)。"""
    from tools.reminder_plan import due_on  # noqa: PLC0415

    day = run_or_exit(lambda: parse_day(today, "--today")) if today else today_cn()

    def _read() -> list[dict[str, str]]:
        with session_scope() as session:
            return [item.as_dict() for item in due_on(session, day, days)]

    items = run_or_exit(_read)
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not items:
        typer.echo(f"{day.isoformat()} 起{days}天内没有应发送的提醒。" if days > 1 else f"{day.isoformat()} 没有应发送的提醒。")
    for item in items:
        typer.echo(f"— {item['user_id']} · {item['kind']} · {item['due_date']}\n{item['text']}\n")


@app.command("run")
def run(
    once: Annotated[bool, typer.Option("--once", help="只发送一轮当前到期的提醒后退出")] = False,
    interval: Annotated[int, typer.Option("--interval", min=10, help="持续运行时每轮间隔秒数")] = 60,
) -> None:
    """发送当前到期的提醒(经 Telegram Bot API)。"""
    from config import get_settings  # noqa: PLC0415

    settings = get_settings()
    if not settings.telegram_bot_token.strip():
        typer.echo("未设置 TELEGRAM_BOT_TOKEN,无法发送提醒。可先用 `policybot reminders due --today YYYY-MM-DD` 查看应发内容。", err=True)
        raise typer.Exit(1)
    from bot.telegram.push import telegram_sender  # noqa: PLC0415
    from tools.reminder_sender import run_once  # noqa: PLC0415

    send = telegram_sender(settings.telegram_bot_token.strip(), settings.telegram_api_base_url)
    while True:
        report = run_or_exit(lambda: run_once(None, send))
        typer.echo(report.summary_zh())
        if once:
            return
        time.sleep(interval)


@app.command("subscribe")
def subscribe_cmd(
    user_id: Annotated[str, typer.Argument(help="用户标识,如 tg:123456")],
    filing_number: Annotated[str, typer.Argument(help="备案编号")],
) -> None:
    """为用户订阅某一备案的到期与状态提醒。"""
    from tools.reminder_plan import subscribe_linked  # noqa: PLC0415

    def _write() -> str:
        with session_scope() as session:
            sub = subscribe_linked(session, user_id=user_id.strip(), filing_number=filing_number)
            return f"已为 {sub.user_id} 订阅备案 {sub.target} 的提醒(订阅号 {sub.id})。"

    typer.echo(run_or_exit(_write))


@app.command("cancel")
def cancel_cmd(
    user_id: Annotated[str, typer.Argument(help="用户标识,如 tg:123456")],
    subscription_id: Annotated[int | None, typer.Argument(help="订阅号;不填则须加 --all")] = None,
    everything: Annotated[bool, typer.Option("--all", help="取消该用户的全部订阅")] = False,
) -> None:
    """取消用户的一个或全部提醒订阅(未发送的提醒不再发送)。"""
    from db.reminder_subscriptions import cancel_all, cancel_subscription  # noqa: PLC0415
    from db.types import utcnow  # noqa: PLC0415

    if subscription_id is None and not everything:
        typer.echo("请给出订阅号,或加 --all 取消全部订阅。", err=True)
        raise typer.Exit(2)

    def _write() -> str:
        with session_scope() as session:
            if everything:
                count = cancel_all(session=session, user_id=user_id.strip(), now=utcnow())
                return f"已取消 {user_id} 的全部订阅,共{count}个。"
            assert subscription_id is not None
            if cancel_subscription(session=session, user_id=user_id.strip(), subscription_id=subscription_id, now=utcnow()):
                return f"已取消订阅 {subscription_id}。"
            return f"{user_id} 没有编号为 {subscription_id} 的有效订阅。"

    typer.echo(run_or_exit(_write))
