"""Webhook mode: the emulator POSTs updates to the bot's own HTTP server (no polling)."""

from __future__ import annotations

import socket

import httpx
import pytest

from bot.telegram.app import build_application, webhook_options, webhook_server
from tests.telegram.compat import EmulatorCompatRequest
from tests.telegram.emulator import Emulator, TelegramUser, bot_settings, new_token
from tests.telegram.fakes import FakeEngine

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]

pytest.importorskip("tornado", reason="webhook mode needs python-telegram-bot[webhooks]")
# Attacks, faults and retried updates on the same server: test_webhook_guard.py.


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_receives_and_answers(emulator: Emulator, registry_db: str) -> None:
    token, port = new_token(), _free_port()
    # The emulator sends no secret-token header, so this run has no WEBHOOK_SECRET.
    settings = bot_settings(
        emulator,
        token,
        webhook_url=f"http://127.0.0.1:{port}/tg/hook",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        database_url=registry_db,
    )
    application = build_application(settings, FakeEngine(), request=EmulatorCompatRequest())
    options = webhook_options(settings)
    assert options["url_path"] == "tg/hook"
    server = webhook_server(application, settings)  # what `main` serves in webhook mode
    await application.initialize()
    await server.start()
    await application.bot.set_webhook(options["webhook_url"])
    await application.start()
    try:
        async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http:
            alice = TelegramUser(http, token, 2001)
            await alice.say("你好")
            assert (await alice.reply()).text == "收到:你好 &lt;tg:2001&gt;"
            await alice.say("再见")  # a second update: a new id, answered too
            assert (await alice.reply()).text == "收到:再见 &lt;tg:2001&gt;"
        assert server.stats == {"accepted": 2}
    finally:
        await application.stop()
        await server.stop()
        await application.shutdown()
