"""Webhook mode's HTTP server: cheap rejections first, each update answered once, none lost.

PTB's built-in server reads the whole body before it looks at the secret header (a 99 MB
post without the secret doubled the process's memory), answers malformed JSON with a 500,
which Telegram retries, and says 200 as soon as an update is queued, so a worker killed with
updates in its queue loses them. This small tornado server checks in order:

1. the secret-token header (constant time), before any of the body is read: 403;
2. Content-Length against `MAX_BODY_BYTES`, before reading: 413; a chunked body is read
   as a stream and cut off at the same limit (tornado's own cap closes the connection);
3. JSON that is an object and a valid Update: else 400 (Telegram does not retry a 4xx);
4. the update id, taken in the database under a lease (db.updates): an id already answered
   by this or another worker gets 200 and no second answer; one another worker is answering
   now is waited for; one whose worker died (lease expired) is taken over.

Then it answers the update and only then says 200, so a worker that dies mid-answer leaves
no 200 behind: nginx passes the post to the next worker, or Telegram retries it later.
Nothing is logged with the body or the secret.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any, Protocol

import tornado.web
from telegram import Update
from telegram.ext import Application, ExtBot
from tornado.httpserver import HTTPServer

from db.types import utcnow
from db.updates import Claim

__all__ = ["MAX_BODY_BYTES", "SECRET_HEADER", "Ledger", "WebhookServer", "database_ledger"]

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # a Telegram update is a few KB; 1 MB leaves ample room
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PRUNE_EVERY = timedelta(minutes=10)
BUSY_WAIT_SECONDS = 25.0  # how long a retry waits for the worker answering it, then 503
BUSY_POLL_SECONDS = 0.2


class Ledger(Protocol):
    """Where workers agree who answers an update (db.updates); blocking, run in a thread."""

    def claim(self, update_id: int) -> Claim: ...

    def finish(self, update_id: int) -> None: ...


class _DatabaseLedger:
    """The ledger in the configured database, pruning old ids now and then."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.last_prune: datetime | None = None

    def claim(self, update_id: int) -> Claim:
        from db.session import session_scope  # noqa: PLC0415
        from db.updates import claim_update, prune_updates  # noqa: PLC0415

        now = utcnow()
        with session_scope(self.database_url) as session:
            if self.last_prune is None or now - self.last_prune > PRUNE_EVERY:
                prune_updates(session=session, now=now)
                self.last_prune = now
            return claim_update(session=session, update_id=update_id, now=now)

    def finish(self, update_id: int) -> None:
        from db.session import session_scope  # noqa: PLC0415
        from db.updates import finish_update  # noqa: PLC0415

        with session_scope(self.database_url) as session:
            finish_update(session=session, update_id=update_id)


def database_ledger(database_url: str) -> Ledger:
    """The update ledger shared by every worker on `database_url`."""
    return _DatabaseLedger(database_url)


@dataclass
class _Hook:
    application: Application  # type: ignore[type-arg]
    secret: str
    ledger: Ledger | None
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
        if self.hook.ledger is not None and not await self._take(update.update_id):
            return
        bot = self.hook.application.bot
        if isinstance(bot, ExtBot):
            bot.insert_callback_data(update)
        await self.hook.application.process_update(update)  # errors go to the error handler
        if self.hook.ledger is not None:
            await asyncio.to_thread(self.hook.ledger.finish, update.update_id)
        self._count("accepted")
        self.finish(b'{"ok":true}')

    async def _take(self, update_id: int) -> bool:
        """True when this worker should answer the update; otherwise the reply is sent: 200
        for one already answered, 503 (Telegram retries later) for one still being answered."""
        assert self.hook.ledger is not None
        waited = 0.0
        while True:
            claim = await asyncio.to_thread(self.hook.ledger.claim, update_id)
            if claim is Claim.TAKEN:
                return True
            if claim is Claim.ANSWERED:
                self._count("duplicate")
                self.finish(b'{"ok":true,"duplicate":true}')
                return False
            if waited >= BUSY_WAIT_SECONDS:
                self._reject(HTTPStatus.SERVICE_UNAVAILABLE, "update is being answered by another worker")
                return False
            await asyncio.sleep(BUSY_POLL_SECONDS)
            waited += BUSY_POLL_SECONDS

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
        ledger: Ledger | None = None,
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        self.hook = _Hook(application, secret, ledger, max_body)
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
