"""A message that asks two or three things at once ("行业协会想承接认定 向谁申请 怎么确定",
"内蒙要处理个违规机构 出决定前要干啥 决定怎么送"), split into what each part asks.

Messenger users pack short questions into one line. One article rarely answers them all:
"向谁申请" is 人社部 第九条, "怎么确定" 第十条, and searching the whole message finds the
long 条件 article that shares its topic words. Each part is answered on its own, with the
clauses that ask nothing (the topic) beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.question_text import region_words
from bot.slots import NOT_ASKING, Slot, asking_words, detect_slot, detect_slots
from retrieval.regions import detect_regions

# Where one clause of a chat message ends.
CLAUSE_END = re.compile(r"[,,??;;!!。\s]+")
# The cue words, as data: question.yaml `parts`.
CUES_FILE = Path(__file__).with_name("question.yaml")
# A clause this short ("是吗", "对吧") confirms the one before; it asks nothing of its own.
MIN_PART_CHARS = 3
# More parts than this is a list of worries, better answered as one question.
MAX_PARTS = 3

__all__ = ["QuestionParts", "split_parts"]


@dataclass(frozen=True)
class QuestionParts:
    """The clauses that ask nothing (what the message is about) and the ones that each ask
    one thing, in the order typed."""

    topic: str
    asks: tuple[str, ...]

    def question(self, index: int) -> str:
        """Part `index` as a question of its own: the topic, then the clause. A message with
        no topic clause ("内蒙外督证卡谁发 人怎么选") lends its first clause to the later ones."""
        if self.topic:
            return f"{self.topic} {self.asks[index]}"
        return self.asks[index]

    def context(self, index: int) -> str:
        """What part `index` leans on when the message has no topic clause: the first part,
        as a follow-up leans on the last question."""
        return "" if self.topic or index == 0 else self.asks[0]

    def slot(self, index: int) -> Slot:
        """What part `index` asks for, from its own clause first ("向谁申请" asks who,
        whatever the topic clause says)."""
        own = detect_slots(self.asks[index])
        if own[0] is Slot.WHETHER and len(own) > 1:
            return own[1]  # "有没有时间限制" asks how long: whether there is one is the same answer
        return own[0] if own[0] is not Slot.OTHER else detect_slot(self.question(index))


@dataclass(frozen=True)
class _Cues:
    question_word: re.Pattern[str]  # a question word of a clause's own
    asked_about: re.Pattern[str]  # what names something, fillers and question words aside


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """question.yaml `parts`, compiled once."""
    table = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))["parts"]
    fillers = re.escape(table["fillers"])
    return _Cues(re.compile(table["question_words"]), re.compile(rf"[^\s,。?!、{fillers}]"))


def _asks(clause: str) -> bool:
    clause = NOT_ASKING.sub("", clause)
    return len(clause) >= MIN_PART_CHARS and bool(asking_words(clause) or cues().question_word.search(clause))


def split_parts(text: str) -> QuestionParts | None:
    """The parts of a message asking two or three things about one topic; None for a
    message asking one thing, or comparing regions (a comparison answers region by region,
    `PolicyAnswerer.compare`)."""
    clauses = [c for c in CLAUSE_END.split(text) if c]
    asks = [c for c in clauses if _asks(c)]
    if not 2 <= len(asks) <= MAX_PARTS or len(detect_regions(text)) >= 2:
        return None
    if detect_slot(text) is Slot.COMPARISON:
        return None
    topic = " ".join(c for c in clauses if c not in asks)
    if not topic:
        # "机构弄不清归哪个师市管,兵团怎么处理": with no clause of its own for the topic, the first
        # clause states it, and a later one that is only a way of asking asks the same thing.
        asks = asks[:1] + [c for c in asks[1:] if not _only_asks(c)]
        if len(asks) < 2:
            return None
    return QuestionParts(topic, tuple(asks))


def _only_asks(clause: str) -> bool:
    """Whether a clause is a way of asking and a place, nothing more ("兵团怎么处理", "咋办呢")."""
    rest = clause
    for cue in asking_words(clause).split():
        rest = rest.replace(cue, "")
    for mention in sorted(region_words(), key=len, reverse=True):
        rest = rest.replace(mention, "")
    return not cues().asked_about.search(rest)
