"""What a question asks for: the answer slot that decides how the lead is composed.

The cue tables are data (`slots.yaml`); this module only matches them. A question
naming two or more regions is a comparison whatever its cue words say. Another
component (question analysis) calls `detect_slot`, so its name and signature stay.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml

from retrieval.regions import detect_regions

SLOTS_FILE = Path(__file__).with_name("slots.yaml")


class Slot(StrEnum):
    HOW_LONG = "how_long"
    HOW_MANY = "how_many"
    WHO = "who"
    WHEN = "when"
    WHETHER = "whether"
    CONDITIONS = "conditions"
    STEPS = "steps"
    CONSEQUENCES = "consequences"
    COMPARISON = "comparison"
    OTHER = "other"


# Slots whose answer is a figure: the lead must carry a number with its unit.
NUMERIC = frozenset({Slot.HOW_LONG, Slot.HOW_MANY, Slot.WHEN})
# Slots whose answer is a list: the header plus every item.
LISTS = frozenset({Slot.CONDITIONS, Slot.STEPS, Slot.CONSEQUENCES})


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[Slot, re.Pattern[str]], ...]:
    rows = yaml.safe_load(SLOTS_FILE.read_text(encoding="utf-8")) or []
    return tuple((Slot(row["slot"]), re.compile("|".join(row["cues"]))) for row in rows)


def detect_slots(text: str) -> tuple[Slot, ...]:
    """Every slot whose cues match, in table order (comparison first when two regions are named)."""
    found = [slot for slot, pattern in _table() if pattern.search(text)]
    if len(detect_regions(text)) >= 2 and Slot.COMPARISON not in found:
        found.insert(0, Slot.COMPARISON)
    return tuple(found) or (Slot.OTHER,)


def detect_slot(text: str) -> Slot:
    """The one slot a question asks for; `Slot.OTHER` when no cue matches."""
    return detect_slots(text)[0]


def inner_slot(text: str) -> Slot:
    """For a comparison, what each region's line should state (a period, a list …)."""
    rest = [slot for slot in detect_slots(text) if slot is not Slot.COMPARISON]
    return rest[0] if rest else Slot.OTHER


# A cue is a way of asking (not a topic word) when it holds a question character or an
# A-不-A form: 怎么处理, 哪些, 多久, 能不能 are asked; 条件, 有效期, 材料 are the law's own words.
ASKING = re.compile(r"[怎哪几多吗谁何啥否]|什么|(.)[不没]\1")


@lru_cache(maxsize=1)
def _asking() -> re.Pattern[str]:
    """Every cue of the table that is a way of asking, as one pattern."""
    rows = yaml.safe_load(SLOTS_FILE.read_text(encoding="utf-8")) or []
    cues = [cue for row in rows for cue in row["cues"] if ASKING.search(cue)]
    return re.compile("|".join(cues))


def asking_words(text: str) -> str:
    """The question's ways of asking (怎么处理, 哪个部门, 能不能), joined by spaces: their
    words may confirm a passage but their absence does not count against one."""
    return " ".join(m.group(0) for m in _asking().finditer(text))
