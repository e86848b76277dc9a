"""Articles that must not lead though they rank first: a text's framing parts (why it was made,
its covering words, its 落款) and conditions to meet besides the basic ones ("还需满足以下条件").
An article whose list is announced as the noun asked ("以下工作纪律") comes first.
A mixin of bot/article_choice.py `ArticleChooser`, which supplies the coverage judgement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.article_text import whole_article
from bot.issued import asks_about_issue, signed_parts
from bot.shapes import shapes
from bot.structure import announced_lists

if TYPE_CHECKING:
    from bot.judgement import CoverageThresholds
    from retrieval.hits import Hit

__all__ = ["PastFraming"]

# How far down the hits an article announcing the asked list noun may come from.
NAMED_LIST_POOL = 5
# Characters of modifier the announced list noun must carry, as the question says it (工作 of 工作纪律).
NAMED_LIST_MODIFIER = 2


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

    def _named_list(self, question: str, hits: list[Hit]) -> list[Hit]:
        """`hits` with the one close article whose list is announced in the question's own
        words ("工作纪律都有哪几条" → "严格遵守以下工作纪律:") first, when the top's is not
        (its 条件 merely mention 纪律监督). A bare list noun (以下程序) is too common to tell
        which article: the modifier must be said too."""
        nouns = [n for group in shapes().list_nouns for n in group if n in question]
        if len(hits) < 2 or not nouns:
            return hits

        def announced(hit: Hit) -> bool:
            return any(
                len(phrase) >= len(n) + NAMED_LIST_MODIFIER and phrase in question
                for n in nouns for phrase in announced_lists(whole_article(hit), n)
            )

        if announced(hits[0]):
            return hits
        floor = self.thresholds.slot_ratio * hits[0].score
        named = [h for h in hits[1:NAMED_LIST_POOL] if h.score >= floor and announced(h)]
        if len(named) != 1 or not self.covers(question, named[0]):
            return hits
        return [named[0], *(h for h in hits if h is not named[0])]

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
