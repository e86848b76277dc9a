"""Query expansion for BM25: colloquial words → the statutes' terms, from `synonyms.yaml`.

Users write "把几个工种去掉", the text says "缩减评价范围"; BM25 cannot meet that
on its own. The table is data so it can grow with what users ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SYNONYMS = Path(__file__).with_name("synonyms.yaml")


@lru_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:  # type: ignore[type-arg]
    # libyaml's loader when present: the pure-Python one costs a cold search tens of ms
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return tuple(yaml.load(SYNONYMS.read_text(encoding="utf-8"), Loader=loader) or [])  # noqa: S506 - a safe loader


@dataclass(frozen=True)
class _Row:
    """One row of synonyms.yaml: literal triggers (`when`), or a pattern for a phrase no list
    of literals covers ("去赤峰组织认定": any going-to-a-city-to-evaluate), and what they add."""

    when: tuple[str, ...]
    pattern: re.Pattern[str] | None
    add: tuple[str, ...]
    names: bool

    def triggers(self, text: str) -> list[str]:
        """The triggers of this row that `text` holds (a pattern's match is its trigger)."""
        found = [t for t in self.when if t in text]
        if self.pattern is not None and (m := self.pattern.search(text)):
            found.append(m.group(0))
        return found


@lru_cache(maxsize=1)
def _table() -> tuple[_Row, ...]:
    return tuple(
        _Row(
            tuple(row.get("when") or ()),
            re.compile(row["pattern"]) if row.get("pattern") else None,
            tuple(row["add"]),
            bool(row.get("names")),
        )
        for row in _rows()
    )


@lru_cache(maxsize=4096)
def naming_phrases(text: str) -> tuple[str, ...]:
    """The statutory phrases of rows marked `names: true` whose colloquial words `text`
    uses: each is said of one rule only ("出了本省还认吗" → 全国范围内有效), so the article
    holding it is the one asked about."""
    found: list[str] = []
    for row in _table():
        if row.names and row.triggers(text):
            found += [w for w in row.add if w not in found]
    return tuple(found)


@lru_cache(maxsize=4096)
def expand(text: str) -> str:
    """The question plus the statutory terms its colloquial words stand for."""
    extra: list[str] = []
    for row in _table():
        if row.triggers(text):
            extra += [term for term in row.add if term not in extra]
    return f"{text} {' '.join(extra)}" if extra else text


def expansions(text: str) -> dict[str, tuple[str, ...]]:
    """For each colloquial trigger present in `text`, the statutory terms it stands for."""
    return dict(_expansions(text))


@lru_cache(maxsize=4096)
def _expansions(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Cached, as pairs: one answer weighs a dozen passages against the same question, and
    each weighing asked the whole table again (a fifth of an answer's time beside the
    embedding). The public function hands out a fresh dict, so no caller can alter it."""
    found: dict[str, tuple[str, ...]] = {}
    for row in _table():
        for trigger in row.triggers(text):
            found[trigger] = tuple(dict.fromkeys(found.get(trigger, ()) + row.add))
    return tuple(found.items())
