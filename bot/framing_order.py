"""Articles that must not lead though they rank first: a text's framing parts (why it was made,
its covering words, its 落款) and conditions to meet besides the basic ones ("还需满足以下条件").
A mixin of bot/article_choice.py `ArticleChooser`, which supplies the coverage judgement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.article_text import whole_article
from bot.issued import asks_about_issue, signed_parts
from bot.shapes import shapes

if TYPE_CHECKING:
    from bot.judgement import CoverageThresholds
    from retrieval.hits import Hit

__all__ = ["PastFraming"]


class PastFraming:
    """Reorders hits whose top is a framing part or a supplement (see the module docstring)."""

    thresholds: CoverageThresholds

    def covers(self, question: str, hit: Hit) -> bool:  # supplied by ArticleChooser
        raise NotImplementedError

    def _says_it_closer(self, question: str, top: Hit, other: Hit) -> bool:  # supplied by ArticleChooser
        raise NotImplementedError

    def _past_framing(self, question: str, hits: list[Hit]) -> list[Hit]:
        """`hits` with a leading framing part of a text (why it was made: "为……制定本办法"; its
        covering words: "现将《…》转发给你们"; its 落款) after the next covered, close one that is
        none of these, unless the question asks about the text itself (why, when, by whom)."""
        if len(hits) < 2 or not self._framing(hits[0]):
            return hits
        asked = shapes().purpose_asked
        if (asked is not None and asked.search(question)) or asks_about_issue(question):
            return hits
        ratio = self.thresholds.slot_ratio
        close = [h for h in hits[1:4] if h.score >= ratio * hits[0].score and not self._framing(h)]
        other = next((h for h in close if self.covers(question, h)), None)
        if other is None:
            return hits
        return [other, *(h for h in hits if h is not other)]

    def _past_supplement(self, question: str, hits: list[Hit]) -> list[Hit]:
        """`hits` with a close basic-conditions article of the same text before a leading one
        of conditions to meet besides ("还需满足以下条件", shapes.yaml `supplement`)."""
        clause, asked = shapes().supplement_clause, shapes().supplement_asked
        if len(hits) < 2 or clause is None or not clause.search(whole_article(hits[0])):
            return hits
        if asked is not None and asked.search(question):
            return hits  # "除了基本条件还要满足啥": the supplement is what it asks
        floor = self.thresholds.slot_ratio * hits[0].score
        base = next(
            (h for h in hits[1:4] if h.doc_key == hits[0].doc_key and h.score >= floor
             and not clause.search(whole_article(h)) and self.covers(question, h)),
            None,
        )
        if base is None or self._says_it_closer(question, hits[0], base) or self._names_its_case(question, hits[0], base):
            return hits
        return [base, *(h for h in hits if h is not base)]

    @staticmethod
    def _names_its_case(question: str, top: Hit, base: Hit) -> bool:
        """The question names a kind of body ("社会培训评价组织…还要满足啥条件") that the
        supplement speaks of and the basic article does not: the supplement is what it asks."""
        kinds = [k for k in shapes().kinds_of_body if k in question]
        return any(k in whole_article(top) and k not in whole_article(base) for k in kinds)

    @staticmethod
    def _framing(hit: Hit) -> bool:
        table = shapes()
        return (
            hit.article_label in signed_parts()
            or any(p is not None and p.search(hit.text) for p in (table.purpose_clause, table.covering_clause))
        )
