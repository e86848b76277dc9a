"""Versioned, validated callback_data for the inline buttons this channel sends.

Telegram hands `callback_data` back verbatim when a button is pressed, and a
modified client can send any string at all, so every button carries a version
and a kind, and everything is checked on the way back in:

    v1|b|<payload>               an engine `Button` ("查看原文", choices, ticks, the engine's
                                 own paging); the payload goes back as UserInput.callback
    v1|p|<page>|<command> <args> page N of a reply too long for one message, from a
                                 read-only (pageable) command that the channel runs again

The whole string is at most 64 bytes (`InlineKeyboardButtonLimit.MAX_CALLBACK_DATA`).
`decode` returns `None` for anything else (another version, a forged or truncated
string, an oversize one); the handler then answers politely instead of raising.
Authorisation is never decided here: a well-formed button still goes through the
engine, which checks the user's role again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram.constants import InlineKeyboardButtonLimit

from bot.telegram.commands import PAGEABLE_COMMANDS
from retrieval.textnorm import replace_surrogates

__all__ = [
    "VERSION",
    "MAX_BYTES",
    "CallbackDataTooLongError",
    "EngineButton",
    "Page",
    "Action",
    "encode",
    "decode",
    "fits",
]

VERSION = "v1"
MAX_BYTES = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)
MAX_PAGE = 999

_SEP = "|"
_NUMBER = re.compile(r"[1-9][0-9]{0,2}")
# Printable text only: no control characters (newlines included) anywhere in the data.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class CallbackDataTooLongError(ValueError):
    """An action does not fit in Telegram's 64-byte callback_data."""


@dataclass(frozen=True)
class EngineButton:
    """A button the engine created; `payload` is its `Button.payload`."""

    payload: str


@dataclass(frozen=True)
class Page:
    """Show page `page` (1-based) of what `/command args` replies."""

    page: int
    command: str
    args: str = ""


Action = EngineButton | Page


def _size(data: str) -> int:
    return len(data.encode("utf-8", "surrogatepass"))


def _scrubbed(action: Action) -> Action:
    """The action with lone surrogates (from a user's command arguments) replaced by U+FFFD:
    Telegram's JSON encoder and the UTF-8 size check cannot take them."""
    if isinstance(action, EngineButton):
        return EngineButton(replace_surrogates(action.payload))
    return Page(action.page, replace_surrogates(action.command), replace_surrogates(action.args))


def encode(action: Action) -> str:
    """The callback_data for `action`; raises `CallbackDataTooLongError` past 64 bytes."""
    action = _scrubbed(action)
    if isinstance(action, EngineButton):
        parts = [VERSION, "b", action.payload]
    else:
        line = f"{action.command} {action.args}".strip()
        parts = [VERSION, "p", str(action.page), line]
    data = _SEP.join(parts)
    if _size(data) > MAX_BYTES:
        raise CallbackDataTooLongError(f"callback_data of {_size(data)} bytes: {data[:80]!r}")
    if decode(data) != action:
        raise ValueError(f"action does not round-trip through callback_data: {action!r}")
    return data


def fits(action: Action) -> bool:
    """Whether `action` can be encoded (used to decide between paging and splitting)."""
    try:
        encode(action)
    except ValueError:
        return False
    return True


def decode(data: str | None) -> Action | None:
    """The action in `data`, or `None` when it is stale, forged, truncated or oversize."""
    if not data or _size(data) > MAX_BYTES or _CONTROL.search(data):
        return None
    data = replace_surrogates(data)  # forged data may carry them; the engine gets clean text
    version, _, rest = data.partition(_SEP)
    if version != VERSION:
        return None
    kind, _, body = rest.partition(_SEP)
    if kind == "b":
        return _engine_button(body)
    if kind == "p":
        return _page(body)
    return None


def _engine_button(body: str) -> EngineButton | None:
    if not body or body != body.strip():
        return None
    return EngineButton(body)


def _page(body: str) -> Page | None:
    page, sep, line = body.partition(_SEP)
    if not sep or not _NUMBER.fullmatch(page):
        return None
    if line != line.strip():
        return None
    command, _, args = line.partition(" ")
    if command not in PAGEABLE_COMMANDS or args != args.strip():
        return None
    return Page(int(page), command, args)
