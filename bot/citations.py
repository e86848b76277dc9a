"""Rule-table citations turned into the same cited passages policy answers carry.

A deadline or eligibility answer quotes its rule's whole article, with the same
citation format, so every channel renders and checks them one way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from corpus import cached_corpus
from retrieval.citation import format_citation
from retrieval.hits import Hit


def hits_from_rules(citations: Iterable[Any]) -> tuple[Hit, ...]:
    """One Hit per distinct (document, article) among rule citations, in order."""
    corpus = cached_corpus()
    seen: set[tuple[str, int]] = set()
    hits: list[Hit] = []
    for citation in citations:
        key = (citation.doc_key, citation.article)
        if key in seen:
            continue
        seen.add(key)
        document = corpus.document(citation.doc_key)
        article = document.article(citation.article)
        hits.append(
            Hit(
                doc_key=document.meta.key,
                doc_title=document.meta.title,
                doc_number=document.meta.doc_number,
                jurisdiction=document.meta.jurisdiction.value,
                article=article.number,
                article_label=article.label,
                chapter=article.chapter,
                text=article.text,
                score=1.0,
                citation=format_citation(document.meta, article),
                chunk_id=f"{document.meta.key}:{article.number}",
            )
        )
    return tuple(hits)
