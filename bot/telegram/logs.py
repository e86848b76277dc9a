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
import re
import threading
import traceback
from collections.abc import Iterable
from typing import Any

__all__ = ["REDACTED", "configure_logging", "redact_secrets", "redact"]

REDACTED = "[REDACTED]"
# A secret this long is replaced wherever it occurs; a shorter one (a WEBHOOK_SECRET may be
# one character) only as a whole token, so "abc" does not turn "abcdef" into noise.
_MIN_SECRET = 8
_TOKEN_CHARS = "A-Za-z0-9_\\-"  # what Telegram allows in a secret_token

_secrets: set[str] = set()
_short: set[str] = set()
_short_pattern: re.Pattern[str] | None = None
_lock = threading.Lock()
_installed = False
_NOISY = ("httpx", "httpcore", "telegram.request", "apscheduler", "tornado.access")


def redact(text: str) -> str:
    """`text` with every registered secret replaced."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    if _short_pattern is not None:
        text = _short_pattern.sub(REDACTED, text)
    return text


def _redacting_factory(previous: Any) -> Any:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = previous(*args, **kwargs)
        if not _secrets and _short_pattern is None:
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
    global _installed, _short_pattern
    with _lock:
        given = [s for s in secrets if s]
        _secrets.update(s for s in given if len(s) >= _MIN_SECRET)
        _short.update(s for s in given if len(s) < _MIN_SECRET)
        if _short:
            words = "|".join(re.escape(s) for s in sorted(_short, key=len, reverse=True))
            _short_pattern = re.compile(f"(?<![{_TOKEN_CHARS}])(?:{words})(?![{_TOKEN_CHARS}])")
        if not _installed:
            logging.setLogRecordFactory(_redacting_factory(logging.getLogRecordFactory()))
            _installed = True


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Root logging at `level` (LOG_LEVEL), noisy URL-logging libraries at WARNING, secrets redacted.

    The level is set on the root logger even when a handler exists already: `policybot run`
    configures WARNING for the command line before it starts the bot, and basicConfig alone
    would then ignore LOG_LEVEL."""
    redact_secrets(secrets)
    numeric = getattr(logging, str(level).upper(), None)
    numeric = numeric if isinstance(numeric, int) else logging.INFO
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=numeric)
    logging.getLogger().setLevel(numeric)
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
