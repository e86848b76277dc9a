"""The Telegram push of reminders: Bot API answers mapped to sent / blocked / retry / give up,
checked against an in-process HTTP transport that answers as the Bot API does."""

from __future__ import annotations

import json

import httpx

from bot.telegram.push import telegram_sender
from tools.reminder_sender import SendOutcome

BASE = "https://api.telegram.org/bot"


def sender(status: int, body: dict[str, object], seen: list[httpx.Request]) -> object:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json=body)

    return telegram_sender("123:ABC", BASE, httpx.Client(transport=httpx.MockTransport(answer)))


def test_bot_api_answers_map_to_outcomes() -> None:
    seen: list[httpx.Request] = []
    ok = sender(200, {"ok": True, "result": {"message_id": 1}}, seen)("tg:42", "提醒")
    assert ok.outcome is SendOutcome.OK
    assert str(seen[0].url) == f"{BASE}123:ABC/sendMessage"
    assert json.loads(seen[0].content) == {"chat_id": 42, "text": "提醒"}
    blocked = sender(403, {"ok": False, "description": "Forbidden: bot was blocked by the user"}, seen)("tg:42", "x")
    assert blocked.outcome is SendOutcome.BLOCKED
    limited = sender(429, {"ok": False, "parameters": {"retry_after": 7}}, seen)("tg:42", "x")
    assert limited.outcome is SendOutcome.RETRY and limited.retry_after == 7
    assert sender(502, {}, seen)("tg:42", "x").outcome is SendOutcome.RETRY
    assert sender(400, {"ok": False, "description": "chat not found"}, seen)("tg:42", "x").outcome is SendOutcome.PERMANENT


def test_users_of_other_channels_are_not_sent_to() -> None:
    seen: list[httpx.Request] = []
    result = sender(200, {"ok": True}, seen)("示例:兵团机构联系人", "x")
    assert result.outcome is SendOutcome.PERMANENT and seen == []


def test_reminder_buttons_are_sent_as_the_engine_buttons_inline_keyboard() -> None:
    from bot.telegram.callbacks import EngineButton, decode
    from tools.reminders import ReminderButton

    seen: list[httpx.Request] = []
    rows = (
        (ReminderButton("续期材料清单", "checklist", ("bingtuan.renewal",)),),
        (ReminderButton("90天内到期(3)", "page", ("exp", "90", "bingtuan", "1")),
         ReminderButton("未知", "no-such-action", ())),
    )
    result = sender(200, {"ok": True, "result": {"message_id": 1}}, seen)("tg:42", "提醒", buttons=rows)
    assert result.outcome is SendOutcome.OK
    markup = json.loads(seen[0].content)["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in markup] == [["续期材料清单"], ["90天内到期(3)"]]
    assert [decode(b["callback_data"]) for row in markup for b in row] == [
        EngineButton("rm:c:bingtuan.renewal"),
        EngineButton("pg:exp:90:bingtuan:1"),
    ]
    sender(200, {"ok": True}, seen)("tg:42", "提醒", buttons=((ReminderButton("x", "no-such-action"),),))
    assert "reply_markup" not in json.loads(seen[1].content)  # nothing sendable: plain text
