"""Webhook mode's HTTP server: cheap rejections first, one answer per update.

PTB's built-in server reads the whole body before it looks at the secret header (a 99 MB
post without the secret doubled the process's memory) and answers malformed JSON with a
500, which Telegram retries. This small tornado server, feeding `application.update_queue`
as PTB's customwebhookbot example does, checks in order:

1. the secret-token header (constant time), before any of the body is read: 403;
2. Content-Length against `MAX_BODY_BYTES`, before reading: 413; a chunked body is read
   as a stream and cut off at the same limit (tornado's own cap closes the connection);
3. JSON that is an object and a valid Update: else 400 (Telegram does not retry a 4xx);
4. the update id, claimed in the database (db.updates): an id already handled by this or
   another worker is acknowledged with 200 and not answered again.

Nothing is logged with the body or the secret.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application, ExtBot
from tornado.httpserver import HTTPServer

from db.types import utcnow

__all__ = ["MAX_BODY_BYTES", "SECRET_HEADER", "WebhookServer", "database_claimer"]

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # a Telegram update is a few KB; 1 MB leaves ample room
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PRUNE_EVERY = timedelta(minutes=10)
Claimer = Callable[[int], bool]  # True: first time this update id is seen


def database_claimer(database_url: str) -> Claimer:
    """Claim update ids in the database (so several workers agree), pruning old ones now and
    then. Blocking: the handler runs it in a worker thread."""
    from db.session import session_scope  # noqa: PLC0415
    from db.updates import claim_update, prune_updates  # noqa: PLC0415

    last_prune: list[datetime] = []

    def claim(update_id: int) -> bool:
        now = utcnow()
        with session_scope(database_url) as session:
            if not last_prune or now - last_prune[0] > PRUNE_EVERY:
                prune_updates(session=session, now=now)
                last_prune[:] = [now]
            return claim_update(session=session, update_id=update_id, now=now)

    return claim


@dataclass
class _Hook:
    application: Application  # type: ignore[type-arg]
    secret: str
    claim: Claimer | None
    max_body: int = MAX_BODY_BYTES
    stats: dict[str, int] = field(default_factory=dict)


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """POST /<path>: one Telegram update."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, hook: _Hook) -> None:
        self.hook = hook
        self.received = 0
        self.parts: list[bytes] = []

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")

    def prepare(self) -> None:
        """Runs after the headers, before any body byte is read."""
        if self.hook.secret:
            given = self.request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.hook.secret.encode()):
                self._reject(HTTPStatus.FORBIDDEN, "secret token missing or wrong")
                return
        length = self.request.headers.get("Content-Length")
        if length is not None:
            if not length.strip().isdigit():
                self._reject(HTTPStatus.BAD_REQUEST, "bad Content-Length")
                return
            if int(length) > self.hook.max_body:
                self._reject(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
                return
        # Our own count (data_received) answers 413 at the limit; tornado's cap, set above it
        # so that ours speaks first, closes the connection on one huge declared chunk.
        self.request.connection.set_max_body_size(2 * self.hook.max_body)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self.received += len(chunk)
        if self.received > self.hook.max_body:
            self.parts.clear()
            self._reject(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
            return
        self.parts.append(chunk)

    async def post(self) -> None:
        if self._finished:
            return
        kind = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            self._reject(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "not JSON")
            return
        update = self._parse(b"".join(self.parts))
        if update is None:
            self._reject(HTTPStatus.BAD_REQUEST, "not a Telegram update")
            return
        if self.hook.claim is not None:
            first = await asyncio.to_thread(self.hook.claim, update.update_id)
            if not first:
                self._count("duplicate")
                self.finish(b'{"ok":true,"duplicate":true}')
                return
        bot = self.hook.application.bot
        if isinstance(bot, ExtBot):
            bot.insert_callback_data(update)
        await self.hook.application.update_queue.put(update)
        self._count("accepted")
        self.finish(b'{"ok":true}')

    def _parse(self, body: bytes) -> Update | None:
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return None
        try:
            return Update.de_json(data, self.hook.application.bot)
        except Exception:  # any shape PTB cannot read is the sender's error, not ours
            return None

    def _reject(self, status: HTTPStatus, why: str) -> None:
        self._count(str(status.value))
        logger.info("webhook rejected %s from %s: %s", status.value, self.request.remote_ip, why)
        self.set_status(status.value)
        self.finish(json.dumps({"ok": False, "error": why}))

    def _count(self, key: str) -> None:
        self.hook.stats[key] = self.hook.stats.get(key, 0) + 1

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:  # noqa: ARG002
        """A 500 (e.g. the database is down): Telegram will retry, which is what we want.
        Logged by type and message only; tornado's default would dump the request."""
        logger.warning("webhook handler failed: %s: %s", getattr(typ, "__name__", typ), value)


class WebhookServer:
    """The HTTP server for webhook mode; `start` listens, `stop` closes connections."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        *,
        listen: str,
        port: int,
        url_path: str,
        secret: str = "",
        claim: Claimer | None = None,
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        self.hook = _Hook(application, secret, claim, max_body)
        path = "/" + url_path.strip("/")
        app = tornado.web.Application([(rf"{path}/?", UpdateHandler, {"hook": self.hook})])
        # tornado's own cap backs ours up: it never buffers more than this per request
        self.server = HTTPServer(app, max_body_size=2 * max_body, max_buffer_size=2 * max_body)
        self.listen, self.port = listen, port

    @property
    def stats(self) -> dict[str, int]:
        """Counts of accepted, duplicate and rejected (by status) posts, for tests and logs."""
        return dict(self.hook.stats)

    async def start(self) -> None:
        self.server.listen(self.port, address=self.listen)

    async def stop(self) -> None:
        self.server.stop()
        await self.server.close_all_connections()
