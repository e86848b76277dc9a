"""Query expansion for BM25: colloquial words → the statutes' terms, from `synonyms.yaml`.

Users write "把几个工种去掉", the text says "缩减评价范围"; BM25 cannot meet that
on its own. The table is data so it can grow with what users ask.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

SYNONYMS = Path(__file__).with_name("synonyms.yaml")


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    # libyaml's loader when present: the pure-Python one costs a cold search tens of ms
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rows = yaml.load(SYNONYMS.read_text(encoding="utf-8"), Loader=loader) or []  # noqa: S506 - a safe loader
    return tuple((tuple(row["when"]), tuple(row["add"])) for row in rows)


def expand(text: str) -> str:
    """The question plus the statutory terms its colloquial words stand for."""
    extra: list[str] = []
    for triggers, additions in _table():
        if any(trigger in text for trigger in triggers):
            extra += [term for term in additions if term not in extra]
    return f"{text} {' '.join(extra)}" if extra else text


def expansions(text: str) -> dict[str, tuple[str, ...]]:
    """For each colloquial trigger present in `text`, the statutory terms it stands for."""
    found: dict[str, tuple[str, ...]] = {}
    for triggers, additions in _table():
        for trigger in triggers:
            if trigger in text:
                found[trigger] = tuple(dict.fromkeys(found.get(trigger, ()) + additions))
    return found
