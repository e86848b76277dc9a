"""Which handler answers which intent or command: the engine's dispatch tables.

Kept apart from the handlers themselves so that the dialogues and button handlers, which
call plain handlers (answer_policy, cancel, set_region), never import a module that names
them back. Handlers in heavier modules (the registry, the dialogues, reminders) are imported
on first use, so a cold `policybot ask` does not load them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.handlers import answer_policy, cancel, settings, show_help, show_source, smalltalk
from bot.messages import Intent, Reply
from bot.routed import Routed

if TYPE_CHECKING:
    from bot.services import Services
    from bot.turn import Turn

__all__ = ["COMMANDS", "TABLE", "Handler"]

Handler = Callable[["Services", "Turn", Routed], Reply]


def _lazy(module: str, name: str) -> Handler:
    """A handler living in a module imported only when its intent first comes up."""

    def call(engine: Services, turn: Turn, routed: Routed) -> Reply:
        return getattr(importlib.import_module(module), name)(engine, turn, routed)  # type: ignore[no-any-return]

    return call


# Commands outside the router's intents: staff linking.
COMMANDS: dict[str, Handler] = {
    "link": _lazy("bot.registry", "redeem"),
    "linkcode": _lazy("bot.registry", "issue_code"),
    "remind": _lazy("bot.remind", "remind"),
}

TABLE: dict[Intent, Handler] = {
    Intent.POLICY: answer_policy,
    Intent.HELP: show_help,
    Intent.SMALLTALK: smalltalk,
    Intent.CANCEL: cancel,
    Intent.SETTINGS: settings,
    Intent.SOURCE: show_source,
    Intent.STATUS: _lazy("bot.registry", "status"),
    Intent.REGISTRY: _lazy("bot.registry", "registry"),
    Intent.ELIGIBILITY: _lazy("bot.dialogues", "start_eligibility"),
    Intent.CHECKLIST: _lazy("bot.dialogues", "start_checklist"),
    Intent.DEADLINE: _lazy("bot.dialogues", "start_deadline"),
}
