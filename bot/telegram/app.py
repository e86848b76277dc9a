"""The Telegram channel: a python-telegram-bot Application over the conversation engine.

`build_application(settings, engine)` wires the builder (Bot API URL from
`TELEGRAM_API_BASE_URL`, so a self-hosted Bot API server or an emulator works),
the handler table, one error handler, per-user ordered concurrency and, in
`post_init`, the command menu (setMyCommands, Chinese descriptions; a failure
there is logged, never fatal). `main()` builds the engine and runs the bot:
long polling by default, a webhook server when `WEBHOOK_URL` is set (for a
deployment behind a TLS-terminating proxy that forwards to WEBHOOK_LISTEN:WEBHOOK_PORT).
The webhook server is our own (bot/telegram/webhook.py, not PTB's): it checks the secret
and the size before reading a body, answers bad JSON with 400 and each update id once.

Usage: TELEGRAM_BOT_TOKEN=... python -m bot.telegram
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes
from telegram.request import BaseRequest

from bot.telegram.commands import Audience, menu
from bot.telegram.handlers import (
    ENGINE_KEY,
    REGULATORS_KEY,
    ChannelContext,
    Engine,
    handlers,
    on_error,
)
from bot.telegram.logs import configure_logging, redact_secrets
from bot.telegram.processor import PerUserUpdateProcessor
from bot.telegram.webhook import Ledger, WebhookServer, database_ledger
from config import Settings, get_settings

__all__ = [
    "ALLOWED_UPDATES",
    "build_application",
    "file_base_url",
    "describe",
    "webhook_options",
    "webhook_server",
    "serve_webhook",
    "main",
]

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
MAX_CONCURRENT_UPDATES = 256  # real parallelism is bounded by the to_thread worker pool


def file_base_url(base_url: str) -> str:
    """The file-download URL matching a Bot API URL: …/bot → …/file/bot."""
    head, sep, tail = base_url.rpartition("/bot")
    if not sep:
        return base_url.rstrip("/") + "/file/bot"
    return f"{head}/file/bot{tail}"


def describe(settings: Settings) -> str:
    """One line saying how the bot will run, without the token."""
    host = urlsplit(settings.telegram_api_base_url).netloc or settings.telegram_api_base_url
    if settings.webhook_url:
        listen = f"{settings.webhook_listen}:{settings.webhook_port}"
        return f"webhook {urlsplit(settings.webhook_url).netloc} -> {listen}, Bot API {host}"
    return f"long polling, Bot API {host}"


async def _register_commands(application: Application) -> None:  # type: ignore[type-arg]
    """post_init: publish the command menu; the bot works without it, so never fail here."""
    bot = application.bot
    regulators: frozenset[int] = application.bot_data[REGULATORS_KEY]
    try:
        await bot.set_my_commands(menu(Audience.EVERYONE), scope=BotCommandScopeDefault())
    except TelegramError as error:
        logger.warning("setMyCommands failed: %s", error)
        return
    for chat_id in sorted(regulators):
        try:  # fails until the regulator has opened a chat with the bot
            await bot.set_my_commands(menu(Audience.REGULATOR), scope=BotCommandScopeChat(chat_id))
        except TelegramError as error:
            logger.info("regulator menu for %s not set: %s", chat_id, error)


async def _close_engine(application: Application) -> None:  # type: ignore[type-arg]
    """post_shutdown: let the engine release its database and index, if it holds any."""
    close = getattr(application.bot_data.get(ENGINE_KEY), "close", None)
    if callable(close):
        close()


def build_application(
    settings: Settings,
    engine: Engine,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> Application:  # type: ignore[type-arg]
    """The Application with handlers, error handler and command menu; not yet running.

    `request`/`get_updates_request` replace the HTTP layer (tests use them to talk to
    an emulator); by default PTB's HTTPXRequest is used.
    """
    if not settings.telegram_enabled:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    redact_secrets([settings.telegram_bot_token.strip(), settings.webhook_secret])
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token.strip())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .context_types(ContextTypes(context=ChannelContext))
        .concurrent_updates(PerUserUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .post_init(_register_commands)
        .post_shutdown(_close_engine)
    )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    application.bot_data[ENGINE_KEY] = engine
    application.bot_data[REGULATORS_KEY] = settings.regulator_id_set
    application.add_handlers(handlers())
    application.add_error_handler(on_error)
    return application


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments for run_webhook/start_webhook: serve plain HTTP on WEBHOOK_LISTEN:PORT at
    the path of WEBHOOK_URL (the proxy in front terminates TLS and forwards that path)."""
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.strip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret or None,
        "allowed_updates": ALLOWED_UPDATES,
    }


def webhook_server(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    *,
    ledger: Ledger | None = None,
) -> WebhookServer:
    """The webhook HTTP server for `application`; update ids are taken in the configured
    database's ledger unless `ledger` says otherwise."""
    options = webhook_options(settings)
    return WebhookServer(
        application,
        listen=options["listen"],
        port=options["port"],
        url_path=options["url_path"],
        secret=settings.webhook_secret,
        ledger=ledger or database_ledger(settings.effective_database_url),
    )


async def serve_webhook(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Run in webhook mode until SIGINT/SIGTERM, as `run_webhook` would, on our server."""
    options = webhook_options(settings)
    if not settings.webhook_secret:
        logger.warning("WEBHOOK_SECRET is not set: anyone who finds the URL can post updates")
    server = webhook_server(application, settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await server.start()
        await application.bot.set_webhook(
            options["webhook_url"],
            secret_token=options["secret_token"],
            allowed_updates=options["allowed_updates"],
        )
        await application.start()
        try:
            await stop.wait()
        finally:
            await application.stop()
    finally:
        await server.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def main() -> None:
    """Build the engine and run the bot until interrupted."""
    settings = get_settings()
    configure_logging(settings.log_level, [settings.telegram_bot_token, settings.webhook_secret])
    if not settings.telegram_enabled:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set; use the console chat instead.")
    from bot.engine import build_engine  # heavy: opens the database and the search index

    application = build_application(settings, build_engine(settings))
    logger.info("Telegram bot starting: %s", describe(settings))
    try:
        if settings.webhook_url:
            asyncio.run(serve_webhook(application, settings))
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except Exception:  # e.g. InvalidToken, whose message contains the token: log it redacted
        logger.critical("Telegram bot stopped", exc_info=True)
        raise SystemExit(1) from None
