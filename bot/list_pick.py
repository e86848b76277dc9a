"""One row of the regulator's list just shown, picked by the next message ("最早过期的是哪家").

A list reply names each filing by its number at the start of a line; the conversation
keeps those numbers (in the order shown) with the turn's subject, so "第二家呢" or
"最后那个哪天到期" is a lookup of that filing, without fetching the list again; so is
"里头哪家是行业协会" when one row is of that kind. The words that pick are data
(`question.yaml` `followup.list_pick`, `intents.yaml` `applicant_types`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.intents import ApplicantType, applicant_type_of
from bot.question import cue_tables
from corpus.numerals import parse_chinese_number

__all__ = ["listed_rows", "picked_row"]

# "NM-2023-0004 示例…协会(内蒙古·自治区本级·行业组织)…": the number, and the kind after the last ·.
_ROW = re.compile(r"^([A-Z]{2,4}-\d{4}-\d{3,5})\s[^(（\n]*[(（](?:[^)）\n]*·)?([^)）·\n]*)[)）]", re.MULTILINE)
_WHICH = re.compile(r"哪(?:一)?(?:家|个|些)|谁")


def listed_rows(text: str) -> list[tuple[str, str]]:
    """The filings a list reply shows, in its order, each with its kind as the list names it
    (none for a refused list)."""
    return list(dict.fromkeys((number, kind) for number, kind in _ROW.findall(text)))


def picked_row(text: str, rows: Sequence[Sequence[str]], kind: ApplicantType | None = None) -> str | None:
    """The filing number `text` picks from the listed `rows`: its first or last (the list is
    in date order, so 最早 is the first), the N-th, or the one row of the `kind` of body the
    text asks which of; None when it picks none, N is past the end, or several are of the kind."""
    numbers = [row[0] for row in rows]
    if not numbers:
        return None
    picks = cue_tables().raw["followup"]["list_pick"]
    found = [(m.start(), name, m) for name, pattern in picks.items() if (m := re.search(pattern, text))]
    if not found:
        return _of_kind(text, rows, kind)
    _, name, match = min(found, key=lambda f: f[0])
    if name == "first":
        return numbers[0]
    if name == "last":
        return numbers[-1]
    index = parse_chinese_number(match.group(1))
    return numbers[index - 1] if 1 <= index <= len(numbers) else None


def _of_kind(text: str, rows: Sequence[Sequence[str]], kind: ApplicantType | None) -> str | None:
    if kind is None or not _WHICH.search(text):
        return None
    matching = [row[0] for row in rows if len(row) > 1 and applicant_type_of(row[1]) is kind]
    return matching[0] if len(matching) == 1 else None
