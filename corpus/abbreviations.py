"""Short names a text defines for itself ("天津市职业技能鉴定指导中心(以下简称“市鉴定中心”)").

A lead quoted from a later article says only "市鉴定中心"; a user who reads that line
alone cannot tell which body it is. The full name comes from the same text, so naming it
after the lead quotes the text and invents nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

# Cuts a text into whole words in order (the search tokenizer's precise mode): given by the
# caller, since this layer knows no tokenizer.
Words = Callable[[str], Iterable[str]]

# The full name stands right before the parenthesis; the short name may be quoted.
_DEFINED = re.compile(r"(?P<before>[^,,。;;:: ]{2,40})[((]以下简称[“\"]?(?P<short>[^”\"))]{2,20})[”\"]?[))]")


def _full_name(before: str, short: str, words: Words) -> str | None:
    """The shortest tail of `before` that holds the short name's characters in order,
    widened to the word it starts in (市 of 天津市); None when it adds nothing."""
    for start in range(len(before) - 1, -1, -1):
        tail = before[start:]
        it = iter(tail)
        if all(ch in it for ch in short):
            break
    else:
        return None
    if before[start:] == short:
        return None  # the name itself ends the text before it: nothing is abbreviated
    offset = 0
    for word in words(before):
        if offset <= start < offset + len(word):
            start = offset
            break
        offset += len(word)
    full = before[start:]
    return full if full != short and len(full) > len(short) else None


@lru_cache(maxsize=32)
def abbreviations(text: str, words: Words) -> dict[str, str]:
    """Short name → full name, for every short name the text defines; `words` finds where
    a name starts (市 of 天津市 begins the word 天津市)."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        short = match.group("short")
        full = _full_name(match.group("before"), short, words)
        if full:
            found.setdefault(short, full)
    return found


def with_full_names(lead: str, names: dict[str, str]) -> str:
    """The lead followed by the full name of each short name it uses ("(市鉴定中心即天津市
    职业技能鉴定指导中心)"), unless the full name is already there. The note goes after the
    lead, so the quoted sentences stay exactly as the text words them."""
    notes = [f"{short}即{full}" for short, full in names.items() if short in lead and full not in lead]
    return f"{lead}({';'.join(notes)})" if notes else lead
