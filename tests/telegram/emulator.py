"""The `telegram-test-api` emulator for end-to-end tests and the load run.

`Emulator` starts the npm package under node on a free localhost port.
`TelegramUser` is the other side of the chat: it sends what a Telegram app
would (text, commands, @mentions, replies, button presses) through the
emulator's client API and reads the bot's messages back, including edits.
`running_bot` runs a real Application (polling over HTTP, through
`EmulatorCompatRequest`) for the length of an `async with`.

Each test bot gets its own token, and the emulator keeps one queue per token,
so one emulator process serves a whole session.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from telegram import Update
from telegram.ext import Application

from config import Settings
from tests.telegram.compat import EmulatorCompatRequest

__all__ = [
    "NODE_DIR",
    "BOT_ID",
    "BOT_USERNAME",
    "Emulator",
    "BotMessage",
    "TelegramUser",
    "new_token",
    "running_bot",
    "compat_requests",
    "RecordingRequest",
    "bot_settings",
]

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
NODE_DIR = Path(__file__).resolve().parent / "node"
BOT_ID = 666  # what the emulator's getMe reports
BOT_USERNAME = "TestNameBot"

_LAUNCHER = """
const TelegramServer = require('telegram-test-api');
const server = new TelegramServer({host: '127.0.0.1', port: Number(process.argv[1]),
                                   storeTimeout: 3600});
server.start().then(() => console.log('READY'));
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_token() -> str:
    """A fresh bot token, so each bot has its own queue in the shared emulator."""
    return f"{int(time.time()) % 10**9}:TEST-{uuid.uuid4().hex}"


class Emulator:
    """One `telegram-test-api` server process on 127.0.0.1."""

    def __init__(self, node_dir: Path = NODE_DIR) -> None:
        self.node_dir = node_dir
        self.port = _free_port()
        self._process: subprocess.Popen[str] | None = None

    @staticmethod
    def available(node_dir: Path = NODE_DIR) -> str | None:
        """None when the emulator can start, else why not."""
        if shutil.which("node") is None:
            return "node is not installed"
        if not (node_dir / "node_modules" / "telegram-test-api").is_dir():
            return f"run: npm install --prefix {node_dir} (telegram-test-api missing)"
        return None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def bot_api_base(self) -> str:
        """The TELEGRAM_API_BASE_URL for bots talking to this emulator."""
        return f"{self.url}/bot"

    def start(self, timeout: float = 20.0) -> None:
        env = {**os.environ, "NODE_PATH": str(self.node_dir / "node_modules")}
        self._process = subprocess.Popen(
            ["node", "-e", _LAUNCHER, str(self.port)],
            cwd=self.node_dir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + timeout
        assert self._process.stdout is not None
        while time.monotonic() < deadline:
            line = self._process.stdout.readline()
            if "READY" in line:  # keep draining, so a chatty emulator never blocks on a pipe
                threading.Thread(target=self._process.stdout.read, daemon=True).start()
                return
            if not line and self._process.poll() is not None:
                break
        self.stop()
        raise RuntimeError("telegram-test-api did not start")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._process = None


@dataclass(frozen=True)
class BotMessage:
    """One message the bot sent, as the emulator stores it (text and markup after edits)."""

    message_id: int
    chat_id: int
    text: str
    time_ms: int
    buttons: list[list[tuple[str, str]]]  # rows of (label, callback_data)
    reply_to: int | None
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_store(cls, entry: dict[str, Any]) -> BotMessage:
        message = entry["message"]
        markup = message.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = [
            [(button["text"], button.get("callback_data", "")) for button in row]
            for row in markup.get("inline_keyboard", [])
        ]
        quoted = message.get("reply_parameters")
        if isinstance(quoted, str):
            quoted = json.loads(quoted)
        return cls(
            message_id=int(entry["messageId"]),
            chat_id=int(message["chat_id"]),
            text=message.get("text", ""),
            time_ms=int(entry["time"]),
            buttons=rows,
            reply_to=int(quoted["message_id"]) if quoted else None,
            raw=entry,
        )

    def button(self, label_part: str) -> str:
        """The callback_data of the first button whose label contains `label_part`."""
        for row in self.buttons:
            for label, data in row:
                if label_part in label:
                    return data
        raise AssertionError(f"no button {label_part!r} in {self.buttons!r}")

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]


