"""Pure parts of the channel: command parsing, group addressing, menu, URLs, log redaction."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Chat, Message, MessageEntity, User

from bot.messages import Role
from bot.telegram.app import describe, file_base_url, webhook_options
from bot.telegram.commands import COMMANDS, Audience, menu
from bot.telegram.handlers import addressed_text, parse_command, user_input
from bot.telegram.logs import REDACTED, redact_secrets
from config import Settings
from tests.telegram.botapi_stub import rejecting_bot_api

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 1, 1, tzinfo=UTC)
BOT = User(666, "Bot", is_bot=True, username="TestNameBot")


class _Bot:
    """Just what addressed_text reads from a Bot."""

    id = BOT.id
    username = BOT.username


def message(
    text: str,
    chat_type: str = "group",
    entities: list[MessageEntity] | None = None,
    reply_to: Message | None = None,
) -> Message:
    chat = Chat(-100 if chat_type != "private" else 5, chat_type)
    return Message(
        1,
        NOW,
        chat,
        from_user=User(5, "甲", is_bot=False),
        text=text,
        entities=entities,
        reply_to_message=reply_to,
    )


def test_parse_command() -> None:
    assert parse_command("/Help@TestNameBot  a  b ") == ("help", "TestNameBot", "a  b")
    assert parse_command("/status 浙江省职业技能鉴定中心") == (
        "status",
        "",
        "浙江省职业技能鉴定中心",
    )
    assert parse_command("/start") == ("start", "", "")


def test_private_text_is_always_addressed() -> None:
    assert addressed_text(message("你好", "private"), _Bot()) == "你好"  # type: ignore[arg-type]


def test_group_text_needs_a_mention_or_a_reply() -> None:
    bot = _Bot()
    assert addressed_text(message("大家好"), bot) is None  # type: ignore[arg-type]
    mention = MessageEntity(MessageEntity.MENTION, 3, 12)
    text = "请问 @TestNameBot 备案要多久"
    assert addressed_text(message(text, entities=[mention]), bot) == "请问 备案要多久"  # type: ignore[arg-type]
    other = MessageEntity(MessageEntity.MENTION, 0, 9)
    assert addressed_text(message("@OtherBot 你好", entities=[other]), bot) is None  # type: ignore[arg-type]
    from_bot = Message(9, NOW, Chat(-100, "group"), from_user=BOT, text="答复")
    assert addressed_text(message("继续", reply_to=from_bot), bot) == "继续"  # type: ignore[arg-type]


def test_user_input_carries_the_regulator_role_only_for_listed_ids() -> None:
    user = User(42, "张", is_bot=False, last_name="三")
    assert user_input(user, frozenset({42}), text="x").role is Role.REGULATOR
    plain = user_input(user, frozenset({7}), command="status", text="S1")
    assert (plain.user_id, plain.role, plain.command, plain.display_name) == (
        "tg:42",
        None,
        "status",
        "张 三",
    )


def test_menus_are_chinese_and_within_telegram_limits() -> None:
    public, regulator = menu(Audience.EVERYONE), menu(Audience.REGULATOR)
    names = [c.command for c in public]
    for expected in (
        "start",
        "help",
        "ask",
        "status",
        "eligibility",
        "checklist",
        "deadline",
        "region",
        "role",
        "source",
        "cancel",
    ):
        assert expected in names
    assert "registry" not in names and {"registry", "linkcode"} <= {c.command for c in regulator}
    for command in COMMANDS:
        assert 1 <= len(command.description) <= 256
        assert any("\u4e00" <= ch <= "\u9fff" for ch in command.description)
        assert command.name.islower() and len(command.name) <= 32


def test_urls() -> None:
    assert file_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_base_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    settings = Settings(
        _env_file=None,
        telegram_bot_token="123:SECRET-TOKEN-VALUE",  # type: ignore[call-arg]
        webhook_url="https://bot.example.org/tg/hook",
        webhook_port=9000,
    )
    assert "SECRET" not in describe(settings) and "webhook" in describe(settings)
    options = webhook_options(settings)
    assert (options["url_path"], options["port"], options["secret_token"]) == (
        "tg/hook",
        9000,
        None,
    )


def test_secrets_are_redacted_from_messages_arguments_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "987654:UNIT-TEST-SECRET-TOKEN"
    redact_secrets([secret, "shrt"])  # a short secret is redacted as a whole token only
    log = logging.getLogger("httpx")
    with caplog.at_level(logging.DEBUG):
        log.info("HTTP Request: POST %s", f"https://api.telegram.org/bot{secret}/getMe")
        try:
            raise RuntimeError(f"failed at /bot{secret}/getUpdates")
        except RuntimeError:
            log.exception("boom")
        log.info("a short word stays, shrtcake too")
        log.info("X-Telegram-Bot-Api-Secret-Token: shrt")
    text = caplog.text
    assert secret not in text
    assert text.count(REDACTED) == 3  # the URL, the exception message and the short secret
    assert "a short word stays, shrtcake too" in text
    assert "Secret-Token: shrt" not in text


def test_a_rejected_token_stops_the_bot_without_printing_the_token(tmp_path: Path) -> None:
    token = "424242:REJECTED-TOKEN-MUST-NOT-APPEAR"
    with rejecting_bot_api() as base_url:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_BASE_URL": base_url,
            "WEBHOOK_URL": "",
            "LOG_LEVEL": "DEBUG",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'smoke.db'}",
            "DATA_DIR": str(tmp_path / "data"),
        }
        done = subprocess.run(
            [sys.executable, "-m", "bot.telegram"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "InvalidToken" in output and REDACTED in output
    assert token not in output and "REJECTED-TOKEN" not in output
