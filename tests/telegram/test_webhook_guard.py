"""Webhook mode under attack and faults, on the real server with the emulator as Telegram.

A post without the secret is refused before its body is read; a body over the limit is
refused by its Content-Length before reading, and a chunked one at the limit while
streaming; malformed JSON gets 400, not 500; and an update Telegram re-sends (same
update_id) is acknowledged but answered once, the record kept in the database.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import select

from bot.telegram.app import build_application, webhook_server
from bot.telegram.webhook import MAX_BODY_BYTES, SECRET_HEADER, WebhookServer
from db.models import ProcessedUpdate
from db.session import session_scope
from db.types import utcnow
from tests.telegram.compat import EmulatorCompatRequest
from tests.telegram.emulator import Emulator, TelegramUser, bot_settings, new_token
from tests.telegram.fakes import FakeEngine

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]

SECRET = "s3cret-token_for-tests"
PATH = "/tg/hook"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Bot:
    server: WebhookServer
    engine: FakeEngine
    token: str
    port: int
    url: str
    emulator_url: str


@pytest.fixture
async def bot(emulator: Emulator, registry_db: str) -> AsyncIterator[Bot]:
    async with _running(emulator, registry_db) as running:
        yield running


@pytest.fixture
async def bot_on_each_database(emulator: Emulator, db_url: str) -> AsyncIterator[Bot]:
    """The bot claiming update ids in SQLite and, where it runs, PostgreSQL."""
    async with _running(emulator, db_url) as running:
        yield running


@asynccontextmanager
async def _running(emulator: Emulator, database_url: str) -> AsyncIterator[Bot]:
    token, port = new_token(), _free_port()
    settings = bot_settings(
        emulator,
        token,
        webhook_url=f"http://127.0.0.1:{port}{PATH}",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_secret=SECRET,
        database_url=database_url,
    )
    engine = FakeEngine()
    application = build_application(settings, engine, request=EmulatorCompatRequest())
    server = webhook_server(application, settings)
    await application.initialize()
    await server.start()
    await application.start()
    try:
        yield Bot(server, engine, token, port, f"http://127.0.0.1:{port}{PATH}", emulator.url)
    finally:
        await application.stop()
        await server.stop()
        await application.shutdown()


def _update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    person = {"id": user_id, "is_bot": False, "first_name": "测试用户"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "测试用户"},
            "from": person,
            "text": text,
        },
    }


async def _raw(port: int, head: str, body_parts: Sequence[bytes] = ()) -> int:
    """Send raw HTTP (headers, then any body parts), and return the response status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head.encode())
        await writer.drain()
        for part in body_parts:
            writer.write(part)
            try:
                await writer.drain()
            except ConnectionError:
                break
        line = await asyncio.wait_for(reader.readline(), timeout=10)
    finally:
        writer.close()
    return int(line.split()[1])


