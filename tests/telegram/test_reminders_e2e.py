"""A reminder end to end through the Telegram emulator: linked staff press "提醒我续期" under
their own /status, the sender (what `policybot reminders run --once` runs, with its clock set
to the day the reminder is due) pushes it through the Bot API, it arrives in the chat with its
checklist button, and pressing that button shows the renewal checklist."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.engine import build_engine
from bot.telegram.app import build_application
from bot.telegram.push import telegram_sender
from config import Settings
from tests.telegram.compat import EmulatorCompatRequest
from tests.telegram.emulator import (
    BotMessage,
    Emulator,
    TelegramUser,
    bot_settings,
    new_token,
    running_bot,
)
from tools.reminder_sender import RunReport, run_once

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]

REGULATOR, STAFF = 881001, 881002
FILING = "BT-2024-0004"  # 示例 兵团, valid until 2027-03-20: last day to apply 2026-12-20
SEVEN_DAYS_BEFORE = date(2026, 12, 13)


@pytest.fixture
def settings(emulator: Emulator, policy_data: dict[str, Any], registry_db: str) -> Settings:
    return bot_settings(
        emulator, new_token(), database_url=registry_db, regulator_ids=str(REGULATOR), **policy_data
    )


@asynccontextmanager
async def chat(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The bot polling the emulator, and an HTTP client for the people in the chat."""
    application = build_application(
        settings,
        build_engine(settings),
        request=EmulatorCompatRequest(connection_pool_size=16),
        get_updates_request=EmulatorCompatRequest(),
    )
    async with running_bot(application), httpx.AsyncClient(
        base_url=settings.telegram_api_base_url[:-4], timeout=10
    ) as http:
        yield http


async def with_button(person: TelegramUser, label: str) -> BotMessage:
    """The next bot message carrying a button labelled `label` (a long reply may come in parts)."""
    for _ in range(5):
        message = await person.reply()
        if any(label in text for text in message.labels):
            return message
    raise AssertionError(f"no message with a {label!r} button")


def send_due(settings: Settings, moment: datetime) -> RunReport:
    """One sender pass at `moment`, as `policybot reminders run --once` makes it."""
    send = telegram_sender(settings.telegram_bot_token, settings.telegram_api_base_url)
    clock = {"t": moment}

    def sleep(seconds: float) -> None:
        clock["t"] += timedelta(seconds=seconds)

    return run_once(settings.effective_database_url, send, now=lambda: clock["t"], sleep=sleep)


async def test_a_due_reminder_arrives_and_its_checklist_button_works(settings: Settings) -> None:
    async with chat(settings) as http:
        regulator = TelegramUser(http, settings.telegram_bot_token, REGULATOR)
        staff = TelegramUser(http, settings.telegram_bot_token, STAFF)
        await regulator.command(f"/linkcode {FILING}")
        code = re.search(r"绑定码:([A-Z0-9]{8})", (await regulator.reply()).text)
        assert code is not None
        await staff.command(f"/link {code.group(1)}")
        assert "绑定成功" in (await staff.reply()).text
        await staff.command("/status")
        status = await with_button(staff, "提醒我续期")
        await staff.press(status, status.button("提醒我续期"))
        assert f"已为您开启备案 {FILING} 的续期提醒" in (await staff.reply()).text

        nine = datetime(2026, 12, 13, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        report = await asyncio.to_thread(send_due, settings, nine)
        assert report.sent == 1  # the sample's 示例 subscribers are no Telegram chats: not sent
        reminder = await with_button(staff, "续期材料清单")
        assert FILING in reminder.text and "还有7天" in reminder.text
        assert reminder.chat_id == STAFF
        again = await asyncio.to_thread(send_due, settings, nine + timedelta(hours=1))
        assert again.sent == 0 and await staff.quiet(0.3) == []  # never twice

        await staff.press(reminder, reminder.button("续期材料清单"))
        checklist = await with_button(staff, "☐ 1")
        assert "续期备案" in checklist.text and "兵团" in checklist.text
        await staff.press(checklist, checklist.button("☐ 1"))
        assert "☑ 1" in (await edited(staff, checklist.message_id, "☑ 1")).labels  # edited in place


async def edited(person: TelegramUser, message_id: int, label: str, polls: int = 100) -> BotMessage:
    """The message once an edit gave it a button labelled `label` (polled, at most ~5 s)."""
    for _ in range(polls):
        current = await person.current(message_id)
        if label in current.labels:
            return current
        await asyncio.sleep(0.05)
    return current
