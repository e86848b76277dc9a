"""What a handler may use of the engine, as a protocol, so no handler imports `bot.engine`.

The engine dispatches to handlers, dialogues and button handlers; if they named the
`Engine` class, the engine and everything it calls would import each other. They receive
the engine typed as `Services`: its settings, the policy answerer and the optional guarded
LLM. Nothing else of the engine is theirs to touch (each turn's state comes in the `Turn`).
"""

from __future__ import annotations

from typing import Any, Protocol

from config import Settings

__all__ = ["Services"]


class Services(Protocol):
    """The engine as handlers see it."""

    settings: Settings

    @property
    def answerer(self) -> Any:
        """The extractive policy answerer (bot.answer.PolicyAnswerer)."""

    @property
    def llm(self) -> Any:
        """The guarded LLM answerer, or None when no LLM is configured."""