def _head(*, length: int | None = None, secret: str | None = SECRET, chunked: bool = False) -> str:
    lines = [f"POST {PATH} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if secret is not None:
        lines.append(f"{SECRET_HEADER}: {secret}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    return "\r\n".join(lines) + "\r\n\r\n"


@pytest.mark.parametrize("secret", [None, "wrong", SECRET[:-1]])
async def test_no_or_wrong_secret_is_refused_before_the_body_is_read(
    bot: Bot, secret: str | None
) -> None:
    # A 99 MB body is announced but never sent: the answer comes from the headers alone.
    status = await _raw(bot.port, _head(length=99 * 1024 * 1024, secret=secret))
    assert status == 403
    assert bot.server.stats.get("403") == 1 and bot.engine.calls == []


async def test_an_announced_oversized_body_is_refused_before_reading(bot: Bot) -> None:
    status = await _raw(bot.port, _head(length=MAX_BODY_BYTES + 1))
    assert status == 413 and bot.engine.calls == []


async def test_a_chunked_body_is_cut_off_at_the_limit(bot: Bot) -> None:
    piece = b"x" * 65536
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    parts = [chunk] * (3 * MAX_BODY_BYTES // len(piece))  # three times the limit, never ended
    status = await _raw(bot.port, _head(chunked=True), parts)
    assert status == 413 and bot.engine.calls == []


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'{"update_id": "7"}', b"\xff\xfe", b'{"update_id": 7, "message": 5}'],
)
async def test_malformed_updates_get_400(bot: Bot, body: bytes) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(
            bot.url,
            content=body,
            headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
        )
    assert response.status_code == 400 and bot.engine.calls == []


async def test_the_same_update_posted_twice_is_answered_once(
    bot_on_each_database: Bot, db_url: str
) -> None:
    bot = bot_on_each_database
    headers = {SECRET_HEADER: SECRET}
    async with httpx.AsyncClient(timeout=10) as http:
        first = await http.post(bot.url, json=_update(900001, 4242, "你好"), headers=headers)
        again = await http.post(bot.url, json=_update(900001, 4242, "你好"), headers=headers)
        both = await asyncio.gather(
            *(http.post(bot.url, json=_update(900002, 4242, "再见"), headers=headers) for _ in "ab")
        )
        assert [first.status_code, again.status_code] == [200, 200]
        assert [r.status_code for r in both] == [200, 200]
        assert again.json() == {"ok": True, "duplicate": True}
        async with httpx.AsyncClient(base_url=bot.emulator_url, timeout=10) as emu:
            user = TelegramUser(emu, bot.token, 4242)
            replies = await user.replies(count=4, timeout=3)
    assert sorted(r.text for r in replies) == ["收到:你好 &lt;tg:4242&gt;", "收到:再见 &lt;tg:4242&gt;"]
    assert [c.text for c in bot.engine.calls] == ["你好", "再见"]
    with session_scope(db_url) as s:
        ids = sorted(u.update_id for u in s.exec(select(ProcessedUpdate)))
    assert ids == [900001, 900002]


async def test_update_ids_older_than_a_day_are_pruned(bot: Bot, registry_db: str) -> None:
    old, recent = utcnow() - timedelta(days=2), utcnow() - timedelta(hours=1)
    with session_scope(registry_db) as s:
        s.add(ProcessedUpdate(update_id=800001, received_at=old))
        s.add(ProcessedUpdate(update_id=800002, received_at=recent))
    headers = {SECRET_HEADER: SECRET}
    async with httpx.AsyncClient(timeout=10) as http:
        fresh = await http.post(bot.url, json=_update(800003, 4343, "一"), headers=headers)
        recent_again = await http.post(bot.url, json=_update(800002, 4343, "二"), headers=headers)
    assert fresh.json() == {"ok": True} and recent_again.json()["duplicate"] is True
    with session_scope(registry_db) as s:
        ids = sorted(u.update_id for u in s.exec(select(ProcessedUpdate)))
    assert ids == [800002, 800003]  # the two-day-old id is forgotten, the recent one kept


async def test_a_200_means_the_update_was_answered(bot: Bot) -> None:
    """No queue between the 200 and the answer: a worker killed after saying 200 has
    nothing left to lose."""
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(bot.url, json=_update(910001, 4545, "在吗"), headers={SECRET_HEADER: SECRET})
        assert response.status_code == 200
        assert [c.text for c in bot.engine.calls] == ["在吗"]


async def test_an_update_whose_worker_died_is_taken_over(bot_on_each_database: Bot, db_url: str) -> None:
    """A lease that expired means the worker answering the update is gone: the retry answers it."""
    bot = bot_on_each_database
    with session_scope(db_url) as s:
        s.add(ProcessedUpdate(update_id=920001, received_at=utcnow() - timedelta(minutes=2),
                              lease_until=utcnow() - timedelta(minutes=1)))
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(bot.url, json=_update(920001, 4646, "还在吗"), headers={SECRET_HEADER: SECRET})
    assert response.json() == {"ok": True}
    assert [c.text for c in bot.engine.calls] == ["还在吗"]
    with session_scope(db_url) as s:
        row = s.get(ProcessedUpdate, 920001)
        assert row is not None and row.lease_until is None  # answered now


async def test_an_update_another_worker_is_answering_gets_503_not_a_second_answer(
    bot: Bot, registry_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.telegram.webhook as webhook

    monkeypatch.setattr(webhook, "BUSY_WAIT_SECONDS", 0.4)
    with session_scope(registry_db) as s:
        s.add(ProcessedUpdate(update_id=930001, received_at=utcnow(), lease_until=utcnow() + timedelta(minutes=1)))
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(bot.url, json=_update(930001, 4747, "忙吗"), headers={SECRET_HEADER: SECRET})
    assert response.status_code == 503
    assert bot.engine.calls == []
