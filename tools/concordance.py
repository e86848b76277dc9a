"""Equivalent provisions across the regional texts, loaded from `corpus/rules/concordance.yaml`.

"那内蒙古呢" after 天津's 红黑榜 asks for the provision 内蒙古's text makes on the same point,
which it words otherwise (信用评价 分类定级 差异化监管): search by the first region's words
cannot always find it. The table says which articles of each text rule on the same point.
"""

from __future__ import annotations

from functools import lru_cache

from tools.rules import RuleModel, load_table

__all__ = ["Concept", "concordant_articles", "concordance"]


class Concept(RuleModel):
    """One point the texts rule on, with the articles of each text that rule on it."""

    concept: str
    articles: dict[str, tuple[int, ...]]  # doc key → article numbers
    words: tuple[str, ...] = ()  # the point in the texts' own words; a test checks each is in a listed article


class Concordance(RuleModel):
    concepts: tuple[Concept, ...]


@lru_cache(maxsize=1)
def concordance() -> Concordance:
    return load_table("concordance", Concordance)


def concordant_articles(cited: tuple[str, int], doc_key: str) -> tuple[int, ...]:
    """The articles of `doc_key` ruling on a point `cited` (doc key, article) rules on, in table
    order. An article ruling on several points (天津 第十二条: 备案流程, 承诺书, 有效期) gives
    the articles of each: which one the question is about is the caller's to weigh."""
    found: list[int] = []
    for concept in concordance().concepts:
        if cited[1] in concept.articles.get(cited[0], ()):
            found.extend(a for a in concept.articles.get(doc_key, ()) if a not in found)
    return tuple(found)
