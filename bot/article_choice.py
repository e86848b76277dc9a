"""Choosing the article that answers and composing its lead: the judging half of answering.

`ArticleChooser` judges a hit against the question (`bot/judgement.py`), reorders close
hits so the lead article holds what the slot asks (a figure, a sanction, the list's own
noun), finds a text's 施行 clause, and composes leads (`bot/compose.py`).
`bot/answer.py`'s `PolicyAnswerer` builds on it to answer regional, national and
comparison questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from bot.article_text import compose_lead, notice_last, whole_article
from bot.compose import Composer
from bot.framing_order import PastFraming
from bot.issued import (
    asks_about_issue,
    asks_date,
    issued_lead,
    names_ministry,
    numbered,
    signed_parts,
)
from bot.judgement import CoverageThresholds, Judgement, judge
from bot.leaning import Leaning
from bot.question_text import distinctive_run, region_words, region_words_but_named, without_places
from bot.shapes import DEFINED, asked_unit, shapes
from bot.silence import RegionVocabulary
from bot.slots import DETAILS, LISTS, Slot, inner_slot
from corpus import cached_corpus
from corpus.models import Jurisdiction
from retrieval.expansion import expansions, naming_phrases
from retrieval.hits import Hit
from retrieval.search import Searcher
from retrieval.sentences import strip_label

# A statutory phrase that names one rule names its article when one of the first PHRASE_POOL
# hits alone holds it …
PHRASE_POOL = 5
# … and scores this close to the top hit.
PHRASE_CLOSE = 0.8

__all__ = ["ArticleChooser", "PolicyAnswer"]


@dataclass(frozen=True)
class PolicyAnswer:
    text: str
    citations: tuple[Hit, ...]
    covered: bool
    per_region: bool = False
    regions: tuple[str, ...] = field(default=())


class ArticleChooser(PastFraming):
    """Judging hits and choosing the article whose lead answers: the parts of answering a
    question that do not depend on where the answer is looked for (a region, a comparison)."""

    def __init__(self, searcher: Searcher, thresholds: CoverageThresholds | None = None) -> None:
        self.searcher = searcher
        self.thresholds = thresholds or CoverageThresholds()

    @cached_property
    def vocabulary(self) -> RegionVocabulary:
        """Each region's whole text, built on first use (searcher.chunks is the index)."""
        return RegionVocabulary(self.searcher.terms, [(c.jurisdiction, c.text) for c in self.searcher.chunks])

    # -- judging -------------------------------------------------------------
    def judge(self, question: str, hit: Hit, ignore: tuple[str, ...] = ()) -> Judgement:
        return judge(self.searcher.terms, self.thresholds, question, hit, ignore)

    # -- leads ---------------------------------------------------------------
    def composer(self, question: str, slot: Slot | None = None) -> Composer:
        """A lead composer for this question: its words (with synonyms) and its slot."""
        terms = self.searcher.terms
        wanted = set(terms.content_terms(question, ignore=region_words_but_named(question)))
        synonyms = expansions(question)
        for extra in synonyms.values():
            wanted.update(extra)
        return Composer(terms, question, wanted, slot or inner_slot(question), synonyms)

    def lead(self, question: str, hit: Hit, slot: Slot | None = None) -> str:
        """The lead composed from the whole article of `hit` for the slot asked."""
        return compose_lead(self.composer(question, slot), hit)

    def _answers(self, question: str, composer: Composer) -> Callable[[Hit], bool]:
        """Whether a hit answers: covered by the judgement and holding what the slot asks."""
        return lambda hit: self.judge(question, hit, ignore=region_words()).covered and composer.fits(
            whole_article(hit)
        )

    def _silent(self, question: str, hits: list[Hit], composer: Composer) -> bool:
        """A figure asked in a named unit (几年, 几名, 多少万元) that no close hit holds near
        the question's words: the texts are silent, whichever article matched best."""
        if asked_unit(question, composer.slot) is None:
            return False
        close = [h for h in hits[:3] if h.score >= self.thresholds.slot_ratio * hits[0].score]
        return not any(composer.fits(whole_article(h)) for h in close)

    def covers(self, question: str, hit: Hit) -> bool:
        """Whether `hit` carries enough of the question's topic to answer it."""
        return self.judge(question, hit, ignore=region_words()).covered

    def _last_first(
        self, question: str, hits: list[Hit], last: tuple[str, int] | None, answers: Callable[[Hit], bool],
        composer: Composer, judged: str = "",
    ) -> list[Hit]:
        """`hits` with the last answer's article first, when found again and it holds the detail
        this short follow-up asks ("向谁申请" after 站点备案: that article names the body), unless
        the follow-up's own words are the top's and not the last article's ("要是查实了他们就是没兑现
        承诺呢" after who checks a complaint: 承诺 is another article's rule; so is 公布 of "那一年
        公布几次" after 有效期). When it lacks the detail ("那最晚啥时候要提" after 兵团's 申请复核,
        which sets no time limit), articles far less about the conversation's topic do not stand
        in for it: a figure of another rule (第十九条's 7个工作日) is no answer, the region's text
        is silent on the point."""
        if composer.slot not in DETAILS:
            return hits  # what happens, which steps: usually another article than the rule quoted
        again = next((h for h in hits if last and (h.doc_key, h.article) == last), None)
        if again is None:
            return hits
        own = lambda hit: self.judge(question, hit, ignore=region_words()).coverage  # noqa: E731
        if again is not hits[0] and own(hits[0]) - own(again) >= self.thresholds.outmatch_margin:
            return hits  # the follow-up's own words are another article's ("那一年公布几次")
        topic = judged or question
        if not composer.fits(whole_article(again)) and self.covers(topic, again):
            return self._on_topic(topic, hits, again)
        if again is hits[0] or not answers(again) or not composer.prefers(whole_article(again)):
            return hits
        return [again, *(h for h in hits if h is not again)]

    def _narrowed(self, hits: list[Hit], leaning: Leaning) -> list[Hit]:
        """`hits` with the last answer's article first when the follow-up names one of its own
        cases ("情节严重呢" after 人社部 第十九条's 责令其整改;情节严重的,…): the same rule, narrowed,
        not another article using the words (第二十条's staff 情节严重的)."""
        last, words = leaning.last_cited, leaning.narrows
        if not words:
            return hits
        again = next((h for h in hits if last and (h.doc_key, h.article) == last), None)
        if again is None or again is hits[0] or words not in whole_article(again):
            return hits
        return [again, *(h for h in hits if h is not again)]

    def _searched_alone(self, question: str, hits: list[Hit], region: str, k: int) -> list[Hit]:
        """`hits` (searched with the last question), or the region's hits for the question's
        own words when none of those answers them: "考试有人作弊 发出去的证咋办" after "内蒙考评员要
        持证上岗吗" is a question of its own (第四十四条), not one about 考评人员."""
        if any(self.judge(question, hit, ignore=region_words()).covered for hit in hits):
            return hits
        alone = notice_last(question, self.searcher.search(question, k=k, jurisdiction=region))
        return self._better_covered(question, alone) or hits

    def _own_words_first(self, question: str, hits: list[Hit], region: str | None, k: int, context: str | None = None) -> list[Hit]:
        """`hits` (searched with the last question) led by the region's article searched by the
        follow-up's own words, when that one holds every word of them and the first does not:
        "那申请了要多久能公布" after a question on 有效期 asks about 公布 (内蒙古 第十一条).
        With the last question's `context` (a yes/no follow-up, which may ask whether the last
        rule reaches its case): only when the first holds none of the words that question did
        not say ("那承接以后协会还能办相关的培训班不" after 承接's conditions: 培训班 is 第十五条's)."""
        own = self.searcher.search(question, k=k, jurisdiction=region)
        if not own or not hits or own[0].chunk_id == hits[0].chunk_id:
            return hits
        cover = lambda hit, words=question: self.judge(words, hit, ignore=region_words()).coverage  # noqa: E731
        if context is not None:
            fresh = " ".join(t for t in self.searcher.terms.content_terms(question, ignore=region_words()) if t not in context)
            if not fresh.strip() or cover(own[0], fresh) < 1.0 or cover(hits[0], fresh) > 0.0:
                return hits
        elif cover(own[0]) < 1.0 or cover(hits[0]) >= 1.0:
            return hits
        return [own[0], *(h for h in hits if h.chunk_id != own[0].chunk_id)]

    def _on_topic(self, judged: str, hits: list[Hit], again: Hit | None = None) -> list[Hit]:
        """The hits about as much about the conversation's topic (question and what it leans
        on) as the last article (`again`, put first) or, without one, as the most."""
        cover = lambda hit: self.judge(judged, hit, ignore=region_words()).coverage  # noqa: E731
        if not hits and again is None:
            return []
        floor = (cover(again) if again is not None else max(cover(h) for h in hits)) - self.thresholds.topic_margin
        return [*((again,) if again is not None else ()), *(h for h in hits if h is not again and cover(h) >= floor)]

    def _slot_fit(self, question: str, hits: list[Hit], composer: Composer, asked_of: str | None = None) -> list[Hit]:
        """Hits reordered so the lead article fits the slot (a duration for how-long), among
        the ones scoring close to the top; the others keep their rank. A question asked of
        one jurisdiction (the ministry's, searched among all texts) is answered by that
        jurisdiction's fitting article, not another region's that ranks close."""
        hits = self._past_framing(question, hits)
        if composer.slot is Slot.CONDITIONS:
            hits = self._past_supplement(question, hits)
        if composer.slot in LISTS:
            hits = self._named_list(question, hits)
        named = self._named_by_phrase(question, hits)
        if named is not None:
            return [named, *(h for h in hits if h is not named)]
        # A definition clause of the very term asked is a structural signal: it may come from further down.
        limits = self.thresholds
        # A definition ("本办法所称…是指") shares the words of every question on the term it
        # defines; it answers only what the term means, so what fits the slot may come from
        # further down, as a sanction may.
        defining = composer.slot in LISTS and DEFINED.search(hits[0].text[:80]) is not None
        sanction = composer.slot is Slot.CONSEQUENCES
        wide = sanction or defining
        pool, ratio = (
            (limits.definition_pool, limits.definition_ratio)
            if composer.slot is Slot.DEFINITION
            else (limits.sanction_pool if wide else 3, limits.sanction_ratio if wide else (
                limits.list_ratio if composer.slot in LISTS else limits.slot_ratio
            ))
        )
        close = [
            h for h in hits[:pool]
            if h.score >= ratio * hits[0].score and (asked_of is None or h.jurisdiction in (asked_of, hits[0].jurisdiction))
        ]
        fits = [h for h in close if self.covers(question, h) and composer.prefers(whole_article(h))]
        fitting = next(iter(fits), None)
        if fitting is None and defining:
            # No close article lists it either: one that is not the definition says more of it
            # ("全国性协会想承接水平评价认定 申请流程是啥": 第九条's 提出…申请, not 第三条's 所称行业组织).
            fitting = next((h for h in close[1:] if self.covers(question, h) and not DEFINED.search(h.text[:80])), None)
        if sanction and (party := shapes().party(question)):
            # The sanction on the party asked about, not on another one the same text names.
            fitting = next((h for h in fits if shapes().same_party(party, strip_label(h.text))), fitting)
        if fitting is None or fitting is hits[0] or composer.names_one_case(whole_article(hits[0])):
            return hits
        if composer.slot in LISTS and not wide and self._says_it_closer(question, hits[0], fitting):
            return hits
        return [fitting, *(h for h in hits if h is not fitting)]

    def _better_covered(self, question: str, hits: list[Hit], leaning: bool = False, tie: float | None = None) -> list[Hit]:
        """`hits` with a close one first that carries nearly all the question's words where the
        top carries far fewer, and is closer in meaning ("协会自己搞的能力评价证书能印国徽吗": 浙江's
        转发 part lacks 国徽, the ministry's notice says it). The rule `_outmatching` applies to
        a region's own article, applied among texts when the question names no region. A
        question `leaning` on the last turn was searched with it: its own words break no tie."""
        if len(hits) < 2:
            return hits
        limits = self.thresholds
        top = self.judge(question, hits[0], ignore=region_words()).coverage
        if top > 1.0 - limits.outmatch_margin:
            return hits if leaning else self._whole_in_a_tie(question, hits, top, tie)
        # The law words the question's colloquial ones stand for (好处 → 激励; not a word the
        # texts use themselves, 异议) count too: the top holding one the other lacks is about
        # what was asked ("督导结果好的…能得到啥好处").
        terms = self.searcher.terms
        meant = {w for said, adds in expansions(question).items() if not terms.known(said) for w in adds if len(w) > 1}
        holds = lambda hit: {w for w in meant if w in whole_article(hit)}  # noqa: E731
        for hit in hits[1:3]:
            cover = self.judge(question, hit, ignore=region_words()).coverage
            if hit.dense > hits[0].dense and cover >= limits.outmatch_min and cover - top >= limits.outmatch_margin:
                if holds(hits[0]) - holds(hit):
                    continue
                return [hit, *(h for h in hits if h is not hit)]
        return hits if leaning else self._whole_in_a_tie(question, hits, top, tie)

    def _whole_in_a_tie(self, question: str, hits: list[Hit], top: float, ratio: float | None = None) -> list[Hit]:
        """`hits` led by the one close hit carrying every word of the question, when the top
        lacks one and scores hardly more ("行业组织想承接水平评价类职业资格认定 向谁申请": the
        ministry's articles all name 行业组织 and 承接; only 第九条 says 提出…申请)."""
        if top >= 1.0:
            return hits
        tie = (ratio or self.thresholds.tie_ratio) * hits[0].score
        for hit in hits[1 : self.thresholds.tie_pool]:
            if hit.score < tie:
                break
            if self.judge(question, hit, ignore=region_words()).coverage >= 1.0:
                return [hit, *(h for h in hits if h is not hit)]
        return hits

    def _named_by_phrase(self, question: str, hits: list[Hit]) -> Hit | None:
        """The one close hit holding the statute's own phrase for what the question says in
        its words ("出了本省还认吗" → 证书在全国范围内有效): that article is the one asked about,
        though others share more of the question's everyday words (协会 where it says 行业组织).
        Only phrases marked as naming one rule (synonyms.yaml `names`) count; one several hits
        hold tells none apart."""
        phrases = naming_phrases(question)
        if not phrases:
            return None
        holders = [h for h in hits[:PHRASE_POOL] if any(p in whole_article(h) for p in phrases)]
        if len(holders) != 1 or holders[0] is hits[0] or holders[0].score < PHRASE_CLOSE * hits[0].score:
            return None
        return holders[0]

    def _says_it_closer(self, question: str, top: Hit, other: Hit) -> bool:
        """The top hit repeats a longer run of the question's own wording ("主动申请终止备案"
        against "终止备案"): the article about the very thing asked, which a list noun
        (程序 of "按以下程序处理") elsewhere must not displace."""
        asked, corpus = without_places(question), self.passages
        run = lambda hit: distinctive_run(asked, whole_article(hit), corpus)  # noqa: E731
        return run(top) >= run(other) + self.thresholds.phrase_margin

    @cached_property
    def passages(self) -> tuple[str, ...]:
        """Every indexed passage: how many hold a run of words tells how distinctive it is."""
        return tuple(c.text for c in self.searcher.chunks)

    def _effective_clause(self, question: str, hits: list[Hit], named: bool = False) -> Hit | None:
        """For "从什么时候开始施行" (or "找谁解释"), the clause of the found text that says when
        it takes effect ("本办法自发布之日起施行"; who interprets it): search ranks the covering
        notice and the purpose article above a one-line final article, and its few words would
        not pass the judgement."""
        clause = next((clause for asked, clause in shapes().final_clauses() if asked.search(question)), None)
        if not hits or clause is None:
            return None
        top = hits[0]
        # The question is about this text when one of its close hits answers it (the clause
        # itself, "本规程自印发之日起试行", has too few words to).
        # A comparison names each text (`named`): its region's hits are that text.
        about = named or any(h.doc_key == top.doc_key and self.covers(question, h) for h in hits[:3])
        if not about:
            return None
        number = _effect_article(top.doc_key, clause)
        return self.searcher.article_hit(top.doc_key, number, top.score) if number is not None else None

    def issued_answer(self, question: str, region: Jurisdiction | None) -> PolicyAnswer | None:
        """For "那个通知是哪天印发的", the text's own record: which text is the one the question
        quotes by number, else the region's only text, else the one search finds."""
        if not asks_about_issue(question):
            return None
        metas = [d.meta for d in cached_corpus().documents.values()]
        meta = numbered(question, metas)
        if meta is None and region is not None:
            own = [m for m in metas if m.jurisdiction is region]
            meta = own[0] if len(own) == 1 else None
        if meta is None:
            hits = self.searcher.search(question, k=1, jurisdiction=region.value if region else None)
            meta = next((m for m in metas if hits and m.key == hits[0].doc_key), None)
        if meta is None:
            return None
        chosen = [meta]
        if meta.jurisdiction is not Jurisdiction.NATIONAL and names_ministry(question):
            national = self.searcher.search(question, k=1, jurisdiction=Jurisdiction.NATIONAL.value)
            chosen.extend(m for m in metas if national and m.key == national[0].doc_key)
        cited = [(m, hit) for m in chosen if (hit := self._record_hit(m.key)) is not None]
        if not cited:
            return None
        text = "\n".join(f"{issued_lead(m)}(依据:{hit.citation})" for m, hit in cited)
        # A record without a date does not answer "哪天印发的"; it says so, uncovered.
        covered = not asks_date(question) or all(m.published is not None for m, _ in cited)
        hits = tuple(hit for _, hit in cited)
        return PolicyAnswer(text, hits, covered, regions=tuple(hit.jurisdiction for hit in hits))

    def _record_hit(self, doc_key: str) -> Hit | None:
        """The part of a text that shows when it was issued: its 落款 or 印发通知, else its 施行
        clause, else its opening (the citation line names the number and dates in every case)."""
        signed = (self.searcher.article_hit(doc_key, None, label=label) for label in signed_parts())
        found = next((hit for hit in signed if hit is not None), None)
        if found is not None:
            return found
        clause = shapes().effective_clause
        number = _effect_article(doc_key, clause) if clause is not None else None
        first = next((c.article for c in self.searcher.chunks if c.doc_key == doc_key), None)
        return self.searcher.article_hit(doc_key, number if number is not None else first)

    def _clause_answer(self, hit: Hit, composer: Composer) -> PolicyAnswer:
        text = f"{compose_lead(composer, hit)}\n(依据:{hit.citation})"
        return PolicyAnswer(text, (hit,), True, regions=(hit.jurisdiction,))

    def _depth(self, slot: Slot, k: int) -> int:
        """How many hits to fetch: more for a definition, whose defining article may rank lower,
        and for a list (what happens, which steps, which conditions), whose own article may rank
        below the rule broken or the articles sharing the asker's words."""
        if slot is Slot.DEFINITION:
            return max(k, self.thresholds.definition_pool)
        if slot in LISTS:
            # A list's own article ("评价机构备案流程为:") may rank below articles sharing the
            # asker's words (申请, 评价机构); the slot's fit (`prefers`) picks it from deeper.
            return max(k, self.thresholds.sanction_pool)
        return k


def _effect_article(doc_key: str, clause: re.Pattern[str]) -> int | None:
    """The number of the article holding a final clause (when the text takes effect, who
    interprets it), usually its last; None when it has none (or the index was built from
    another corpus copy)."""
    try:
        articles = cached_corpus().document(doc_key).articles
    except Exception:  # noqa: BLE001 - an index built from another corpus copy
        return None
    found = next((a for a in reversed(articles) if clause.search(a.text)), None)
    return found.number if found else None
