"""Logging for the Telegram channel, with the bot token never written anywhere.

The Bot API puts the token in every URL, and both httpx (INFO: "HTTP Request:
POST https://…/bot<token>/getUpdates") and python-telegram-bot (DEBUG: "Set Bot
API URL") log URLs. `configure_logging` quiets httpx, and `redact_secrets`
installs a log-record factory that replaces each secret in the message, the
arguments and any formatted traceback before any handler sees the record, so
handlers added later (pytest's caplog, a file handler) are covered too.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Iterable
from typing import Any

__all__ = ["REDACTED", "configure_logging", "redact_secrets", "redact"]

REDACTED = "[REDACTED]"
_MIN_SECRET = 8  # never redact something so short it would mangle ordinary text

_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False
_NOISY = ("httpx", "httpcore", "telegram.request", "apscheduler", "tornado.access")


def redact(text: str) -> str:
    """`text` with every registered secret replaced."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _redacting_factory(previous: Any) -> Any:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = previous(*args, **kwargs)
        if not _secrets:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's problem, keep it visible
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = redact(text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    return factory


def redact_secrets(secrets: Iterable[str]) -> None:
    """Register secrets (the bot token, the webhook secret) to be removed from all logs."""
    global _installed
    with _lock:
        _secrets.update(s for s in secrets if s and len(s) >= _MIN_SECRET)
        if not _installed:
            logging.setLogRecordFactory(_redacting_factory(logging.getLogRecordFactory()))
            _installed = True


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Root logging once, noisy URL-logging libraries at WARNING, secrets redacted."""
    redact_secrets(secrets)
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        level=getattr(logging, level.upper(), logging.INFO),
    )
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
