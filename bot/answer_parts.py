"""Answering a message that asks two or three things at once, part by part.

Each part (`bot/question_parts.py`) is answered as a question of its own, with the topic
clauses beside it, and must be answered by an article holding the part's own words: "向谁申请"
after "行业协会想承接水平评价类职业资格认定" is answered by the article that says 申请
(人社部 第九条), not by the long 条件 article the topic's words rank first. The reply is one
lead per part, each with its citation, in the order asked.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Protocol

from bot.article_choice import ArticleChooser, PolicyAnswer
from bot.article_text import compose_lead, whole_article
from bot.judgement import law_terms
from bot.leaning import Leaning
from bot.question_parts import QuestionParts
from bot.question_text import distinctive_run, region_words, with_context
from bot.slots import A_NOT_A, Slot, detect_slot, naming_cues
from corpus.models import Jurisdiction
from retrieval.expansion import expansions
from retrieval.hits import Hit

# A part's article is looked for among this many hits of its own question …
PART_POOL = 20
# … scoring at least this share of the top one: the topic's words rank the long articles
# sharing them first, the short one saying "确定" may come 16th.
PART_RATIO = 0.5
# A part with no law words of its own ("出决定前要干啥" beside "决定怎么送") is moved to another
# article only when that one repeats a rare run of its clause this long (决定前).
MIN_RUN = 3
# Two parts' leads sharing this many characters quote one sentence twice (bot/answer_parts._overlap).
OVERLAP_CHARS = 20

__all__ = ["answer_in_parts", "embedded"]


class _Asks(Protocol):
    """`PolicyAnswerer.answer`: how one part is answered as a question of its own."""

    def __call__(
        self, question: str, regions: tuple[Jurisdiction, ...] = (), per_region: bool = False,
        prefer: Jurisdiction | None = None, slot: Slot | None = None, leaning: Leaning = Leaning(),
    ) -> PolicyAnswer: ...


def answer_in_parts(
    answerer: ArticleChooser,
    ask: _Asks,
    message: str,
    parts: QuestionParts,
    regions: tuple[Jurisdiction, ...],
    prefer: Jurisdiction | None,
    leaning: Leaning,
    whole: PolicyAnswer | None = None,
) -> PolicyAnswer | None:
    """One lead per part, each from the article that answers it; None when the parts come
    to one article, or one part is not answered (the message is then answered as one
    question). A part means what the `message` means, and its own words pick its article
    (`Searcher.read_as`: no query embedding per part), except a first clause that carries
    the topic itself ("内蒙外督证卡谁发 人怎么选"), which is a question of its own."""
    answers: list[PolicyAnswer] = []
    for index in range(len(parts.asks)):
        with nullcontext() if _own_meaning(parts, index) else answerer.searcher.read_as(message):
            answers.append(_answer_part(answerer, ask, parts, index, answers, regions, prefer, leaning))
    return _joined(answers, whole)


def embedded(message: str, parts: QuestionParts) -> tuple[str, ...]:
    """What answering `message` in `parts` embeds: the message, and a first part that means
    something of its own. Embedded together beforehand (`Searcher.prefetch`), the two cost
    little more than one."""
    own = tuple(parts.question(i) for i in range(len(parts.asks)) if _own_meaning(parts, i))
    return (message, *own)


def _own_meaning(parts: QuestionParts, index: int) -> bool:
    """Whether part `index` is searched by its own meaning: only a first clause carrying the
    topic itself ("内蒙外督证卡谁发 人怎么选"); the others mean what the message means."""
    return not parts.topic and index == 0


def _answer_part(
    answerer: ArticleChooser, ask: _Asks, parts: QuestionParts, index: int, answers: list[PolicyAnswer],
    regions: tuple[Jurisdiction, ...], prefer: Jurisdiction | None, leaning: Leaning,
) -> PolicyAnswer:
    """Part `index` answered as a question of its own, then moved to the close article that
    holds its own words when the first answer lacks them."""
    context = parts.context(index)
    part_leaning = replace(leaning, context=context) if context else leaning
    question = parts.question(index)
    answer = ask(question, regions=regions, prefer=prefer, slot=parts.slot(index), leaning=part_leaning)
    if parts.topic or context:
        asked = _Part(question, parts.asks[index], context, parts.slot(index), _own_words(answerer, parts, index))
        # The parts of one message are most likely about one text, and steps asked in turn
        # ("向谁申请" then "谁拍板") are most likely rules in turn: near the last part's.
        last = answers[-1].citations[0] if answers and answers[-1].citations else None
        answer = _by_own_words(answerer, asked, answer, regions, prefer, last) or answer
    return answer


def _joined(answers: list[PolicyAnswer], whole: PolicyAnswer | None) -> PolicyAnswer | None:
    """One lead per article, in the order asked; None unless every part is answered and at
    least two articles answer them, or one article (the `whole` message's too) in two places."""
    if not all(a.covered and a.citations for a in answers):
        return None  # a part the texts do not answer: the message is answered as one question
    kept: list[PolicyAnswer] = []
    for answer in answers:
        first = answer.citations[0]
        if all(_key(first) not in {_key(h) for h in k.citations} for k in kept):
            kept.append(answer)
    if len(kept) < 2:
        # Parts that all come to the article the whole message quotes: it is the article, and
        # each part may find its own sentence of it. Parts agreeing on another are not trusted.
        same = whole is not None and bool(whole.citations) and _key(whole.citations[0]) == _key(answers[0].citations[0])
        return _one_article(answers) if same else None
    cited = tuple({_key(h): h for a in kept for h in a.citations}.values())
    regions_cited = tuple(dict.fromkeys(r for a in kept for r in a.regions))
    return PolicyAnswer("\n".join(a.text for a in kept), cited, True, regions=regions_cited)


def _one_article(answers: list[PolicyAnswer]) -> PolicyAnswer | None:
    """Parts answered by one article from different sentences of it ("…啥流程?多久公布一次结果":
    内蒙古 第十一条's steps and its 每年进行两次): both sentences lead, in the order asked, under
    the one citation; the longer lead alone when it holds the other's ("有效期几年 …还要报谁复核":
    天津 第十二条(三) holds 备案有效期为3年). None when the parts' leads are one lead, or overlap
    without one holding the other: the message is then answered as one question."""
    if len({_key(a.citations[0]) for a in answers}) != 1:
        return None
    firsts = [answer.text.splitlines()[0] for answer in answers]
    leads: list[str] = []
    for lead in firsts:
        if any(_bare(lead) in _bare(kept) for kept in leads):
            continue
        if any(_overlap(lead, kept) for kept in leads if _bare(kept) not in _bare(lead)):
            return None
        leads = [*(kept for kept in leads if _bare(kept) not in _bare(lead)), lead]
    if len(leads) == 1 and _bare(firsts[0]) == _bare(firsts[-1]) == _bare(leads[0]):
        return None  # every part came to the same lead: nothing the whole message lacks
    rest = answers[0].text.splitlines()[1:]
    return PolicyAnswer("\n".join(["".join(leads), *rest]), answers[0].citations, True, regions=answers[0].regions)


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _overlap(one: str, other: str) -> bool:
    """Whether two leads share a run of text (a sentence quoted by both)."""
    a, b = _bare(one), _bare(other)
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= OVERLAP_CHARS


def _key(hit: Hit) -> tuple[str, int | None]:
    return (hit.doc_key, hit.article)


def _own_words(answerer: ArticleChooser, parts: QuestionParts, index: int) -> list[str]:
    """The law words part `index` alone adds to what the message is about ("向谁申请": 申请;
    "怎么确定": 确定), without its ways of asking. A word two parts share ("出决定前要干啥
    决定怎么送": 决定) is what the message is about."""
    terms = answerer.searcher.terms
    others = [parts.topic, parts.context(index), *(a for i, a in enumerate(parts.asks) if i != index)]
    known = set(law_terms(terms, " ".join(others), region_words()))
    clause = A_NOT_A.sub("", parts.asks[index])  # 能不能: a way of asking, though 不能 is a word
    asking = naming_cues(clause, parts.slot(index))  # 时间限制 of "有没有时间限制"
    own = [
        word for word in law_terms(terms, clause, region_words())
        if word not in known and word not in asking and detect_slot(word) is Slot.OTHER
    ]
    # A colloquial phrase the statutes say otherwise counts by its synonyms ("谁来定": 确定),
    # though it holds a way of asking, when what it stands for is a law word.
    stands_for = [
        phrase for phrase, adds in expansions(clause).items()
        if phrase not in known and any(detect_slot(a) is Slot.OTHER and a not in known for a in adds)
    ]
    return [*own, *(p for p in stands_for if p not in own)]


def _holds(hit: Hit, words: list[str], question: str) -> bool:
    """Whether the whole article behind `hit` has each word, or a synonym of it."""
    text = whole_article(hit)
    synonyms = expansions(question)
    return all(w in text or any(s in text for s in synonyms.get(w, ())) for w in words)


@dataclass(frozen=True)
class _Part:
    """One part of a message: as a question of its own, its clause, what it leans on, its
    slot, and the words it alone adds."""

    question: str
    clause: str
    context: str
    slot: Slot
    own: list[str]


def _by_own_words(
    answerer: ArticleChooser, part: _Part, found: PolicyAnswer, regions: tuple[Jurisdiction, ...],
    prefer: Jurisdiction | None, last: Hit | None,
) -> PolicyAnswer | None:
    """The part answered by the close article holding its own words that repeats the longest
    rare run of its clause ("出决定前要干啥": 作出处理决定前, 内蒙古 第四十六条, not the
    处理档案 article that only says 决定), searched in the text the part's first answer came
    from (or the region asked); ties go to the text of the message's last part (`last`),
    to the article carrying more of the part's words, then to the one nearest `last`. None
    when the first answer holds its words as well."""
    region = regions[0] if len(regions) == 1 else prefer
    where = found.citations[0].jurisdiction if found.citations else (region.value if region else None)
    if where is None:
        return None
    question, own = part.question, part.own
    hits = answerer.searcher.search(with_context(question, part.context), k=PART_POOL, jurisdiction=where)
    if not hits:
        return None
    floor = PART_RATIO * hits[0].score
    passages = answerer.passages
    run = lambda hit: distinctive_run(part.clause, whole_article(hit), passages)  # noqa: E731
    holders = [h for h in hits if h.score >= floor and _holds(h, own, question) and answerer.covers(question, h)]
    if not holders:
        return None
    coverage = lambda hit: answerer.judge(question, hit, ignore=region_words()).coverage  # noqa: E731
    same = lambda hit: last is not None and hit.doc_key == last.doc_key  # noqa: E731
    near = lambda hit: -abs((hit.article or 0) - (last.article or 0)) if same(hit) else 0  # noqa: E731
    chosen = max(holders, key=lambda h: (run(h), same(h), coverage(h), near(h)))  # then search's order
    first = found.citations[0] if found.citations else None
    # A part with no words of its own is moved only by a rare run of its clause.
    if not own and run(chosen) < MIN_RUN:
        return None
    if first is not None and _holds(first, own, question) and run(first) >= run(chosen):
        return None
    lead = compose_lead(answerer.composer(question, part.slot), chosen)
    return PolicyAnswer(f"{lead}\n(依据:{chosen.citation})", (chosen,), True, regions=(chosen.jurisdiction,))
