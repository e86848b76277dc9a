"""A minimal Bot API server that records what the bot sends, for cluster tests and load runs.

The emulator (`telegram-test-api`) drives one bot by long polling or by posting to one
webhook. A cluster run needs the other direction only: updates are posted to nginx by the
test, and every worker answers through the Bot API. This stub answers the handful of methods
python-telegram-bot calls (getMe, setWebhook, setMyCommands, sendMessage, editMessageText,
answerCallbackQuery, deleteWebhook) and records each outgoing message with its arrival time,
so a load run can match replies to the updates it posted. It runs in a thread on loopback
(stdlib `ThreadingHTTPServer`), so it needs neither node nor the network.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

__all__ = ["BotApiStub", "SentMessage", "rejecting_bot_api"]

BOT_USER = {"id": 424242, "is_bot": True, "first_name": "policybot", "username": "policybot_test_bot"}


@dataclass(frozen=True)
class SentMessage:
    """One sendMessage/editMessageText the bot made: to whom, what, and when it arrived."""

    method: str
    chat_id: int
    text: str
    received: float  # time.monotonic() at arrival
    reply_markup: str = ""


class BotApiStub:
    """`with BotApiStub() as api:` serves http://127.0.0.1:{api.port}/bot<token>/<method>."""

    def __init__(self, *, fail_first: int = 0) -> None:
        self.sent: list[SentMessage] = []
        self.calls: list[str] = []
        self._lock = threading.Lock()
        self._message_id = 0
        self._fail_left = fail_first  # answer this many sendMessage calls with a 500 first
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/bot"

    def __enter__(self) -> BotApiStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        with self._lock:
            return [m for m in self.sent if m.chat_id == chat_id]

    def wait_for(self, chat_id: int, count: int, timeout: float = 30.0) -> list[SentMessage]:
        """The first `count` messages to `chat_id`, waiting up to `timeout` seconds for them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages_to(chat_id)
            if len(found) >= count:
                return found[:count]
            time.sleep(0.02)
        return self.messages_to(chat_id)

    # -- the HTTP side -------------------------------------------------------------
    def _record(self, method: str, params: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            self.calls.append(method)
            if method in ("sendMessage", "editMessageText"):
                if method == "sendMessage" and self._fail_left > 0:
                    self._fail_left -= 1
                    return None
                self._message_id += 1
                chat_id = int(params.get("chat_id", 0))
                markup = params.get("reply_markup", "")
                text = str(params.get("text", ""))
                self.sent.append(SentMessage(method, chat_id, text, time.monotonic(), str(markup)))
                return {
                    "message_id": self._message_id,
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"},
                    "from": BOT_USER,
                    "text": text,
                }
        if method == "getMe":
            return BOT_USER
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True  # setWebhook, deleteWebhook, setMyCommands, answerCallbackQuery, …

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                return

            def do_POST(self) -> None:  # noqa: N802 (stdlib name)
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                kind = self.headers.get("Content-Type", "")
                if "json" in kind and body:
                    params = json.loads(body)
                else:
                    params = dict(parse_qsl(body.decode("utf-8", "replace")))
                result = stub._record(method, params)
                if result is None:
                    payload, status = {"ok": False, "error_code": 500, "description": "stub failure"}, 500
                else:
                    payload, status = {"ok": True, "result": result}, 200
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815

        return Handler


class _Unauthorized(BaseHTTPRequestHandler):
    """Rejects every token, the way api.telegram.org answers a revoked one."""

    def do_POST(self) -> None:  # noqa: N802
        body = b'{"ok": false, "error_code": 401, "description": "Unauthorized"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def rejecting_bot_api() -> Iterator[str]:
    """A Bot API on loopback that answers 401 to everything; yields its TELEGRAM_API_BASE_URL,
    so `policybot run` stops right after starting."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Unauthorized)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/bot"
    finally:
        server.shutdown()
