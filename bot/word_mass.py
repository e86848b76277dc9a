"""How much of the texts' own vocabulary a question carries: whether it can be judged alone.

"证谁发" and "那保存几年" carry too little of it to judge an article by on their own: they are
read with what they lean on (the last question, the story told before them). The measures are
idf-weighted sums over the question's law words (`bot/judgement.py` `law_terms`).
"""

from __future__ import annotations

from bot.judgement import law_terms
from bot.question_text import region_words
from bot.slots import Slot, asking_words, detect_slot
from retrieval.expansion import expansions
from retrieval.terms import TermStats

__all__ = ["MIN_PHRASE", "topic_mass", "word_mass"]

# A colloquial phrase ("证还算数") is this long at least; a shorter trigger is a word's synonym.
MIN_PHRASE = 3


def word_mass(terms: TermStats, question: str) -> float:
    """The weight of the law words the question itself uses."""
    return sum(terms.idf(t) for t in law_terms(terms, question, region_words()))


def topic_mass(terms: TermStats, question: str, phrases_only: bool = False) -> float:
    """The weight of what a question asks about: its law words and the statutory words its
    colloquial ones stand for ("卷子" is 试卷, "发证" 颁发证书), but not its ways of asking
    ("走啥程序": 程序, itself a cue of the steps slot, and what it stands for say how, not
    what; 发证 of "怎么发证的" is what is done). `phrases_only`: only what colloquial phrases
    say counts beside the law words ("证还算数" is 证书作废; 企业 as 用人单位 adds no topic)."""
    asking = asking_words(question)
    how = lambda word: word in asking and detect_slot(word) is not Slot.OTHER  # noqa: E731
    words = [
        w for trigger, adds in expansions(question).items()
        if not how(trigger) and (not phrases_only or len(trigger) >= MIN_PHRASE) for w in adds
    ]
    text = " ".join([question, *words])
    return sum(terms.idf(t) for t in set(law_terms(terms, text, region_words())) if not how(t))
