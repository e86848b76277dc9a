"""What each button prefix does. Payloads were made by this engine; anything malformed or
stale gets a polite answer, never an exception."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot import texts
from bot.messages import Intent, Reply, Role
from bot.remind import on_remind_button
from bot.states import Payload
from corpus.models import Jurisdiction
from errors import NotFoundError

if TYPE_CHECKING:
    from bot.services import Services
    from bot.turn import Turn

ButtonHandler = Callable[["Services", "Turn", list[str]], Reply]


def stale() -> Reply:
    return Reply(texts.STALE_BUTTON, Intent.HELP, covered=False)


def on_source(engine: Services, turn: Turn, args: list[str]) -> Reply:  # noqa: ARG001
    from bot.sources import source_from_payload  # noqa: PLC0415

    if not args:
        return stale()
    try:
        return source_from_payload(args)
    except NotFoundError:
        return stale()


def on_region(engine: Services, turn: Turn, args: list[str]) -> Reply:  # noqa: ARG001
    from bot.handlers import set_region  # noqa: PLC0415

    try:
        return set_region(turn, Jurisdiction(args[0]))
    except (ValueError, IndexError):
        return stale()


def on_role(engine: Services, turn: Turn, args: list[str]) -> Reply:  # noqa: ARG001
    from bot.handlers import set_role  # noqa: PLC0415

    try:
        return set_role(turn, Role(args[0]))
    except (ValueError, IndexError):
        return stale()


def on_page(engine: Services, turn: Turn, args: list[str]) -> Reply:
    from bot.registry import on_page as page  # noqa: PLC0415

    return page(engine, turn, args) or stale()


def on_status(engine: Services, turn: Turn, args: list[str]) -> Reply:
    from bot.registry import on_status_button  # noqa: PLC0415

    return on_status_button(engine, turn, args) or stale()


def on_dialogue(engine: Services, turn: Turn, args: list[str], prefix: Payload) -> Reply:
    from bot.dialogues import on_dialogue_button  # noqa: PLC0415

    return on_dialogue_button(engine, turn, prefix, args) or stale()


def _dialogue(prefix: Payload) -> ButtonHandler:
    return lambda engine, turn, args: on_dialogue(engine, turn, args, prefix)


BUTTON_HANDLERS: dict[Payload, ButtonHandler] = {
    Payload.SOURCE: on_source,
    Payload.REGION: on_region,
    Payload.ROLE: on_role,
    Payload.ANSWER: _dialogue(Payload.ANSWER),
    Payload.BACK: _dialogue(Payload.BACK),
    Payload.CANCEL: _dialogue(Payload.CANCEL),
    Payload.TICK: _dialogue(Payload.TICK),
    Payload.PAGE: on_page,
    Payload.STATUS: on_status,
    Payload.REMIND: on_remind_button,
}