class TelegramUser:
    """A person using a Telegram app, in a private chat or in a group."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        token: str,
        user_id: int,
        *,
        first_name: str = "测试用户",
        chat_id: int | None = None,
        chat_type: str = "private",
    ) -> None:
        self.http = http
        self.token = token
        self.user_id = user_id
        self.first_name = first_name
        self.chat_id = chat_id if chat_id is not None else user_id
        self.chat_type = chat_type
        self._pending: list[BotMessage] = []

    def _from(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "is_bot": False,
            "first_name": self.first_name,
            "username": f"user{self.user_id}",
        }

    def _chat(self) -> dict[str, Any]:
        if self.chat_type == "private":
            return {"id": self.chat_id, "type": "private", "first_name": self.first_name}
        return {"id": self.chat_id, "type": self.chat_type, "title": "测试群"}

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = await self.http.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def _message(
        self,
        text: str,
        entities: list[dict[str, Any]] | None = None,
        reply_to: BotMessage | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "botToken": self.token,
            "from": self._from(),
            "chat": self._chat(),
            "date": int(time.time()),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = self._bot_message(reply_to)
        return message

    def _bot_message(self, sent: BotMessage) -> dict[str, Any]:
        return {
            "message_id": sent.message_id,
            "date": sent.time_ms,  # the emulator's own unit (milliseconds)
            "chat": self._chat(),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME},
            "text": sent.text,
        }

    async def say(
        self, text: str, *, mention: bool = False, reply_to: BotMessage | None = None
    ) -> float:
        """Send text (optionally @mentioning the bot first); returns the send time (ms)."""
        entities = None
        if mention:
            text = f"@{BOT_USERNAME} {text}"
            entities = [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}]
        sent_at = time.time() * 1000
        await self._post("/sendMessage", self._message(text, entities, reply_to))
        return sent_at

    async def command(self, line: str) -> float:
        """Send a slash command such as "/status 浙江" or "/help@TestNameBot"."""
        head = line.split(" ", 1)[0]
        entities = [
            {"type": "bot_command", "offset": 0, "length": len(head.encode("utf-16-le")) // 2}
        ]
        sent_at = time.time() * 1000
        await self._post("/sendCommand", self._message(line, entities))
        return sent_at

    async def press(self, message: BotMessage, data: str) -> float:
        """Press a button on `message` (any callback_data: tests also forge and replay)."""
        on_message = self._bot_message(message)
        if message.reply_to is not None:  # Telegram includes the message the bot answered
            asked = await self._user_message(message.reply_to)
            if asked is not None:
                on_message["reply_to_message"] = asked
        sent_at = time.time() * 1000
        await self._post(
            "/sendCallback",
            {"botToken": self.token, "from": self._from(), "message": on_message, "data": data},
        )
        return sent_at

    async def _user_message(self, message_id: int) -> dict[str, Any] | None:
        for entry in await self.history():
            message = entry.get("message", {})
            if entry.get("messageId") == message_id and "from" in message:
                return {
                    "message_id": message_id,
                    "date": message.get("date", 0),
                    "chat": message.get("chat"),
                    "from": message["from"],
                    "text": message.get("text", ""),
                }
        return None

    async def history(self) -> list[dict[str, Any]]:
        result = await self._post("/getUpdatesHistory", {"token": self.token})
        return list(result.get("result") or [])

    async def replies(
        self, count: int = 1, timeout: float = 15.0, interval: float = 0.05
    ) -> list[BotMessage]:
        """The next `count` bot messages in this chat, oldest first (fewer only on timeout).

        The emulator hands over everything unread at once; what is not asked for yet is
        kept for the next call, so no message is ever skipped.
        """
        deadline = time.monotonic() + timeout
        while len(self._pending) < count and time.monotonic() < deadline:
            result = await self._post("/getUpdates", {"token": self.token, "chatId": self.chat_id})
            fresh = [BotMessage.from_store(entry) for entry in result.get("result") or []]
            self._pending = sorted(self._pending + fresh, key=lambda message: message.message_id)
            if len(self._pending) < count:
                await asyncio.sleep(interval)
        taken, self._pending = self._pending[:count], self._pending[count:]
        return taken

    async def reply(self, timeout: float = 15.0) -> BotMessage:
        """Exactly the next bot message."""
        messages = await self.replies(1, timeout)
        assert messages, f"no reply from the bot within {timeout} s"
        return messages[0]

    async def quiet(self, seconds: float = 0.5) -> list[BotMessage]:
        """Messages that arrive within `seconds` (tests expecting silence want [])."""
        return await self.replies(count=10**6, timeout=seconds)

    async def current(self, message_id: int) -> BotMessage:
        """A bot message as it is now, after any edits."""
        for entry in await self.history():
            if entry.get("messageId") == message_id and "chat_id" in entry.get("message", {}):
                return BotMessage.from_store(entry)
        raise AssertionError(f"bot message {message_id} not found")


class RecordingRequest(EmulatorCompatRequest):
    """The compat request that also remembers every Bot API call (answers unchanged)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def do_request(
        self, url: str, method: str, request_data: Any = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        self.calls.append((url.rsplit("/", 1)[-1], request_data.parameters if request_data else {}))
        return await super().do_request(url, method, request_data, *args, **kwargs)

    def answers(self) -> list[str]:
        return [p.get("text", "") for m, p in self.calls if m == "answerCallbackQuery"]


def compat_requests() -> tuple[EmulatorCompatRequest, EmulatorCompatRequest]:
    """(request, get_updates_request) for `build_application`."""
    return (
        EmulatorCompatRequest(connection_pool_size=64, read_timeout=30, pool_timeout=10),
        EmulatorCompatRequest(connection_pool_size=2, read_timeout=30),
    )


@asynccontextmanager
async def running_bot(
    application: AnyApplication,
    poll_interval: float = 0.05,
) -> AsyncIterator[AnyApplication]:
    """Run `application` the way run_polling does (post_init included), then stop it."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=poll_interval, allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY]
    )
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def bot_settings(emulator: Emulator, token: str, **overrides: Any) -> Settings:
    """Settings for a bot talking to `emulator`; nothing read from a developer's .env."""
    values: dict[str, Any] = {
        "telegram_bot_token": token,
        "telegram_api_base_url": emulator.bot_api_base,
        "webhook_url": "",
        "regulator_ids": "",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]
