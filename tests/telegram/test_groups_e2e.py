"""A regulator asking in a Telegram group gets the public view there, the full one in private.

Emulator ↔ Application (polling) ↔ the real engine on the sample registry; no search index is
needed for filing status, so the engine runs without one.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot import texts
from bot.engine import build_engine
from bot.telegram.app import build_application
from tests.telegram.compat import EmulatorCompatRequest
from tests.telegram.emulator import Emulator, RecordingRequest, TelegramUser, bot_settings, new_token, running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]

REGULATOR = 880002
STRANGER = 3301
GROUP = -5301
SUSPENDED = "BT-2024-0002"


async def test_regulator_status_in_a_group_shows_only_the_public_view(
    emulator: Emulator, registry_db: str, tmp_path: Path
) -> None:
    settings = bot_settings(
        emulator, new_token(), database_url=registry_db, regulator_ids=str(REGULATOR), data_dir=tmp_path
    )
    application = build_application(
        settings, build_engine(settings), request=RecordingRequest(), get_updates_request=EmulatorCompatRequest()
    )
    async with httpx.AsyncClient(base_url=settings.telegram_api_base_url[:-4], timeout=10) as http:
        token = settings.telegram_bot_token
        in_group = TelegramUser(http, token, REGULATOR, chat_id=GROUP, chat_type="group")
        stranger = TelegramUser(http, token, STRANGER, chat_id=GROUP, chat_type="group")
        in_private = TelegramUser(http, token, REGULATOR)
        async with running_bot(application):
            await in_private.command(f"/status {SUSPENDED}")
            private = (await in_private.reply()).text
            await in_group.command(f"/status {SUSPENDED}")
            by_command = (await in_group.reply()).text
            await in_group.say(f"{SUSPENDED}备案状态", mention=True)
            by_mention = (await in_group.reply()).text
            await in_group.say("列出所有暂停的机构", mention=True)
            listing = (await in_group.reply()).text
            await stranger.say(f"{SUSPENDED}备案状态", mention=True)
            public = (await stranger.reply()).text

    assert "督导记录" in private and "变更记录" in private
    for text in (by_command, by_mention, listing):
        assert "督导记录" not in text and "变更记录" not in text and "tg:" not in text
        assert texts.GROUP_PUBLIC_VIEW in text
    assert SUSPENDED in by_command and SUSPENDED in by_mention and SUSPENDED not in listing
    assert "督导记录" not in public and texts.GROUP_PUBLIC_VIEW not in public
