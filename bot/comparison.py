"""Comparing regions: one line per region, each with its own citation, silences said by name.

"兵团和内蒙古题库更新有啥不同" and "其他地方呢" are answered region by region: each region's
text is searched on the question without the places it names, its article chosen as a
regional answer's is (`bot/article_choice.py`), and a region whose text says nothing is named
with its text's title, as a regional silence is.
"""

from __future__ import annotations

import re

from bot.article_choice import ArticleChooser, PolicyAnswer
from bot.article_text import compose_lead, notice_last, whole_article
from bot.compose import Composer
from bot.known_articles import with_analog
from bot.not_covered import not_covered
from bot.question_text import region_words, without_places
from bot.regional import silent_about
from bot.shapes import shapes
from bot.slots import Slot
from corpus.models import JURISDICTION_NAMES, Jurisdiction
from retrieval.hits import Hit
from retrieval.sentences import split_sentences, strip_label

__all__ = ["RegionComparer"]


class RegionComparer(ArticleChooser):
    """Answers a question region by region (`compare`)."""

    def compare(self, question: str, regions: tuple[Jurisdiction, ...], analog_of: str = "") -> PolicyAnswer:
        """One line per region, each with its own citation; regions without an answer say so.
        `analog_of`: the rule the last answer quoted, when the question is asked again of
        other regions (each is also searched by it, as a single region asked again is)."""
        lines: list[str] = []
        cited: list[Hit] = []
        composer = self.composer(question)
        # Within one region's text its own name tells nothing (兵团 is in most of 兵团's
        # articles): the regions are searched on the question without the places it names.
        query, tie = without_places(question), self.thresholds.compare_tie_ratio
        found = {
            region: self._better_covered(question, notice_last(question, self.searcher.search(query, k=3, jurisdiction=region.value)), tie=tie)
            for region in regions
        }
        if analog_of:
            found = {region: with_analog(self.searcher, self.thresholds, hits, analog_of, region) for region, hits in found.items()}
        best = max((hits[0].score for hits in found.values() if hits), default=0.0)
        for region, hits in found.items():
            name = JURISDICTION_NAMES[region]
            # "分别啥时候开始执行的": the clause saying so, which has too few words to be judged.
            fitting = self._effective_clause(question, hits, named=True) or self._comparison_hit(question, hits, composer, best)
            if fitting is not None:
                cited.append(fitting)
                lines.append(f"{name}:{_line(composer, fitting)}({fitting.citation})")
            else:
                # Said as a regional silence is: the region's text by name, then what it lacks.
                lines.append(f"{name}:《{self._region_title(region)}》没有规定{silent_about(question, composer.slot)}。")
        if not cited:
            return not_covered(question)
        return PolicyAnswer("\n".join(lines), tuple(cited), True, per_region=True, regions=tuple(r.value for r in regions))

    def _comparison_hit(self, question: str, hits: list[Hit], composer: Composer, best: float) -> Hit | None:
        """A region's article for its comparison line: the first that answers, else the first
        covered, else its top one when close enough to the best region's."""
        hits = self._slot_fit(question, hits, composer)  # a sanction for what-happens, a figure …
        answers = self._answers(question, composer)
        covered = [h for h in hits if self.judge(question, h, ignore=region_words()).covered]
        if composer.slot is Slot.WHO and shapes().asks_where_to_hand_in(question):
            # "兵团和天津分别是向哪个部门递申请": the article saying where it goes (向市鉴定中心提出).
            covered = sorted(covered, key=lambda h: not _names_receiver(h))
        return next((h for h in covered if answers(h)), covered[0] if covered else self._close_enough(hits, best))

    def _close_enough(self, hits: list[Hit], best: float) -> Hit | None:
        """A region's top article for a comparison line when the question's few corpus words
        miss it (考试 where its text says 认定) but it scores near the best region's and is close
        in meaning: one region's wording should not make another's rule "not found"."""
        if not hits:
            return None
        top = hits[0]
        close = top.dense >= self.thresholds.min_dense or not top.semantic
        return top if close and top.score >= self.thresholds.compare_ratio * best else None

    def _region_title(self, region: Jurisdiction) -> str:
        titles = [c.doc_title for c in self.searcher.chunks if c.jurisdiction == region.value]
        return titles[0] if titles else JURISDICTION_NAMES[region]


def _names_receiver(hit: Hit) -> bool:
    """Whether the article says where the party hands it in (向…提出, or the body that 受理s it)."""
    return any(shapes().receives(s) for s in split_sentences(strip_label(whole_article(hit))))


# A region's article this short is quoted whole on its comparison line: the regions often differ
# in a clause the lead would leave out (内蒙古 第四十八条's 对复核决定不服的,可向上一级…申诉).
WHOLE_ARTICLE = 300


def _line(composer: Composer, hit: Hit) -> str:
    """What a region's comparison line quotes: its article whole when short, else its lead."""
    whole = re.sub(r"\s*\n\s*", "", strip_label(whole_article(hit)))  # one line, though its paragraphs are several
    return whole if len(whole) <= WHOLE_ARTICLE else compose_lead(composer, hit)
