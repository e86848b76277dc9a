"""What a question asks for: the answer slot that decides how the lead is composed.

The cue tables are data (`slots.yaml`); this module only matches them. A question
naming two or more regions is a comparison whatever its cue words say. Another
component (question analysis) calls `detect_slot`, so its name and signature stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml

from bot.question_text import question_words, without_time_frame
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
    DEFINITION = "definition"
    OTHER = "other"


# Slots whose answer is a figure: the lead must carry a number with its unit.
NUMERIC = frozenset({Slot.HOW_LONG, Slot.HOW_MANY, Slot.WHEN})
# Details of one rule (who, when, how long, how many): a short follow-up asking one of them
# ("向谁申请", "那要多久") most likely asks it of the article just quoted.
DETAILS = frozenset({Slot.WHO, Slot.WHEN, Slot.HOW_LONG, Slot.HOW_MANY})
# Slots whose answer is a list: the header plus every item.
LISTS = frozenset({Slot.CONDITIONS, Slot.STEPS, Slot.CONSEQUENCES})


# A numeral with its measure word (备一次案, 考两回, 一年公布几回) is how much the question
# asks, not its topic: it counts neither towards coverage nor towards nearness.
QUANTITY = re.compile(r"^[一二两三四五六七八九十几]+[次回个家名人年月天日遍趟]$")
# A cue is a way of asking (not a topic word) when it holds a question character or an
# A-不-A form: 怎么处理, 哪些, 多久, 能不能 are asked; 条件, 有效期, 材料 are the law's own words.
# An A-不-A form ("能不能", "有没有") asks whether; its halves (不能, 没有) are no topic.
A_NOT_A = re.compile(r"(.)[不没]\1")
ASKING = re.compile(rf"[怎咋哪几多吗谁何啥否]|什么|{A_NOT_A.pattern}")
# A bare sentence-final 吗 (有条件吗?) asks whether, but less surely than the topic it ends.
BARE_MA = re.compile(r"^吗")
# "这几年", "前几天", "好几个", "十几年" count, they do not ask how long or how many ("提前几个月",
# "到期前几个月", "期满前几天" do); "要是哪天被记了不良信用" supposes a day, it does not ask when; "自己培养的几个考评员还没
# 入库" tells of some, it does not ask how many.
NOT_ASKING = re.compile(r"(?:[这那近好头十零]|(?<![提之以期满])前)几|的几(?=[个名位家])|几乎|(?:要是|如果|万一|假如|说不定|哪怕)哪天")


@dataclass(frozen=True)
class _Row:
    """One slot's cues, split by strength: a way of asking (能不能, 几年, 谁) outranks a law
    word that only names the topic (有效期, 条件, 材料) or a bare sentence-final 吗."""

    slot: Slot
    strong: re.Pattern[str] | None
    weak: re.Pattern[str] | None


def _compiled(cues: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(cues)) if cues else None


@lru_cache(maxsize=1)
def _table() -> tuple[_Row, ...]:
    rows = yaml.safe_load(SLOTS_FILE.read_text(encoding="utf-8")) or []
    table = []
    for row in rows:
        strong = [c for c in row["cues"] if ASKING.search(c) and not BARE_MA.match(c)]
        # `weak_cues`: weak though they name a question word (in a lookahead excluding it).
        weak = [c for c in row["cues"] if c not in strong] + list(row.get("weak_cues") or ())
        table.append(_Row(Slot(row["slot"]), _compiled(strong), _compiled(weak)))
    return tuple(table)


def detect_slots(text: str) -> tuple[Slot, ...]:
    """Every slot whose cues match: slots asked for by a way of asking first, then slots
    only named by a topic word, each in table order (comparison first when two regions
    are named). "有效期内能不能变更" asks whether, though 有效期 names a period: the period
    a question is set in ("备案有效期内") is taken out first."""
    text = NOT_ASKING.sub("", without_time_frame(text))
    strong = [row.slot for row in _table() if row.strong is not None and row.strong.search(text)]
    weak = [row.slot for row in _table() if row.weak is not None and row.weak.search(text) and row.slot not in strong]
    found = strong + weak
    if Slot.STEPS in found and Slot.WHO in found and found.index(Slot.WHO) < found.index(Slot.STEPS):
        # "流程是怎样的?先找谁?": the procedure names who acts at each step; a who-lead
        # would drop the procedure.
        found.remove(Slot.STEPS)
        found.insert(found.index(Slot.WHO), Slot.STEPS)
    if Slot.COMPARISON in found:
        found.remove(Slot.COMPARISON)
        found.insert(0, Slot.COMPARISON)
    elif len(detect_regions(text)) >= 2:
        found.insert(0, Slot.COMPARISON)
    return tuple(found) or (Slot.OTHER,)


def naming_cues(text: str, slot: Slot) -> str:
    """The law words in `text` that name what `slot` asks ("时间限制" of "有没有时间限制" asks
    how long), joined by spaces: they say how the question asks, not what about."""
    row = next((r for r in _table() if r.slot is slot), None)
    if row is None or row.weak is None:
        return ""
    return " ".join(m.group(0) for m in row.weak.finditer(NOT_ASKING.sub("", text)))


def detect_slot(text: str) -> Slot:
    """The one slot a question asks for; `Slot.OTHER` when no cue matches."""
    return detect_slots(text)[0]


def inner_slot(text: str) -> Slot:
    """For a comparison, what each region's line should state (a period, a list …)."""
    rest = [slot for slot in detect_slots(text) if slot is not Slot.COMPARISON]
    return rest[0] if rest else Slot.OTHER



@lru_cache(maxsize=1)
def _asking() -> re.Pattern[str]:
    """Every cue of the table that is a way of asking, as one pattern."""
    rows = yaml.safe_load(SLOTS_FILE.read_text(encoding="utf-8")) or []
    cues = [cue for row in rows for cue in row["cues"] if ASKING.search(cue)]
    return re.compile("|".join(cues))


@lru_cache(maxsize=512)
def asking_words(text: str) -> str:
    """The question's ways of asking (怎么处理, 哪个部门, 能不能), joined by spaces: their
    words may confirm a passage but their absence does not count against one. Overlapping
    ones all count ("找哪一级": 找哪 and 哪一级, whose 一级 is no level asked about). Cached: the
    judge asks it of the same question for every passage it weighs."""
    pattern = _asking()
    found = (pattern.match(text, start) for start in range(len(text)))
    return " ".join(m.group(0) for m in found if m and m.group(0))


def names_a_question(text: str) -> bool:
    """Whether `text` holds a question word of its own (哪, 谁, 几, 什么…); a bare 呢
    ("出题的专家呢") asks the last question again of something else."""
    return ASKING.search(NOT_ASKING.sub("", text)) is not None


def asks(text: str) -> bool:
    """Whether `text` holds a way of asking, or a question word (`question_words` in
    question.yaml); "这几年", "要是哪天" do not ask."""
    text = NOT_ASKING.sub("", text)
    return _asking().search(text) is not None or question_words().search(text) is not None
