"""Whether a passage answers a question: its share of the question's words, and closeness.

Kept apart from composing answers (`bot/answer.py`): judging is what decides "the texts do
not cover this", and its thresholds are calibrated by `benchmarks/eval_answers.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from bot.shapes import extent_of
from bot.slots import QUANTITY, asking_words
from retrieval.expansion import expansions
from retrieval.hits import Hit
from retrieval.terms import TermStats

__all__ = ["CoverageThresholds", "Judgement", "judge", "law_terms"]


@dataclass(frozen=True)
class CoverageThresholds:
    """A hit answers the question when both hold (calibrated on labelled questions)."""

    min_term_coverage: float = 0.25
    min_dense: float = 0.86
    # A second region's best article is a separate answer when it scores this close to the top.
    per_region_ratio: float = 0.85
    # Supporting passages beyond the first must score this close to the first.
    support_ratio: float = 0.93
    max_support: int = 3
    # A lower-ranked hit may lead when it fits the slot and scores this close to the top.
    slot_ratio: float = 0.8
    # … or, for a list, when it lists under the noun asked (程序, 条件): closer, since a list
    # noun is a weaker sign than a figure, and the top hit may list without naming it.
    list_ratio: float = 0.85
    # … or, for what happens, when it states a sanction (取消, 暂停, 通报): a sanction is a
    # strong sign, and the top hit is often the rule broken, which carries the question's words.
    sanction_ratio: float = 0.5
    # … looked for this deep: the rule broken and who handles it (认定与处理, 送达, 档案) often
    # rank above the article stating the sanction ("内蒙认定作弊了 会咋处理": 第四十四条 4th).
    sanction_pool: int = 5
    # … unless the top hit shares this many more consecutive characters with the question.
    phrase_margin: int = 3
    # A comparison line may quote a region's top article its words miss when it scores this
    # close to the best region's top article (and is close in meaning).
    compare_ratio: float = 0.75
    # A region's text is silent on a point another region's article carries this fully
    # (term coverage) while its own best article falls this far short of it.
    outmatch_min: float = 0.8
    outmatch_margin: float = 0.4
    # A follow-up's lead, and another region's reference, carries nearly as much of the
    # conversation's topic words as the last article (or the region's most on-topic one):
    # a figure of another rule is no answer to a question about the last one's topic.
    topic_margin: float = 0.25
    # Asked again of another region ("天津有这条没"), the last region's article may outmatch the
    # region's own only when that carries less than this of the question's words: the question
    # keeps the last region's wording, which a fair answer of the new region's may lack.
    asked_before_floor: float = 0.3
    # A word only other regions' texts use silences a region when the article using it is
    # about as close in meaning as the region's own best (within this much cosine).
    foreign_dense_margin: float = 0.02
    # An elliptical question carrying less of the texts' words than this (idf mass) is judged
    # together with the last question it leans on.
    own_words_mass: float = 6.0
    # A short question naming a region leans on the last one only when it carries less than
    # this ("内蒙古能中途加不": none of the texts' words; "天津续期申请啥时候交": 续期, 申请).
    guessed_context_mass: float = 2.0
    # An ask after a story carrying less than this of its own ("需要什么条件?": 2.1) asks about
    # what the story names, a topic the texts leave out too ("我想在天津落户。"); one carrying
    # more ("跨师市开展评价要办啥手续?": 5.4) is asked of itself, whatever fee the story mentions.
    story_topic_mass: float = 4.0
    # A question asked again of another region also searches that region with the rule the
    # last answer quoted; those scores count this much beside the question's own.
    analog_weight: float = 1.0
    # … unless the question's own top hit in that region outscores its second by this much:
    # its own words found the rule ("跑到盟市去考" finds 兵团's 跨师市 article), and the last
    # rule's wording (盟市, 站点备案) would only pull in that region's look-alikes.
    analog_clear_lead: float = 1.35
    # Hits scoring this close to the top (within 12%) are a tie, broken by the one carrying every word of
    # the question (looked for this deep).
    tie_ratio: float = 0.88
    # … within 5% for one region's line of a comparison, where each region's text is searched
    # with the words of all of them.
    compare_tie_ratio: float = 0.95
    tie_pool: int = 5
    # For "what does X mean", an article defining X (本办法所称X,是指) leads from this far down.
    definition_pool: int = 10
    definition_ratio: float = 0.6


@dataclass(frozen=True)
class Judgement:
    coverage: float
    covered: bool
    missing: tuple[str, ...]


def law_terms(terms: TermStats, question: str, ignore: tuple[str, ...] = ()) -> list[str]:
    """The question's words a passage can be judged by. Words the corpus never uses cannot be
    matched by any passage; colloquial fillers (那边, 有个) are among them, so only corpus
    words count, and a count asked (几年, 两次) is how much, not what."""
    of_extent = extent_of(question)  # 大面积: how badly, not what
    return [
        t for t in terms.content_terms(question, ignore=ignore)
        if terms.known(t) and len(t) > 1 and not QUANTITY.match(t) and not of_extent(t)
    ]


def judge(
    terms: TermStats, thresholds: CoverageThresholds, question: str, hit: Hit, ignore: tuple[str, ...] = ()
) -> Judgement:
    """How much of the question's topic `hit` carries (idf-weighted share of its corpus words),
    and whether that, with closeness in meaning, makes it an answer."""
    wanted, asking, synonyms, places = _asked(terms, question, ignore)
    if not wanted and not places:
        return Judgement(1.0, hit.dense >= thresholds.min_dense, ())
    # The heading counts: it was written from this article, and search matched on it.
    hit_terms = set(terms.tokens(f"{hit.doc_title} {hit.chapter} {hit.heading} {hit.text}"))
    total = matched = 0.0
    missing: list[str] = []
    for term in wanted:
        found = term in hit_terms or term in hit.text or any(s in hit.text for s in synonyms.get(term, ()))
        # A word inside a colloquial phrase the statute says otherwise ("去赤峰组织考试": 站点备案)
        # is matched by the phrase's statutory words.
        found = found or any(term in phrase and any(s in hit.text for s in adds) for phrase, adds in synonyms.items())
        if not found and term in asking:
            continue
        weight = terms.idf(term)
        total += weight
        if found:
            matched += weight
        else:
            missing.append(term)
    for phrase, adds in places:
        weight = max(terms.idf(a) for a in adds)
        total += weight
        if any(a in hit.text for a in adds):
            matched += weight
        else:
            missing.append(phrase)
    coverage = matched / total if total else 1.0
    # Without vectors (store unreachable: hit.semantic is False) the words alone decide.
    close = hit.dense >= thresholds.min_dense or not hit.semantic
    covered = coverage >= thresholds.min_term_coverage and close
    return Judgement(coverage, covered, tuple(missing))


@lru_cache(maxsize=1024)
def _asked(terms: TermStats, question: str, ignore: tuple[str, ...]) -> tuple[
    tuple[str, ...], str, Mapping[str, tuple[str, ...]], tuple[tuple[str, tuple[str, ...]], ...]
]:
    """The question's side of a judgement: its law words, its ways of asking, its colloquial
    phrases and the place phrases among them. Cached: an answer weighs a dozen passages
    against one question, and this side was most of each weighing's cost.
    How the question asks (怎么处理, 包括哪些, 能不能) is not what it asks about: such a
    word counts when the passage has it, and is not missed when it lacks it."""
    wanted = tuple(law_terms(terms, question, ignore))
    synonyms = MappingProxyType(expansions(question))
    return wanted, asking_words(question), synonyms, tuple(_place_phrases(terms, synonyms, list(wanted), ignore))


def _place_phrases(
    terms: TermStats, synonyms: Mapping[str, tuple[str, ...]], wanted: list[str], ignore: tuple[str, ...]
) -> list[tuple[str, tuple[str, ...]]]:
    """Colloquial phrases built on a place word ("去师市搞认定", "跑盟市考试"): the place is
    ignored as a region's name, yet going there is the topic (跨师市, 站点备案). Such a phrase,
    holding none of the words judged already, is judged by its statutory words."""
    return [
        (phrase, known)
        for phrase, adds in synonyms.items()
        if any(w in phrase for w in ignore) and not any(t in phrase for t in wanted)
        and (known := tuple(a for a in adds if terms.known(a)))
    ]
