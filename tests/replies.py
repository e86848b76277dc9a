"""Asking an engine one message and reading its reply, as conversation tests do."""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Reply, Role, UserInput

__all__ = ["ask", "cited", "first_line", "follow_up", "said_silent_first"]


def ask(engine: Engine, text: str, user: str = "tg:test", role: Role = Role.STAFF) -> Reply:
    """One message of `user`: the same user continues a conversation."""
    return engine.handle(UserInput(user_id=user, text=text, role=role))


def follow_up(engine: Engine, first: str, then: str, user: str, role: Role = Role.STAFF) -> Reply:
    """The reply to `then`, asked by `user` right after `first`: a two-turn conversation."""
    ask(engine, first, user=user, role=role)
    return ask(engine, then, user=user, role=role)


def first_line(reply: Reply) -> str:
    """What users read, and often all they read."""
    return reply.text.splitlines()[0]


def cited(reply: Reply) -> tuple[str, int | None]:
    """The article the reply quotes first."""
    return reply.citations[0].doc_key, reply.citations[0].article


def said_silent_first(reply: Reply, region: str, word: str) -> bool:
    """Whether the reply's first line says `region`'s text sets nothing, naming `word`."""
    line = first_line(reply)
    return line.startswith(f"{region}:") and word in line
