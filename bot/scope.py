"""Topics the corpus does not cover (bot/scope.yaml): a question about one is answered with
"not in these texts" before searching, even when its other words match an article well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tools.rules import RuleCitation

SCOPE_FILE = Path(__file__).with_name("scope.yaml")


@dataclass(frozen=True)
class OutOfScope:
    topic: str
    pattern: re.Pattern[str]
    # Words that turn a question on this topic into one about a rule the texts hold.
    unless: re.Pattern[str] | None = None
    # Rules beside the topic (where a fee is set), quoted with the refusal.
    related: tuple[RuleCitation, ...] = ()

    def matches(self, question: str) -> bool:
        return bool(self.pattern.search(question)) and not (self.unless and self.unless.search(question))


@lru_cache(maxsize=1)
def _out_of_scope() -> tuple[OutOfScope, ...]:
    rows = yaml.safe_load(SCOPE_FILE.read_text(encoding="utf-8")) or []
    return tuple(
        OutOfScope(
            row["topic"],
            re.compile("|".join(row["when"])),
            re.compile("|".join(row["unless"])) if row.get("unless") else None,
            tuple(RuleCitation.model_validate(r) for r in row.get("related") or ()),
        )
        for row in rows
    )


def out_of_scope(question: str) -> OutOfScope | None:
    """The uncovered topic a question asks about, from `scope.yaml`, if any."""
    return next((entry for entry in _out_of_scope() if entry.matches(question)), None)


def out_of_scope_topic(question: str) -> str | None:
    """The name of the uncovered topic a question asks about, if any."""
    entry = out_of_scope(question)
    return entry.topic if entry else None
