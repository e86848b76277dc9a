"""The channel's plumbing end to end, with an engine double: emulator ↔ Application ↔ engine.

These pin what the channel itself does (menu, splitting, paging, edits, stale
buttons, groups, errors, logging) independently of the real engine's wording;
test_e2e_engine.py drives the same Application over the real engine.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from bot.telegram.app import build_application
from bot.telegram.handlers import APOLOGY, NOT_YOURS, STALE_BUTTON
from bot.telegram.render import MAX_TEXT, utf16_len
from tests.telegram.compat import EmulatorCompatRequest
from tests.telegram.emulator import (
    Emulator,
    RecordingRequest,
    TelegramUser,
    bot_settings,
    new_token,
    running_bot,
)
from tests.telegram.fakes import FakeEngine

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]

REGULATOR = 900001


class Harness:
    def __init__(
        self,
        emulator: Emulator,
        token: str,
        engine: FakeEngine,
        request: RecordingRequest,
        http: httpx.AsyncClient,
    ) -> None:
        self.emulator, self.token, self.engine, self.request, self.http = (
            emulator,
            token,
            engine,
            request,
            http,
        )

    def user(self, user_id: int, **kwargs: Any) -> TelegramUser:
        return TelegramUser(self.http, self.token, user_id, **kwargs)


@asynccontextmanager
async def harness(emulator: Emulator) -> AsyncIterator[Harness]:
    token = new_token()
    engine = FakeEngine()
    request = RecordingRequest(connection_pool_size=16)
    settings = bot_settings(emulator, token, regulator_ids=str(REGULATOR))
    application = build_application(
        settings, engine, request=request, get_updates_request=EmulatorCompatRequest()
    )
    async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http:
        async with running_bot(application):
            yield Harness(emulator, token, engine, request, http)


async def test_start_and_command_menu(emulator: Emulator) -> None:
    async with harness(emulator) as h:
        alice = h.user(1001)
        await alice.command("/start")
        answer = await alice.reply()
        assert answer.text == "收到:/start &lt;tg:1001&gt;"  # engine text is escaped
        assert answer.raw["message"]["parse_mode"] == "HTML"
        menus = [p for m, p in h.request.stubbed_calls if m == "setMyCommands"]
        assert len(menus) == 2  # everyone, and the regulator's own chat
        public = {c["command"]: c["description"] for c in menus[0]["commands"]}
        assert "registry" not in public and "备案" in public["status"]
        assert {c["command"] for c in menus[1]["commands"]} >= {"registry", "linkcode"}
        assert menus[1]["scope"] == {"type": "chat", "chat_id": REGULATOR}
        call = h.engine.calls[0]
        assert (call.user_id, call.command, call.role) == ("tg:1001", "start", None)


async def test_checklist_tick_edits_the_message(emulator: Emulator) -> None:
    async with harness(emulator) as h:
        alice = h.user(1002)
        await alice.command("/checklist")
        checklist = await alice.reply()
        assert checklist.labels[1] == "☐ 营业执照"
        await alice.press(checklist, checklist.button("营业执照"))
        assert await alice.quiet(0.6) == []  # edited in place, nothing new
        edited = await alice.current(checklist.message_id)
        assert "☑ 营业执照" in edited.text and edited.labels[1] == "☑ 营业执照"
        assert h.request.answers() == [""]


async def test_long_answer_is_split_and_sources_open(emulator: Emulator) -> None:
    async with harness(emulator) as h:
        alice = h.user(1003)
        await alice.say("long")
        parts = await alice.replies(3)
        assert len(parts) == 3 and all(utf16_len(p.text) <= MAX_TEXT for p in parts)
        assert all(p.text.endswith("。") for p in parts[:-1])
        assert parts[-1].text.endswith("[1] 《内蒙古自治区职业技能等级认定实施办法》第十一条")
        assert parts[0].buttons == [] and parts[-1].labels == ["查看原文:内蒙古第十一条"]
        await alice.press(parts[-1], parts[-1].button("查看原文"))
        source = await alice.reply()
        assert "&lt;公开&gt;" in source.text
        assert h.engine.calls[-1].callback == "src:neimenggu2024:11"


async def test_registry_pages_for_a_regulator_and_refusal_for_a_stranger(
    emulator: Emulator,
) -> None:
    async with harness(emulator) as h:
        regulator, stranger = h.user(REGULATOR), h.user(1004)
        await regulator.command("/registry")
        page = await regulator.reply()
        assert page.text.startswith("1. 第1号") and "第 1/" in page.text
        assert page.labels == ["下一页 ›"]
        await regulator.press(page, page.button("下一页"))
        assert await regulator.quiet(0.6) == []
        page2 = await regulator.current(page.message_id)
        assert "第 2/" in page2.text and page2.labels == ["‹ 上一页", "下一页 ›"]
        assert page2.text.split("\n")[0] != page.text.split("\n")[0]

        await stranger.command("/registry")
        refusal = await stranger.reply()
        assert refusal.text == "抱歉,您没有权限执行此操作。"
        # a forged page-turn re-runs the command through the engine, which refuses again
        await stranger.press(refusal, "v1|p|2|registry")
        assert "没有权限" in (await stranger.current(refusal.message_id)).text


async def test_stale_forged_and_oversize_buttons_get_a_polite_answer(emulator: Emulator) -> None:
    async with harness(emulator) as h:
        alice = h.user(1005)
        await alice.command("/checklist")
        checklist = await alice.reply()
        for data in ("v0|b|ck:1", "garbage", "v1|p|2|setstatus x", "v1|b|" + "x" * 80):
            await alice.press(checklist, data)
        assert await alice.quiet(0.8) == []
        assert h.request.answers() == [STALE_BUTTON] * 4
        await alice.command("/help")  # still alive
        assert (await alice.reply()).text.startswith("收到:/help")


async def test_engine_failure_gets_an_apology_and_is_logged(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    async with harness(emulator) as h:
        alice = h.user(1006)
        with caplog.at_level(logging.DEBUG):
            await alice.say("boom")
            assert (await alice.reply()).text == APOLOGY
        failure = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert failure and "engine failure" in (failure[0].exc_text or "")
        logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
        assert h.token not in logged and "[REDACTED]" in logged  # httpx/PTB URLs redacted


async def test_group_chat_answers_only_when_addressed(emulator: Emulator) -> None:
    async with harness(emulator) as h:
        group = -5001
        alice = h.user(1007, chat_id=group, chat_type="group")
        bob = h.user(1008, chat_id=group, chat_type="group")
        await alice.say("大家好")
        assert await alice.quiet(0.6) == []
        await alice.say("备案要多久", mention=True)
        answer = await alice.reply()
        assert answer.text == "收到:备案要多久 &lt;tg:1007&gt;" and answer.reply_to is not None
        await bob.say("继续", reply_to=answer)  # replying to the bot addresses it
        assert (await bob.reply()).text.startswith("收到:继续")

        await alice.command("/registry@TestNameBot")
        assert "私聊" in (await alice.reply()).text
        await alice.command("/help@SomeOtherBot")
        assert await alice.quiet(0.6) == []

        await alice.command("/checklist")
        checklist = await alice.reply()
        await bob.press(checklist, checklist.button("营业执照"))  # not Bob's dialogue
        await alice.quiet(0.5)
        assert h.request.answers()[-1] == NOT_YOURS
        assert "☐ 营业执照" in (await alice.current(checklist.message_id)).text
        await alice.press(checklist, checklist.button("营业执照"))
        await alice.quiet(0.5)
        assert "☑ 营业执照" in (await alice.current(checklist.message_id)).text


async def test_commands_outside_the_menu_still_reach_the_engine(emulator: Emulator) -> None:
    async with harness(emulator) as h:
        alice = h.user(1009)
        await alice.command("/settings 内蒙古")
        assert (await alice.reply()).text.startswith("收到:/settings")
        assert (h.engine.calls[-1].command, h.engine.calls[-1].text) == ("settings", "内蒙古")
