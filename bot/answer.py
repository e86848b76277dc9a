"""Extractive answers to policy questions: a lead taken from the text, then the passages.

No LLM is needed: the lead is the sentence (or two) of the best article that
shares the most rare words with the question, so every number in it is quoted
from a cited passage. Coverage is judged before answering: when the best
passages leave the question's rare words unmatched, or are not close enough in
meaning, the answer says the texts do not cover it instead of showing weakly
related articles. Thresholds live in `CoverageThresholds` and are calibrated by
`benchmarks/eval_answers.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from corpus.models import JURISDICTION_NAMES, Jurisdiction
from retrieval.expansion import expansions
from retrieval.hits import Hit
from retrieval.regions import detect_regions, detect_unsupported
from retrieval.search import Searcher
from retrieval.sentences import split_sentences, strip_label

SCOPE_FILE = Path(__file__).with_name("scope.yaml")
# What kind of sentence answers a kind of question: a duration question wants a number with
# a time unit, a "who" question wants a body. (question cue, sentence cue, bonus in IDF units)
ANSWER_SHAPES: tuple[tuple[re.Pattern[str], re.Pattern[str], float], ...] = tuple(
    (re.compile(q), re.compile(a), bonus)
    for q, a, bonus in (
        (r"多久|几年|多长|期限|多少天|几个月|有效期|时限|哪天|何时|什么时候", r"\d+\s*(年|个月|日|天|个工作日)|[一二三四五六七八九十]+个工作日|\d{4}年\d{1,2}月", 3.0),
        (r"几人|多少人|几名|不少于|至少", r"不少于|不低于|\d+人|\d+名", 3.0),
        (r"谁|哪个部门|哪里|向谁|交给|找谁|由谁", r"部门|中心|机构|厅|局", 1.5),
        (r"比例|百分之|多少比例", r"\d+%", 3.0),
    )
)

LOCAL_REGIONS = (Jurisdiction.BINGTUAN, Jurisdiction.NEIMENGGU, Jurisdiction.TIANJIN)


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


@dataclass(frozen=True)
class PolicyAnswer:
    text: str
    citations: tuple[Hit, ...]
    covered: bool
    per_region: bool = False
    regions: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Judgement:
    coverage: float
    covered: bool
    missing: tuple[str, ...]


class PolicyAnswerer:
    def __init__(self, searcher: Searcher, thresholds: CoverageThresholds | None = None) -> None:
        self.searcher = searcher
        self.thresholds = thresholds or CoverageThresholds()

    # -- judging -------------------------------------------------------------
    def judge(self, question: str, hit: Hit, ignore: tuple[str, ...] = ()) -> Judgement:
        terms = self.searcher.terms
        # Words the corpus never uses cannot be matched by any passage; colloquial fillers
        # (那边, 有个) are among them, so only corpus words count towards coverage.
        wanted = [t for t in terms.content_terms(question, ignore=ignore) if terms.known(t) and len(t) > 1]
        if not wanted:
            return Judgement(1.0, hit.dense >= self.thresholds.min_dense, ())
        # The heading counts: it was written from this article, and search matched on it.
        hit_terms = set(terms.tokens(f"{hit.doc_title} {hit.chapter} {hit.heading} {hit.text}"))
        synonyms = expansions(question)
        total = matched = 0.0
        missing: list[str] = []
        for term in wanted:
            weight = terms.idf(term)
            total += weight
            found = term in hit_terms or term in hit.text or any(s in hit.text for s in synonyms.get(term, ()))
            if found:
                matched += weight
            else:
                missing.append(term)
        coverage = matched / total if total else 1.0
        covered = coverage >= self.thresholds.min_term_coverage and hit.dense >= self.thresholds.min_dense
        return Judgement(coverage, covered, tuple(missing))

    # -- leads ---------------------------------------------------------------
    def lead(self, question: str, hit: Hit) -> str:
        """The one or two sentences of `hit` that share the most rare words with the question."""
        terms = self.searcher.terms
        wanted = set(terms.content_terms(question))
        synonyms = expansions(question)
        for extra in synonyms.values():
            wanted.update(extra)
        sentences = split_sentences(strip_label(hit.text))
        if not sentences:
            return hit.text

        shapes = [(a, bonus) for q, a, bonus in ANSWER_SHAPES if q.search(question)]

        def score(sentence: str) -> float:
            present = set(terms.tokens(sentence))
            overlap = sum(terms.idf(t) for t in wanted if t in present or (len(t) > 1 and t in sentence))
            shaped = sum(bonus for a, bonus in shapes if a.search(sentence))
            return (overlap + shaped) / (1.0 + len(sentence) / 150)

        scored = [(score(s), i) for i, s in enumerate(sentences)]
        best_score, best = max(scored, key=lambda pair: (pair[0], -pair[1]))
        chosen = [best]
        runner = [(sc, i) for sc, i in scored if i != best and sc >= 0.6 * best_score and sc > 0]
        if runner and (len(sentences[best]) < 40 or runner[0][0] >= 0.9 * best_score):
            chosen.append(max(runner)[1])
        parts = [sentences[i] for i in sorted(chosen)]
        return "".join(p if p[-1] in "。;;!?!?::" else f"{p} " for p in parts).strip()

    # -- answers -------------------------------------------------------------
    def answer(
        self,
        question: str,
        regions: tuple[Jurisdiction, ...] = (),
        per_region: bool = False,
        prefer: Jurisdiction | None = None,
    ) -> PolicyAnswer:
        refusal = self.refusal(question)
        if refusal is not None:
            return refusal
        if per_region or len(regions) >= 2:
            return self.compare(question, regions or LOCAL_REGIONS)
        region = regions[0] if regions else None
        hits = self._stored_region_hits(question, prefer) if region is None and prefer else []
        if not hits:
            focus = region or prefer
            hits = self.searcher.search(question, k=5, prefer=focus.value if focus else None)
        if not hits:
            return self.not_covered(question)
        top = hits[0]
        judgement = self.judge(question, top, ignore=_region_words())
        if not judgement.covered:
            return self.not_covered(question, judgement)
        if region is None and prefer is None:
            spread = self._regional_spread(question, hits)
            if len(spread) >= 2:
                return self.compare(question, tuple(spread))
        support = self._support(question, hits)
        text = f"{self.lead(question, top)}\n(依据:{top.citation})"
        return PolicyAnswer(text, support, True, regions=tuple(h.jurisdiction for h in support))

    def _stored_region_hits(self, question: str, region: Jurisdiction) -> list[Hit]:
        """The user's own region first: its articles when they answer, else nothing (and the
        caller searches everywhere, so a national topic still finds the national texts)."""
        hits = self.searcher.search(question, k=5, jurisdiction=region.value)
        if hits and self.judge(question, hits[0], ignore=_region_words()).covered:
            return hits
        return []

    def _support(self, question: str, hits: list[Hit]) -> tuple[Hit, ...]:
        top = hits[0]
        chosen = [top]
        for hit in hits[1:]:
            if len(chosen) >= self.thresholds.max_support:
                break
            if hit.score >= self.thresholds.support_ratio * top.score and self.judge(question, hit).covered:
                chosen.append(hit)
        return tuple(chosen)

    def _regional_spread(self, question: str, hits: list[Hit]) -> list[Jurisdiction]:
        """Local regions whose best article answers about as well as the top one."""
        top = hits[0]
        regions: list[Jurisdiction] = []
        for hit in hits:
            region = Jurisdiction(hit.jurisdiction)
            if region not in LOCAL_REGIONS or region in regions:
                continue
            if hit.score >= self.thresholds.per_region_ratio * top.score and self.judge(question, hit).covered:
                regions.append(region)
        return regions if Jurisdiction(top.jurisdiction) in regions else []

    def compare(self, question: str, regions: tuple[Jurisdiction, ...]) -> PolicyAnswer:
        """One line per region, each with its own citation; regions without an answer say so."""
        lines: list[str] = []
        cited: list[Hit] = []
        for region in regions:
            hits = self.searcher.search(question, k=1, jurisdiction=region.value)
            name = JURISDICTION_NAMES[region]
            if hits and self.judge(question, hits[0], ignore=_region_words()).covered:
                hit = hits[0]
                cited.append(hit)
                lines.append(f"{name}:{self.lead(question, hit)}({hit.citation})")
            else:
                lines.append(f"{name}:现有文本中未找到明确规定。")
        if not cited:
            return self.not_covered(question)
        return PolicyAnswer("\n".join(lines), tuple(cited), True, per_region=True, regions=tuple(r.value for r in regions))

    def refusal(self, question: str) -> PolicyAnswer | None:
        """Questions about a topic or a place the corpus does not cover, decided before searching."""
        places = detect_unsupported(question)
        if places and not detect_regions(question):
            return self.not_covered(question, reason=f"收录的文本不包括{'、'.join(places)}的规定")
        topic = out_of_scope_topic(question)
        if topic:
            return self.not_covered(question, reason=f"收录的文本没有关于{topic}的规定")
        return None

    def not_covered(
        self, question: str, judgement: Judgement | None = None, reason: str = ""  # noqa: ARG002
    ) -> PolicyAnswer:
        if not reason and judgement and judgement.missing:
            reason = f"未找到与“{'、'.join(judgement.missing[:3])}”相关的规定"
        detail = f"({reason})" if reason else ""
        text = (
            f"现有政策文本没有回答这个问题{detail}。"
            "本助手收录的是兵团、内蒙古、天津的评价机构管理与职业技能等级认定办法,"
            "以及人社部水平评价类职业资格承接办法和国家职业资格目录通知;"
            "考试费用、具体考试日期、证书补办和其他省份的规定不在其中。"
            "您可以问:备案条件、备案有效期与续期、材料清单、档案保管、违纪违规处理等。"
        )
        return PolicyAnswer(text, (), False)


@lru_cache(maxsize=1)
def _region_words() -> tuple[str, ...]:
    """Region names and the pieces search-mode cutting makes of them (内蒙古 → 内蒙, 蒙古)."""
    from retrieval.regions import PLACE_ALIASES, WEAK_ALIASES  # noqa: PLC0415

    literals = [a for table in (PLACE_ALIASES, WEAK_ALIASES) for aliases in table.values() for a in aliases]
    words: set[str] = set()
    for keyword in (a for a in literals if re.escape(a) == a):
        words.add(keyword)
        words.update(keyword[i:j] for i in range(len(keyword)) for j in range(i + 2, len(keyword) + 1))
    return tuple(sorted(words))


@dataclass(frozen=True)
class OutOfScope:
    topic: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _out_of_scope() -> tuple[OutOfScope, ...]:
    rows = yaml.safe_load(SCOPE_FILE.read_text(encoding="utf-8")) or []
    return tuple(OutOfScope(row["topic"], re.compile("|".join(row["when"]))) for row in rows)


def out_of_scope_topic(question: str) -> str | None:
    """The uncovered topic a question asks about, from `scope.yaml`, if any."""
    for entry in _out_of_scope():
        if entry.pattern.search(question):
            return entry.topic
    return None
