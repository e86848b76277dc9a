"""What a who, whether or how-often question asks done, and whether a region's article says that act.

"兵团的外部督导员由谁来培训" is about 外部督导员 and asks who trains them (培训); 兵团
第二十二条 carries every topic word (外部, 督导员) but says nothing of training, while 内蒙古
第三十六条 does (培训考核合格后…颁发). A who question's act is what follows 谁; a whether
question's is what follows 要不要/能不能 ("要不要交督导报告"). When the region's article says
none of the act's words and another region's answering article says them all, the region's
text is silent on the act: the reply says so first and quotes the other as reference, as it
does when another region's article carries far more of the question's words. The cue words
are data (`question.yaml` `asked_act`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.article_text import whole_article
from bot.question import cue_tables
from bot.regional import Candidate
from bot.shapes import shapes
from bot.slots import Slot
from retrieval.expansion import expansions
from retrieval.terms import TermStats

__all__ = ["act_words", "said_alone", "says_act", "silent_on_act"]

_CLAUSE_END = re.compile(r"[,,。;;??!！\s]")


@lru_cache(maxsize=256)
def _cue(slot: Slot) -> re.Pattern[str] | None:
    cues = cue_tables().raw.get("asked_act") or {}
    pattern = cues.get(slot.value)
    return re.compile(pattern) if pattern else None


def act_words(terms: TermStats, question: str, slot: Slot) -> tuple[str, ...]:
    """The law words of what the question asks done: the clause after its way of asking
    who or whether, or the verb a count of times is of (`act`); () for other slots, or when
    nothing of the texts' vocabulary is there."""
    cue = _cue(slot)
    found = cue.search(question) if cue is not None else None
    if found is None:
        return ()
    # A count names its act before it ("一年公布几次": 公布), a who or whether question after.
    act = found.groupdict().get("act")
    rest = act if act is not None else _CLAUSE_END.split(question[found.end():], maxsplit=1)[0]
    return tuple(t for t in terms.content_terms(rest) if terms.known(t) and len(t) > 1)


def says_act(text: str, words: Sequence[str]) -> bool:
    """Whether `text` says every act word, itself or by a statutory synonym of the phrase it
    stands in, and not only inside the name of a kind of body (培训 of 社会培训评价组织)."""
    synonyms = expansions(" ".join(words))
    return all(
        said_alone(w, text) if w in text
        else any(a in text for p, adds in synonyms.items() if w in p or p in w for a in adds)
        for w in words
    )


def silent_on_act(
    terms: TermStats, question: str, slot: Slot, found: Candidate,
    references: Callable[[], list[Candidate]], margin: float,
) -> list[Candidate]:
    """Other regions' answering articles saying the act the question asks, about as close in
    meaning as the region's own (within `margin` cosine), when the region's own answering
    article says none of it; empty when there is no act, or the region says it."""
    words = act_words(terms, question, slot)
    if not words or says_any(whole_article(found.hit), words):
        return []
    close = found.hit.dense - margin
    return [r for r in references() if r.hit.dense >= close and says_act(whole_article(r.hit), words)]


def said_alone(term: str, text: str) -> bool:
    """Whether `text` says `term` other than inside the name of a kind of body (`shapes.yaml`
    `body_names`): 培训 inside 社会培训评价组织 ("对社会培训评价组织派遣外部督导人员") says
    nothing of who trains 督导员. A term that is part of no such name is said wherever found."""
    names = [n for n in shapes().body_names if term in n and n != term]
    inside = [False] * len(text)
    for name in names:
        for m in re.finditer(re.escape(name), text):
            inside[m.start():m.end()] = [True] * (m.end() - m.start())
    return any(not all(inside[m.start():m.end()]) for m in re.finditer(re.escape(term), text))


def says_any(text: str, words: Sequence[str]) -> bool:
    """Whether `text` says one of the act words at all (see `says_act`)."""
    return any(says_act(text, [w]) for w in words)
