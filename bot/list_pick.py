"""One row of the regulator's list just shown, picked by the next message ("最早过期的是哪家").

A list reply names each filing by its number at the start of a line; the conversation
keeps those numbers (in the order shown) with the turn's subject, so "第二家呢" or
"最后那个哪天到期" is a lookup of that filing, without fetching the list again. The words
that pick are data (`question.yaml` `followup.list_pick`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.question import cue_tables

__all__ = ["listed_numbers", "picked_row"]

_ROW = re.compile(r"^([A-Z]{2,4}-\d{4}-\d{3,5})\s", re.MULTILINE)
_NUMERALS = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def listed_numbers(text: str) -> list[str]:
    """The filing numbers a list reply shows, in its order (none for a refused list)."""
    return list(dict.fromkeys(_ROW.findall(text)))


def picked_row(text: str, listed: Sequence[str]) -> str | None:
    """The filing number `text` picks from `listed`: its first or last row (the list is in
    date order, so 最早 is the first), or the N-th; None when it picks none or N is past the end."""
    if not listed:
        return None
    picks = cue_tables().raw["followup"]["list_pick"]
    found = [(m.start(), kind, m) for kind, pattern in picks.items() if (m := re.search(pattern, text))]
    if not found:
        return None
    _, kind, match = min(found, key=lambda f: f[0])
    if kind == "first":
        return listed[0]
    if kind == "last":
        return listed[-1]
    said = match.group(1)
    index = int(said) if said.isdigit() else _NUMERALS[said]
    return listed[index - 1] if 1 <= index <= len(listed) else None
