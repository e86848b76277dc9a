"""A question asking two things at once (谁定的?谁开发?): each part's words, and its sentence.

The lead's best sentence may carry one part only; for each other part, the sentence carrying
its words (with their statutory synonyms) and its slot's shape best is added, when the
sentences chosen so far carry fewer of them (bot/compose.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.shapes import SHAPES
from bot.slots import Slot, detect_slot
from bot.subjects import Unit
from retrieval.expansion import expansions
from retrieval.terms import TermStats

__all__ = ["MAX_SUB_QUESTIONS", "per_question", "sub_questions"]

MAX_SUB_QUESTIONS = 2


def sub_questions(question: str, terms: TermStats, asked: Mapping[str, Sequence[str]]) -> list[tuple[set[str], Slot]]:
    """The words (with their statutory synonyms, `asked`) and the slot of each sub-question,
    when the question asks more than one (split at its question marks)."""
    parts = [p for p in re.split(r"[?？]", question) if p.strip()]
    if len(parts) < 2:
        return []
    found: list[tuple[set[str], Slot]] = []
    for part in parts:
        # Every word of the part (黑榜 may stand in 红黑榜): one the article lacks weighs nothing.
        own = {t for t in terms.content_terms(part) if len(t) > 1}
        # The statutory words a part's colloquial ones stand for (黑榜 → 黑色), read per part.
        words = own | {s for t in own for s in asked.get(t, ())} | {s for adds in expansions(part).values() for s in adds}
        if words:
            found.append((words, detect_slot(part)))
    return found if len(found) >= 2 else []


def per_question(units: list[Unit], chosen: list[int], terms: TermStats, parts: list[tuple[set[str], Slot]]) -> list[int]:
    """For each sub-question, the sentence that best carries its words, when the sentences
    chosen so far carry fewer of them."""
    added: list[int] = []
    for words, slot in parts:
        shape, bonus = SHAPES.get(slot, (None, 0.0))

        def weigh(text: str, words: set[str] = words, shape: re.Pattern[str] | None = shape, bonus: float = bonus) -> float:
            shaped = bonus if shape is not None and shape.search(text) else 0.0
            return sum(terms.idf(t) for t in words if t in text) + shaped

        index = max(range(len(units)), key=lambda i: (weigh(units[i][2]), -i))
        have = max((weigh(units[i][2]) for i in [*chosen, *added]), default=0.0)
        if index not in chosen and index not in added and weigh(units[index][2]) > have:
            added.append(index)
    return added[:MAX_SUB_QUESTIONS]
